#include "segment/segmenter.h"

namespace gc::seg {

SegmentResult Segmenter::segment(const io::RgbImage &image, const Prompts &prompts)
{
    if (std::string err = setImage(image); !err.empty()) {
        SegmentResult r;
        r.error = std::move(err);
        return r;
    }
    return segment(prompts);
}

std::string validateImage(const io::RgbImage &image)
{
    if (image.width <= 0 || image.height <= 0)
        return "empty image";
    if (image.pixels.size() != size_t(image.width) * size_t(image.height) * 3)
        return "image buffer does not match its size";
    return {};
}

} // namespace gc::seg
