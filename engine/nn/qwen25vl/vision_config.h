#pragma once

// Qwen2.5-VL's vision tower read from config.json's vision_config. A saved config leaves out the keys that
// equal the transformers 4.49 class defaults, and those defaults are not the released checkpoints' values
// (hidden_size 3584 where the checkpoints have 1280), so every default here is the class's. Plain C++.

#include "nn/config_util.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gc::nn::qwen25vl {

struct VisionConfig {
    int64_t depth = 32, hiddenSize = 3584, intermediateSize = 3420, heads = 16, channels = 3;
    int64_t patchSize = 14, mergeSize = 2, temporalPatchSize = 2;
    int64_t windowSize = 112;    // pixels of the resized image
    int64_t outHiddenSize = 3584; // the text model's width
    std::vector<int64_t> fullAttBlocks{7, 15, 23, 31};

    [[nodiscard]] int64_t headDim() const { return hiddenSize / heads; }
    // The width of a pixel_values row: one patch as [channel][frame][y][x].
    [[nodiscard]] int64_t patchDim() const { return channels * temporalPatchSize * patchSize * patchSize; }
    [[nodiscard]] int64_t mergeUnit() const { return mergeSize * mergeSize; }
    // The attention window's side in merged tokens.
    [[nodiscard]] int64_t windowTokens() const { return windowSize / mergeSize / patchSize; }
    [[nodiscard]] bool fullAttention(int64_t block) const;
};

// Reads `config`'s vision_config; `where` names config.json in messages. Throws io::FormatError for values out
// of bounds, a width the heads do not divide into rotary quarters, a window smaller than one merged token, a
// full-attention block index beyond the depth or an activation other than silu.
[[nodiscard]] VisionConfig parseVisionConfig(const nlohmann::json &config, const std::string &where);

// The tower's tensors under `prefix` ("visual."), in the reference module order.
void expectVisionTensors(std::vector<ExpectedTensor> &out, const VisionConfig &c, const std::string &prefix);

} // namespace gc::nn::qwen25vl
