#pragma once

// The pixel size an image file declares in its header, read without decoding: what a decoder would
// allocate, so that a small file that expands to gigabytes (a decompression bomb) is refused first.

#include <cstdint>
#include <optional>
#include <string>

namespace gc::io {

struct ImageExtent {
    int64_t width = 0;
    int64_t height = 0;
    [[nodiscard]] int64_t pixels() const { return width * height; }
};

// PNG, JPEG, BMP, WebP, TIFF (first page), PNM/PFM and Sun raster, as OpenCV decodes them; nullopt for
// any other format or a header too damaged to say.
[[nodiscard]] std::optional<ImageExtent> readImageExtent(const std::string &path);

} // namespace gc::io
