#pragma once

// Qwen2.5-VL's image processor (transformers 4.49 Qwen2VLImageProcessor): smart_resize to multiples of
// patch_size x merge_size within min_pixels..max_pixels, Pillow's bicubic resize, x/255, CLIP mean/std, the
// frame repeated to temporal_patch_size, and the patches flattened in merge blocks. Bit-exact against the
// reference's pixel_values. Plain C++.

#include "core/geometry.h"
#include "io/image_loader.h"
#include "nn/preprocess.h"
#include "nn/qwen25vl/vision_layout.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace gc::nn::qwen25vl {

struct ProcessorConfig {
    int64_t patchSize = 14, temporalPatchSize = 2, mergeSize = 2;
    // The class defaults, not the released files' (min 3136, max 12845056): what a folder without the keys gets.
    // The speed/detail trade-off a user may set per model.
    int64_t minPixels = 56 * 56, maxPixels = 28 * 28 * 1280;
    ClipPreprocessConfig normalisation; // its height and width are unused: the resize decides them per image
    [[nodiscard]] int64_t factor() const { return patchSize * mergeSize; }
};

// preprocessor_config.json over the class defaults: min_pixels / max_pixels (else size.shortest_edge /
// longest_edge, which mirror them), patch_size, temporal_patch_size, merge_size, rescale_factor, image_mean,
// image_std. Throws io::FormatError for values of the wrong type or out of bounds, min_pixels above
// max_pixels, or a resample filter other than bicubic.
[[nodiscard]] ProcessorConfig parseProcessorConfig(const nlohmann::json &preprocessorConfig);

// `cfg` with the bounds a user set (RuntimeSettings::minPixels/maxPixels; 0 keeps the folder's). Throws
// std::invalid_argument when the minimum is above the maximum.
[[nodiscard]] ProcessorConfig withPixelBudget(ProcessorConfig cfg, int64_t minPixels, int64_t maxPixels);

// The size the model sees `image` at (smart_resize). Sides below the factor are raised to it, as qwen-vl-utils
// and later transformers do (4.49 refuses them). Throws io::FormatError for an empty image or an aspect ratio
// above 200.
[[nodiscard]] SizeI resizedSize(SizeI image, const ProcessorConfig &cfg);

struct ProcessedImage {
    std::vector<float> pixelValues; // [grid.patches(), cols] row-major: one patch per row as [c][t][y][x]
    int64_t cols = 0;
    GridThw grid;                   // in patches
    SizeI resized;                  // the model's input frame: its answers' boxes are pixels of this size
    [[nodiscard]] int64_t rows() const { return grid.patches(); }
    // The image's tokens in the prompt: one per merge x merge patches.
    [[nodiscard]] int64_t tokens(int64_t merge) const { return grid.patches() / (merge * merge); }
};

// Throws io::FormatError for an empty or inconsistent pixel buffer and as resizedSize.
[[nodiscard]] ProcessedImage processImage(const io::RgbImage &image, const ProcessorConfig &cfg);

} // namespace gc::nn::qwen25vl
