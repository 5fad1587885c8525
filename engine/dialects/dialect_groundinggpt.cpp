// GroundingGPT: `[x1, y1, x2, y2]` floats with three decimals in 0..1 of the image padded to a square
// (mean-colour expand2square), right after the phrase; adjacent boxes `[..][..]` ground one phrase.
#include "common.h"
#include "factories.h"
#include "unit_boxes.h"

#include "core/coords.h"

#include <algorithm>
#include <cmath>

namespace gc::dialects {
namespace {

// lego/mm_utils.py postprocess_output: square unit -> pixels of the square rounded to integers, minus the
// integer pad offset, divided by the image side and rounded to three decimals. Reproduced exactly (with
// Python's half-to-even round) so that our boxes equal the model's own demo.
double toImageUnit(double v, double side, double pad, double extent)
{
    const double px = coords::roundHalfEven(v * side) - pad;
    return coords::roundHalfEven(px / extent * 1000.0) / 1000.0;
}

class GroundingGpt final : public Dialect {
public:
    GroundingGpt()
    {
        m_info.id = "groundinggpt";
        m_info.displayName = "GroundingGPT";
        m_info.source = "lzw-lzw/GroundingGPT lego/mm_utils.py@8afe7887 (expand2square, postprocess_output)";
        m_info.space = CoordSpace::PaddedSquare;
        m_info.caps.boxIn = m_info.caps.boxOut = true;
        m_info.tasks = {
            // lego/serve/gradio_web_server.py l.177 and l.181 (demo examples)
            {"grounded-caption", "", "Please describe the image and include the object positions in [x0, y0, x1, y1] format.", false},
            {"detailed", "", "Describe the image and provide the coordinates for the objects mentioned.", false},
            // GroundingGPT publishes no REC/REG prompt; these follow the Shikra wording its data builds on
            {"refer", "", "Where is {input} in the image? Answer in [x0, y0, x1, y1] format.", false},
            {"region", "", "Can you give me a description of the region {input} in the image?", true},
            {"chat", "", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        const SizeI image = options.imageSize;
        const auto toImage = [image](const Box &v) {
            if (!image.isValid())
                return v;
            const double w = image.width, h = image.height;
            const double side = std::max(w, h);
            const double padX = w < h ? double((image.height - image.width) / 2) : 0.0;
            const double padY = h < w ? double((image.width - image.height) / 2) : 0.0;
            return Box{toImageUnit(v.x1, side, padX, w), toImageUnit(v.y1, side, padY, h), toImageUnit(v.x2, side, padX, w),
                       toImageUnit(v.y2, side, padY, h)};
        };
        return decodeUnitBoxes(raw, options, {"GroundingGPT", 3, "", {}, toImage});
    }

    EncodeResult encode(const EncodeRequest &request) const override
    {
        const SizeI image = request.imageSize;
        const auto toSquare = [image](const Box &u) {
            const PointF a = coords::imageToSquare({u.x1, u.y1}, image), b = coords::imageToSquare({u.x2, u.y2}, image);
            return Box{a.x, a.y, b.x, b.y};
        };
        return encodeUnitBoxes(m_info, request, {"GroundingGPT", 3, "", toSquare, {}});
    }

private:
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeGroundingGpt() { return std::make_unique<GroundingGpt>(); }

} // namespace gc::dialects
