// Gemini: JSON [{"box_2d": [ymin, xmin, ymax, xmax], "label": ...}] or {"point": [y, x]}, 0-1000, y first.
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
        return decodeJsonOrText(raw, options, style());
    }

    EncodeResult encode(const EncodeRequest &req) const override { return encodeJsonRegions(m_info, req, style()); }

private:
    static JsonGroundingStyle style()
    {
        JsonGroundingStyle st;
        st.boxKeys = {"box_2d"};
        st.pointKeys = {"point"};
        st.yFirst = true;
        return st;
    }

    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeGemini() { return std::make_unique<Gemini>(); }

} // namespace gc::dialects
