#pragma once

// The hyper-parameters of Florence-2's BART language model (config.json's text_config) and the tensors
// they imply, named as the remote-code checkpoints name them (weight_names.h renames a native-port
// checkpoint to them). Plain C++, no libtorch.

#include "nn/config_util.h"
#include "runtime/sampling.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gc::nn::florence2 {

// Where the language model's tensors live in a remote-code Florence-2 checkpoint.
inline constexpr const char *kLanguagePrefix = "language_model.";

struct BartConfig {
    int64_t vocabSize = 51289, dModel = 768, maxPositions = 1024;
    int64_t encoderLayers = 6, encoderHeads = 12, encoderFfn = 3072;
    int64_t decoderLayers = 6, decoderHeads = 12, decoderFfn = 3072;
    // Multiplies the decoder's token embeddings by sqrt(d_model). The encoder's are never scaled:
    // Florence-2 hands it ready embeddings (image features, then shared(ids)).
    bool scaleEmbedding = false;
    bool tieWordEmbeddings = true;
    int64_t padId = 1, bosId = 0, eosId = 2, decoderStartId = 2;
    // Generation defaults the checkpoint was released with (text_config); -1 = processor off.
    int64_t numBeams = 3, noRepeatNgramSize = 3, forcedBosId = 0, forcedEosId = 2;
    bool earlyStopping = true;
    double lengthPenalty = 1.0;
};

// text_config of a Florence-2 config.json; throws io::FormatError for values out of range or an
// activation other than exact GELU.
[[nodiscard]] BartConfig parseBartConfig(const nlohmann::json &textConfig, const std::string &where);

// Appends every tensor the language model reads (remote-code names). The word embeddings are read
// from model.shared; encoder/decoder embed_tokens and final_logits_bias are in bartOptionalTensors.
void expectBartTensors(std::vector<ExpectedTensor> &out, const BartConfig &cfg, bool withLmHead);
// Tensors a checkpoint may store or leave out: the tied copies of the embeddings and final_logits_bias
// (zero when absent, as in the native transformers port, which has none).
void bartOptionalTensors(std::vector<ExpectedTensor> &out, const BartConfig &cfg);
// The generation settings text_config carries (the language model's generation_config in the
// reference): beams, early stopping, length penalty, n-gram ban, forced BOS/EOS, end and pad ids.
[[nodiscard]] runtime::SamplingParams generationDefaults(const BartConfig &cfg);

// The untied output layer's name (remote-code naming).
[[nodiscard]] std::string bartLmHeadName();

} // namespace gc::nn::florence2
