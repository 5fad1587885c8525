#pragma once

// Kosmos-2 hyper-parameters read from config.json, and the checkpoint layout they imply.

#include "io/safetensors.h"
#include "nn/clip_vision_config.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gc::nn::kosmos2 {

struct TextConfig {
    int64_t vocabSize = 65037, embedDim = 2048, layers = 24, heads = 32, ffnDim = 8192;
    double layerNormEps = 1e-5;
    bool scaleEmbedding = true;
    int64_t maxPositions = 2048;
    int64_t padId = 1, bosId = 0, eosId = 2;
    int64_t noRepeatNgramSize = 3;
    std::string act = "gelu";
};

// Where the CLIP vision tower's tensors live in a Kosmos-2 checkpoint.
inline constexpr const char *kVisionPrefix = "vision_model.model.";

struct Config {
    ClipVisionConfig vision; // the CLIP tower under vision_model.model.
    TextConfig text;
    int64_t latentQueryNum = 64;
    bool tieWordEmbeddings = true;
};

// Throws io::FormatError for a config that is not Kosmos-2 or has inconsistent sizes.
[[nodiscard]] Config parseConfig(const nlohmann::json &config, const std::string &where);

// Every tensor the model reads, in checkpoint order of appearance in the reference module tree.
// lm_head is listed only when `withLmHead`.
[[nodiscard]] std::vector<ExpectedTensor> expectedTensors(const Config &cfg, bool withLmHead);

// Checks names, shapes and dtypes (F32/F16/BF16) of the checkpoint against the config; throws
// io::FormatError naming the first mismatch. Returns whether an untied lm_head is stored.
bool validateWeights(const Config &cfg, const io::SafeTensors &weights);

} // namespace gc::nn::kosmos2
