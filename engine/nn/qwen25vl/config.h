#pragma once

// Qwen2.5-VL's language-model hyper-parameters and special token ids from config.json (transformers 4.49's
// class defaults for the keys a saved config leaves out). The vision tower's keys are read by
// vision_config.h. Plain C++.

#include "nn/qwen25vl/rope_index.h"
#include "nn/rope_decoder_config.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gc::nn::qwen25vl {

struct Config {
    RopeDecoderConfig text;
    VisionTokens vision;
    int64_t visionEnd = 151653;
    int64_t mergeSize = 2; // vision_config.spatial_merge_size
    int64_t bosId = 151643, eosId = 151645, padId = 151643;
};

// Throws io::FormatError naming `where` for a config that is not Qwen2.5-VL or whose text model is not
// M-RoPE.
[[nodiscard]] Config parseConfig(const nlohmann::json &config, const std::string &where);

} // namespace gc::nn::qwen25vl
