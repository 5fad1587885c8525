#pragma once

// Kosmos-2 hyper-parameters read from config.json, and the checkpoint layout they imply.

#include "io/safetensors.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gc::nn::kosmos2 {

struct VisionConfig {
    int64_t hiddenSize = 1024, intermediateSize = 4096, layers = 24, heads = 16;
    int64_t imageSize = 224, patchSize = 14, channels = 3;
    double layerNormEps = 1e-5;
    std::string act = "quick_gelu";
    [[nodiscard]] int64_t gridSize() const { return imageSize / patchSize; }
    [[nodiscard]] int64_t tokens() const { return gridSize() * gridSize() + 1; }
};

struct TextConfig {
    int64_t vocabSize = 65037, embedDim = 2048, layers = 24, heads = 32, ffnDim = 8192;
    double layerNormEps = 1e-5;
    bool scaleEmbedding = true;
    int64_t maxPositions = 2048;
    int64_t padId = 1, bosId = 0, eosId = 2;
    int64_t noRepeatNgramSize = 3;
    std::string act = "gelu";
};

struct Config {
    VisionConfig vision;
    TextConfig text;
    int64_t latentQueryNum = 64;
    bool tieWordEmbeddings = true;
};

// Throws io::FormatError for a config that is not Kosmos-2 or has inconsistent sizes.
[[nodiscard]] Config parseConfig(const nlohmann::json &config, const std::string &where);

struct ExpectedTensor {
    std::string name;
    std::vector<int64_t> shape;
};

// Every tensor the model reads, in checkpoint order of appearance in the reference module tree.
// lm_head is listed only when `withLmHead`.
[[nodiscard]] std::vector<ExpectedTensor> expectedTensors(const Config &cfg, bool withLmHead);

// Checks names, shapes and dtypes (F32/F16/BF16) of the checkpoint against the config; throws
// io::FormatError naming the first mismatch. Returns whether an untied lm_head is stored.
bool validateWeights(const Config &cfg, const io::SafeTensors &weights);

} // namespace gc::nn::kosmos2
