#include "segment/segmenter.h"

#include <cstring>

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

uint64_t imageHash(const io::RgbImage &image)
{
    // FNV-1a over 8-byte words: a few ms for a 12 MP photo, and collisions between two images of
    // one session are not a practical concern for a cache key that also includes the size.
    uint64_t h = 1469598103934665603ull;
    const auto mix = [&h](uint64_t v) {
        h ^= v;
        h *= 1099511628211ull;
    };
    mix(uint64_t(uint32_t(image.width)) << 32 | uint32_t(image.height));
    const uint8_t *p = image.pixels.data();
    const size_t n = image.pixels.size();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        std::memcpy(&v, p + i, 8);
        mix(v);
    }
    for (; i < n; ++i)
        mix(p[i]);
    return h;
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
