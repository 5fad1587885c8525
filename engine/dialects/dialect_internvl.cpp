// InternVL2 / 2.5: <ref>phrase</ref><box>[[x1, y1, x2, y2], ...]</box>, integers 0-1000.
#include "common.h"
#include "core/coords.h"
#include "encode_util.h"
#include "factories.h"
#include "tag_markup.h"

namespace gc::dialects {
namespace {

class InternVl final : public Dialect {
public:
    InternVl()
    {
        m_info.id = "internvl";
        m_info.displayName = "InternVL2 / 2.5";
        m_info.source = "OpenGVLab/InternVL streamlit_demo/app.py, internvl_chat/eval/refcoco/evaluate_grounding.py@2410d1db";
        m_info.space = CoordSpace::Scale1000;
        m_info.caps.boxIn = true;
        m_info.caps.boxOut = true;
        m_info.caps.polygonOut = true; // <quad> exists in the vocabulary
        m_info.tasks = {
            {"refer", "",
             "Please provide the bounding box coordinate of the region this sentence describes: <ref>{input}</ref>",
             false},
            {"detect", "", "Detect the <ref>{input}</ref> in the image with its bounding box.", false},
            {"region", "", "Please provide a short description for this region: {input}", true},
            {"chat", "", "{input}", false},
        };
        m_grammar.refOpen = "<ref>";
        m_grammar.refClose = "</ref>";
        m_grammar.boxOpen = "<box>";
        m_grammar.boxClose = "</box>";
        m_grammar.quadOpen = "<quad>";
        m_grammar.quadClose = "</quad>";
        m_grammar.strip = {"<|im_end|>", "<|endoftext|>"};
        // The demo divides by 1000 always; the refcoco eval only when the numbers sum to >= 4 (a
        // guard for models that answer 0-1 floats), which a model of this family does not.
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        return decodeTagMarkup(raw, options, m_grammar);
    }

    EncodeResult encode(const EncodeRequest &req) const override
    {
        // several boxes share one box list (ms-swift replace_bbox, norm1000)
        return encodeRefBoxList(m_info, req, {"<ref>", "</ref>", "<box>", "</box>", 1000});
    }

private:
    DialectInfo m_info;
    TagGrammar m_grammar;
};

} // namespace

std::unique_ptr<Dialect> makeInternVl() { return std::make_unique<InternVl>(); }

} // namespace gc::dialects
