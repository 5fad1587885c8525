#pragma once

// The cache key of decoded pixels: the vision encoder's and the segmenters' embedding caches look an image up by
// it. It lives only as long as the process, so it is fast (FNV-1a over 8-byte words: a few ms for a 12 MP
// photo) rather than cryptographic; collisions between the images of one session are not a practical concern
// for a key that also holds the size. Not to be confused with the session file's name for an embedded image's
// bytes (app/session/session_io.cpp), which must be stable across runs and machines.

#include "io/image_loader.h"

#include <cstdint>
#include <cstring>

namespace gc::io {

[[nodiscard]] inline uint64_t imageHash(const RgbImage &image)
{
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

} // namespace gc::io
