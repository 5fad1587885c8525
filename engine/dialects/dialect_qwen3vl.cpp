// Qwen3-VL: the Qwen2.5-VL JSON keys (bbox_2d / point_2d / label or any requested key), relative 0-1000.
#include "factories.h"
#include "qwen_json.h"

namespace gc::dialects {
namespace {

class Qwen3Vl final : public Dialect {
public:
    Qwen3Vl()
    {
        m_info.id = "qwen3-vl";
        m_info.displayName = "Qwen3-VL";
        m_info.source = "QwenLM/Qwen3-VL README.md, cookbooks/spatial_understanding.ipynb, "
                        "evaluation/ODinW-13/dataset_utils.py@96588727";
        m_info.space = CoordSpace::Scale1000;
        m_info.caps = {true, true, true, true, false, false, false, false};
        m_info.tasks = {
            {"detect", "",
             "Locate every instance that belongs to the following categories: '{input}'. Report bbox coordinates in "
             "JSON format.",
             false},
            {"point", "", "Point to every {input} in the image. Report point coordinates in JSON format.", false},
            {"refer", "", "Locate {input} in the image. Report bbox coordinates in JSON format.", false},
            {"region", "", "What is inside {input}?", true}, // issue #1927's form
            {"chat", "", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        return decodeJsonOrText(raw, options, style());
    }

    EncodeResult encode(const EncodeRequest &req) const override { return encodeJsonRegions(m_info, req, style()); }

private:
    static JsonGroundingStyle style()
    {
        return JsonGroundingStyle{}; // 0-1000 relative, x before y
    }

    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeQwen3Vl() { return std::make_unique<Qwen3Vl>(); }

} // namespace gc::dialects
