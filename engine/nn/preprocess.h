#pragma once

// CLIP-style image preprocessing exactly as the Hugging Face reference computes it: Pillow's 8-bit
// fixed-point bicubic resize, then x/255 and mean/std normalisation. Plain C++, no libtorch.

#include "io/image_loader.h"

#include <nlohmann/json.hpp>

#include <array>
#include <vector>

namespace gc::nn {

// Bit-exact port of Pillow's uint8 resample path (libImaging/Resample.c) for the bicubic filter.
[[nodiscard]] io::RgbImage resizeBicubicPillow(const io::RgbImage &in, int outWidth, int outHeight);

struct ClipPreprocessConfig {
    int height = 224;
    int width = 224;
    double rescaleFactor = 1.0 / 255.0;
    std::array<float, 3> mean{0.48145466f, 0.4578275f, 0.40821073f};
    std::array<float, 3> std{0.26862954f, 0.26130258f, 0.27577711f};
};

// preprocessor_config.json over `defaults`: size ({"height", "width"}, or the legacy {"shortest_edge": S}
// meaning S x S), image_mean, image_std, rescale_factor. Throws io::FormatError for values of the wrong
// type or sizes outside 1..8192.
[[nodiscard]] ClipPreprocessConfig parseClipPreprocessConfig(const nlohmann::json &pc, ClipPreprocessConfig defaults);

// Returns channels-first float32 [3, height, width].
[[nodiscard]] std::vector<float> clipPreprocess(const io::RgbImage &image, const ClipPreprocessConfig &cfg);

} // namespace gc::nn
