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
// A model that shrinks every image to a small input frame does not need a large photo decoded whole.
// `image` is what was decoded; `width` x `height` is the image's own size (EXIF orientation applied),
// the frame in which answers' coordinates are given.
struct FramedImage {
    RgbImage image;
    int width = 0;
    int height = 0;
    [[nodiscard]] bool reduced() const { return image.width != width || image.height != height; }
};
// As loadImageRgb, but a JPEG beyond kExactDecodePixels is decoded at 1/2, 1/4 or 1/8 of its size while
// each side stays at least kReducedFrameMargin times the model's `frameWidth` x `frameHeight` input.
[[nodiscard]] FramedImage loadImageRgbForFrame(const std::string &path, int frameWidth, int frameHeight,
                                               int64_t maxPixels = kDefaultMaxImagePixels);
// Images up to this size decode whole, so that the model sees the reference's pixel_values bit for bit.
constexpr int64_t kExactDecodePixels = 24000000;
constexpr int kReducedFrameMargin = 4;

// Writes an RGB image (PNG/JPEG by extension); throws FormatError on failure.
void saveImageRgb(const std::string &path, const RgbImage &image);

} // namespace gc::io
