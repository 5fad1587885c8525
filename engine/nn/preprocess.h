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
    int height = 224; // what the tower takes: the resized image, or its centre crop
    int width = 224;
    // CLIPImageProcessor's shortest-edge resize: when > 0, the image keeps its aspect and its shorter side
    // becomes this (the longer one int(S·long/short)), then the centre height x width is cut out.
    int shortestEdge = 0;
    // The original LLaVA's image_aspect_ratio "pad" (expand2square): the image first centred on a square of the
    // mean colour (as bytes, int(mean·255)), so that nothing is cropped away.
    bool padToSquare = false;
    double rescaleFactor = 1.0 / 255.0;
    std::array<float, 3> mean{0.48145466f, 0.4578275f, 0.40821073f};
    std::array<float, 3> std{0.26862954f, 0.26130258f, 0.27577711f};
};

// preprocessor_config.json over `defaults`: size ({"height", "width"}, or the legacy {"shortest_edge": S}
// meaning S x S), image_mean, image_std, rescale_factor. Throws io::FormatError for values of the wrong
// type or sizes outside 1..8192.
[[nodiscard]] ClipPreprocessConfig parseClipPreprocessConfig(const nlohmann::json &pc, ClipPreprocessConfig defaults);

// The CLIP image processor of LLaVA-style snapshots (size.shortest_edge, do_center_crop, crop_size) over
// `defaults` (their shortestEdge and crop when the file names none): a shortest edge with a centre crop resizes
// keeping the aspect, an explicit height and width resizes to them. Throws
// io::FormatError for a crop larger than the shortest edge or a non-square result without a crop.
[[nodiscard]] ClipPreprocessConfig parseClipImageProcessor(const nlohmann::json &pc, ClipPreprocessConfig defaults);

// The image centred on a square of `fill` (the original LLaVA's expand2square); a square image as it is.
[[nodiscard]] io::RgbImage expandToSquare(const io::RgbImage &image, const std::array<uint8_t, 3> &fill);

// Returns channels-first float32 [3, height, width].
[[nodiscard]] std::vector<float> clipPreprocess(const io::RgbImage &image, const ClipPreprocessConfig &cfg);

} // namespace gc::nn
