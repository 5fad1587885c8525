// Qwen-VL (v1): <ref>phrase</ref><box>(x1,y1),(x2,y2)</box>, integers in [0,1000).
#include "common.h"
#include "core/coords.h"
#include "encode_util.h"
#include "factories.h"
#include "tag_markup.h"

namespace gc::dialects {
namespace {

class QwenVl final : public Dialect {
public:
    QwenVl()
    {
        m_info.id = "qwen-vl";
        m_info.displayName = "Qwen-VL";
        m_info.source = "QwenLM/Qwen-VL README.md, TUTORIAL.md@aa00ed04";
        m_info.space = CoordSpace::Scale1000;
        m_info.caps.boxIn = true;
        m_info.caps.boxOut = true;
        m_info.caps.polygonOut = true; // <quad>
        m_info.tasks = {
            {"grounded-caption", "", "Generate the caption in English with grounding:", false},
            // REC eval prompt: the model completes the open <box>
            {"refer", "", "<ref>{input}</ref><box>", false},
            {"detect", "", "框出图中{input}的位置", false},
            // our wording; the region is written in the answer's own box syntax
            {"region", "", "What is in {input}?", true},
            {"chat", "", "{input}", false},
        };
        m_grammar.refOpen = "<ref>";
        m_grammar.refClose = "</ref>";
        m_grammar.boxOpen = "<box>";
        m_grammar.boxClose = "</box>";
        m_grammar.quadOpen = "<quad>";
        m_grammar.quadClose = "</quad>";
        m_grammar.strip = {"<|endoftext|>", "<|im_end|>"};
        // The drawing helper divides by 1000 (int(v/1000*w)); the grounding eval divides by 999.
        // 1000 is what the README documents ("[0, 1000)"), and the two differ by under one step.
        m_grammar.sx = m_grammar.sy = 1.0 / 1000;
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        return decodeTagMarkup(raw, options, m_grammar);
    }

    EncodeResult encode(const EncodeRequest &req) const override
    {
        bool first = true;
        return encodeRegions(m_info, req, "", [&](const PromptRegion &r, std::string &out, std::string &err) {
            if (r.kind != RegionKind::Box) {
                err = "Qwen-VL takes boxes only";
                return false;
            }
            const Box u = unitBoxOf(r, req.imageSize);
            // [0,1000): the top value is 999
            const auto q = [](double v) { return std::to_string(coords::toScaleRounded(v, 1000, 999)); };
            if (first && !req.phrase.empty())
                out = "<ref>" + req.phrase + "</ref>";
            first = false;
            out += "<box>(" + q(u.x1) + "," + q(u.y1) + "),(" + q(u.x2) + "," + q(u.y2) + ")</box>";
            return true;
        });
    }

private:
    DialectInfo m_info;
    TagGrammar m_grammar;
};

} // namespace

std::unique_ptr<Dialect> makeQwenVl() { return std::make_unique<QwenVl>(); }

} // namespace gc::dialects
