// LLaVA-1.5: `[x1, y1, x2, y2]` floats with two decimals in 0..1 of the square the model saw, right after the
// words they ground. The original repo pads the image to that square (expand2square with the mean colour), so
// the numbers are of the padded square; transformers' llava-hf processor crops its centre instead, and then they
// are of that centred square. The runtime picks the id that matches its preprocessing.
#include "common.h"
#include "factories.h"
#include "unit_boxes.h"

#include <algorithm>

namespace gc::dialects {
namespace {

// The padded square of side s = max(W, H), the image pasted at ((s - W)//2, (s - H)//2) as expand2square pastes
// it (integer offsets, spec §3.1).
PointF paddedToImage(PointF u, SizeI image)
{
    if (!image.isValid())
        return u;
    const int s = std::max(image.width, image.height);
    return {(u.x * s - (s - image.width) / 2) / image.width, (u.y * s - (s - image.height) / 2) / image.height};
}

PointF imageToPadded(PointF u, SizeI image)
{
    if (!image.isValid())
        return u;
    const int s = std::max(image.width, image.height);
    return {(u.x * image.width + (s - image.width) / 2) / s, (u.y * image.height + (s - image.height) / 2) / s};
}

// The centred square of side min(W, H) that a shortest-edge resize and centre crop keep, in unit coordinates
// of the image and back (to within one resized pixel: the crop offset is rounded in resized pixels).
PointF cropToImage(PointF u, SizeI image)
{
    if (!image.isValid())
        return u;
    const double w = image.width, h = image.height, s = std::min(w, h);
    return {(u.x * s + (w - s) / 2) / w, (u.y * s + (h - s) / 2) / h};
}

PointF imageToCrop(PointF u, SizeI image)
{
    if (!image.isValid())
        return u;
    const double w = image.width, h = image.height, s = std::min(w, h);
    return {(u.x * w - (w - s) / 2) / s, (u.y * h - (h - s) / 2) / s};
}

class Llava15 final : public Dialect {
public:
    explicit Llava15(bool centreCrop) : m_crop(centreCrop)
    {
        m_info.id = centreCrop ? "llava-1.5-crop" : "llava-1.5";
        m_info.displayName = centreCrop ? "LLaVA-1.5 (centre crop)" : "LLaVA-1.5";
        m_info.source = "haotian-liu/LLaVA llava/mm_utils.py (expand2square); LLaVA-1.5 paper arXiv:2310.03744 "
                        "appendix (response format prompts of the RefCOCO/VG data)";
        m_info.space = centreCrop ? CoordSpace::Unit : CoordSpace::PaddedSquare;
        m_info.caps.boxIn = m_info.caps.boxOut = true;
        m_info.tasks = {
            {"refer", "", "Please provide the bounding box coordinate of the region this sentence describes: {input}", false},
            {"region", "", "Please provide a short description for this region: {input}", true},
            {"short-answer", "", "{input}\nAnswer the question using a single word or phrase.", false},
            {"chat", "", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        return decodeUnitBoxes(raw, options, format(options.imageSize));
    }

    EncodeResult encode(const EncodeRequest &request) const override
    {
        return encodeUnitBoxes(m_info, request, format(request.imageSize));
    }

private:
    // two decimals, boxes separated by ", "; corners mapped through the crop or the padded square
    UnitBoxFormat format(SizeI image) const
    {
        const auto toImage = [this, image](PointF p) { return m_crop ? cropToImage(p, image) : paddedToImage(p, image); };
        const auto fromImage = [this, image](PointF p) { return m_crop ? imageToCrop(p, image) : imageToPadded(p, image); };
        const auto corners = [](const std::function<PointF(PointF)> &map) {
            return [map](const Box &b) {
                const PointF a = map({b.x1, b.y1}), c = map({b.x2, b.y2});
                return Box{a.x, a.y, c.x, c.y};
            };
        };
        return {"LLaVA-1.5", 2, ", ", corners(fromImage), corners(toImage)};
    }

    bool m_crop;
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeLlava15() { return std::make_unique<Llava15>(false); }
std::unique_ptr<Dialect> makeLlava15Crop() { return std::make_unique<Llava15>(true); }

} // namespace gc::dialects
