#pragma once

// The pixel size an image file declares in its header, read without decoding: what a decoder would
// allocate, so that a small file that expands to gigabytes (a decompression bomb) is refused first.

#include <cstdint>
#include <optional>
#include <string>

namespace gc::io {

enum class ImageFormat { Png, Jpeg, Bmp, WebP, Tiff, Pnm, SunRaster };

struct ImageExtent {
    int64_t width = 0;
    int64_t height = 0;
    ImageFormat format = ImageFormat::Png;
    [[nodiscard]] int64_t pixels() const { return width * height; }
};

// PNG, JPEG, BMP, WebP, TIFF (first page), PNM/PFM and Sun raster, as OpenCV decodes them; nullopt for
// any other format or a header too damaged to say.
[[nodiscard]] std::optional<ImageExtent> readImageExtent(const std::string &path);

// Whether a JPEG's data runs on to its end-of-image marker. libjpeg decodes a cut-off file without
// failing (it pads the missing part with grey and prints a warning); Pillow, the reference, refuses it
// as truncated, and so does GroundChat.
[[nodiscard]] bool jpegReachesEnd(const std::string &path);

} // namespace gc::io
