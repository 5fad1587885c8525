#pragma once

// Decodes an image file into 8-bit RGB, the way the reference sees it after Pillow's convert("RGB").

#include <cstdint>
#include <string>
#include <vector>

namespace gc::io {

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels; // HWC, RGB, row-major
    [[nodiscard]] bool empty() const { return pixels.empty(); }
};

// Pillow's decompression-bomb error threshold (twice its warning one): 179 megapixels, about 540 MB as RGB.
constexpr int64_t kDefaultMaxImagePixels = 178956970;

// The image's width and height from its header, without decoding. Throws FormatError when the format
// is not one whose header the loader reads, or when the image has more than `maxPixels` pixels.
struct ImageSize {
    int width = 0;
    int height = 0;
};
[[nodiscard]] ImageSize checkImageSize(const std::string &path, int64_t maxPixels = kDefaultMaxImagePixels);

// EXIF orientation is applied; alpha is dropped (as convert("RGB") does); greyscale becomes RGB;
// 16-bit samples are scaled to 8 bits. The size is checked against `maxPixels` from the header before
// anything is decoded. Throws gc::io::FormatError naming the file on failure.
[[nodiscard]] RgbImage loadImageRgb(const std::string &path, int64_t maxPixels = kDefaultMaxImagePixels);
// Writes an RGB image (PNG/JPEG by extension); throws FormatError on failure.
void saveImageRgb(const std::string &path, const RgbImage &image);

} // namespace gc::io
