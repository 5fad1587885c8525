#pragma once

// Qwen2-VL's multimodal position ids (transformers' get_rope_index, images only): text counts on all three
// axes; an image's merged tokens take (base, base + row, base + column), and the text after it continues
// from the block's largest position + 1. Plain C++.

#include <cstdint>
#include <vector>

namespace gc::nn::qwen25vl {

// An image's grid in merged tokens (the processor's grid_thw divided by the merge size on h and w).
struct MergedGrid {
    int64_t t = 1, h = 0, w = 0;
    [[nodiscard]] int64_t tokens() const { return t * h * w; }
};

struct VisionTokens {
    int64_t visionStart = 151652;
    int64_t imagePad = 151655;
};

struct RopeIndex {
    std::vector<int64_t> positions; // [3, B, L], row-major; padding positions are 1
    std::vector<int64_t> deltas;    // [B]: the largest position + 1 − L, added to the cache index while decoding
};

// `rows` [B][L] (left-padded), `mask` [B][L] (1 = real token), `grids` the images in order of appearance
// across the batch. An image is a <|vision_start|> directly followed by its <|image_pad|> run. Throws
// std::invalid_argument when the images and the grids disagree.
[[nodiscard]] RopeIndex ropeIndex(const std::vector<std::vector<int64_t>> &rows,
                                  const std::vector<std::vector<int64_t>> &mask, const std::vector<MergedGrid> &grids,
                                  const VisionTokens &tokens);

} // namespace gc::nn::qwen25vl
