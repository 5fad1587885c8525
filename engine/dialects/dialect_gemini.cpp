// Gemini: JSON [{"box_2d": [ymin, xmin, ymax, xmax], "label": ...}] or {"point": [y, x]}, 0-1000, y first.
#include "common.h"
#include "core/coords.h"
#include "encode_util.h"
#include "factories.h"
#include "qwen_json.h"

namespace gc::dialects {
namespace {

class Gemini final : public Dialect {
public:
    Gemini()
    {
        m_info.id = "gemini";
        m_info.displayName = "Gemini";
        m_info.source = "roboflow/supervision supervision/detection/vlm.py@7f7b25d7 (from_google_gemini); "
                        "Gemini API object-detection docs";
        m_info.space = CoordSpace::Scale1000;
        m_info.caps = {true, true, true, true, false, false, false, false};
        m_info.tasks = {
            {"detect", "",
             "Detect {input} in the image. Output a JSON list where each entry contains the 2D bounding box in "
             "\"box_2d\" and a text label in \"label\".",
             false},
            {"point", "",
             "Point to {input} in the image. Answer as a JSON list of {\"point\": [y, x], \"label\": ...} with "
             "coordinates normalized to 0-1000.",
             false},
            {"region", "", "What is in the region {input}?", true},
            {"chat", "", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        JsonGroundingStyle st;
        st.boxKeys = {"box_2d"};
        st.pointKeys = {"point"};
        st.yFirst = true;
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
                out = "{\"point\": [" + q(p.y) + ", " + q(p.x) + "]" + label + "}";
                return true;
            }
            if (r.kind != RegionKind::Box) {
                err = "Gemini prompts take boxes and points only";
                return false;
            }
            const Box u = unitBoxOf(r, req.imageSize);
            out = "{\"box_2d\": [" + q(u.y1) + ", " + q(u.x1) + ", " + q(u.y2) + ", " + q(u.x2) + "]" + label + "}";
            return true;
        });
    }

private:
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeGemini() { return std::make_unique<Gemini>(); }

} // namespace gc::dialects
