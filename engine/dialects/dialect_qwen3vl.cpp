// Qwen3-VL: the Qwen2.5-VL JSON keys (bbox_2d / point_2d / label or any requested key), relative 0-1000.
#include "common.h"
#include "core/coords.h"
#include "core/utf8.h"
#include "encode_util.h"
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
        JsonGroundingStyle st; // 0-1000 relative, x before y
        if (auto j = decodeJsonGrounding(raw, options, st))
            return std::move(*j);
        GroundedTextBuilder b;
        b.appendText(raw.substr(0, stableLength(raw, options.partial)));
        return b.finish();
    }

    EncodeResult encode(const EncodeRequest &req) const override
    {
        const auto q = [](double v) { return std::to_string(coords::toScaleRounded(v, 1000, 1000)); };
        return encodeRegions(m_info, req, ", ", [&](const PromptRegion &r, std::string &out, std::string &err) {
            const std::string label = req.phrase.empty() ? "" : ", \"label\": \"" + req.phrase + "\"";
            if (r.kind == RegionKind::Point) {
                const PointF p = unitPointOf(r, req.imageSize);
                out = "{\"point_2d\": [" + q(p.x) + ", " + q(p.y) + "]" + label + "}";
                return true;
            }
            if (r.kind != RegionKind::Box) {
                err = "Qwen3-VL takes boxes and points only";
                return false;
            }
            const Box u = unitBoxOf(r, req.imageSize);
            out = "{\"bbox_2d\": [" + q(u.x1) + ", " + q(u.y1) + ", " + q(u.x2) + ", " + q(u.y2) + "]" + label + "}";
            return true;
        });
    }

private:
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeQwen3Vl() { return std::make_unique<Qwen3Vl>(); }

} // namespace gc::dialects
