// DeepSeek-VL2: <|ref|>phrase<|/ref|><|det|>[[x1, y1, x2, y2], ...]<|/det|>, integers 0-999 divided by 999.
#include "common.h"
#include "core/coords.h"
#include "encode_util.h"
#include "factories.h"
#include "tag_markup.h"

namespace gc::dialects {
namespace {

class DeepSeekVl2 final : public Dialect {
public:
    DeepSeekVl2()
    {
        m_info.id = "deepseek-vl2";
        m_info.displayName = "DeepSeek-VL2";
        m_info.source = "deepseek-ai/DeepSeek-VL2 README.md, deepseek_vl2/serve/app_modules/utils.py@ef9f91e2";
        m_info.space = CoordSpace::Scale999;
        // Not a documented input form: a user box is written in the answer's own <|det|> syntax.
        m_info.caps.boxIn = true;
        m_info.caps.boxOut = true;
        m_info.tasks = {
            {"refer", "", "<|ref|>{input}<|/ref|>.", false},
            {"grounded-caption", "<|grounding|>", "<|grounding|>Describe the image in detail.", false},
            {"detect", "<|grounding|>", "<|grounding|>Find all <|ref|>{input}<|/ref|>.", false},
            {"region", "", "What is in {input}?", true},
            {"chat", "", "{input}", false},
        };
        m_grammar.refOpen = "<|ref|>";
        m_grammar.refClose = "<|/ref|>";
        m_grammar.boxOpen = "<|det|>";
        m_grammar.boxClose = "<|/det|>";
        // the end-of-sentence token is written with full-width bars and U+2581
        m_grammar.strip = {"<\xEF\xBD\x9C" "end\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>", "<|grounding|>",
                           "<|end_of_sentence|>"};
        // the web demo maps int(v/999*W): 999 is the full extent
        m_grammar.sx = m_grammar.sy = 1.0 / 999;
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        return decodeTagMarkup(raw, options, m_grammar);
    }

    EncodeResult encode(const EncodeRequest &req) const override
    {
        // the web demo's 0..999 grid, several boxes in one det list
        return encodeRefBoxList(m_info, req, {"<|ref|>", "<|/ref|>", "<|det|>", "<|/det|>", 999});
    }

private:
    DialectInfo m_info;
    TagGrammar m_grammar;
};

} // namespace

std::unique_ptr<Dialect> makeDeepSeekVl2() { return std::make_unique<DeepSeekVl2>(); }

} // namespace gc::dialects
