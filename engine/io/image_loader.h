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

// EXIF orientation is applied; alpha is dropped (as convert("RGB") does); greyscale becomes RGB;
// 16-bit samples are scaled to 8 bits. Throws gc::io::FormatError naming the file on failure.
[[nodiscard]] RgbImage loadImageRgb(const std::string &path);
// Writes an RGB image (PNG/JPEG by extension); throws FormatError on failure.
void saveImageRgb(const std::string &path, const RgbImage &image);

} // namespace gc::io
