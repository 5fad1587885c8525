#pragma once

// Hyper-parameters of a pre-norm rotary decoder (LLaMA, Mistral, Qwen2, Qwen2-VL's text model) read from the
// standard config.json keys, and the tensors they imply. Plain C++, no libtorch.

#include "nn/config_util.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gc::nn {

// transformers' rope_scaling of 1-D RoPE (modeling_rope_utils): the inverse frequencies divided by `factor`
// (linear); recomputed from a larger base once a pass reaches beyond max_position_embeddings (dynamic NTK); or
// divided by `factor` for wavelengths above originalMaxPositions / lowFreqFactor, kept below originalMaxPositions /
// highFreqFactor and blended between (llama3). None of these types scales the attention.
struct RopeScaling {
    enum class Type { None, Linear, Dynamic, Llama3 };
    Type type = Type::None;
    double factor = 1.0;
    double lowFreqFactor = 1.0, highFreqFactor = 4.0;
    int64_t originalMaxPositions = 8192;
};

struct RopeDecoderConfig {
    int64_t vocabSize = 32000, hidden = 4096, intermediate = 11008, layers = 32, heads = 32, kvHeads = 32;
    int64_t headDim = 128;
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    int64_t maxPositions = 2048; // max_position_embeddings: only the dynamic scaling reads it
    RopeScaling ropeScaling;
    bool qkvBias = false;    // Qwen2: q/k/v have biases; LLaMA's attention_bias puts them on o_proj too
    bool outputBias = false;
    bool tieWordEmbeddings = false;
    // Qwen2-VL's multimodal RoPE: rotary frequency j takes its angle from axis (t, h, w) by these section
    // sizes, which sum to headDim / 2; empty for the plain 1-D RoPE.
    std::vector<int64_t> mropeSection;
};

// The keys' defaults where a family's config class differs from LLaMA's (a saved config leaves out the keys
// equal to its class defaults).
struct RopeDecoderDefaults {
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    bool qkvBias = false;
    bool tieWordEmbeddings = false;
    int64_t maxPositions = 2048;
};

// Reads hidden_size, intermediate_size, num_hidden_layers, num_attention_heads, num_key_value_heads,
// head_dim, vocab_size, rms_norm_eps, rope_theta, max_position_embeddings, attention_bias, tie_word_embeddings and
// rope_scaling (default, mrope, linear, dynamic or llama3; another scaling is an error, as a wrong rotary would
// silently degrade answers).
// Throws io::FormatError naming `where`.
[[nodiscard]] RopeDecoderConfig parseRopeDecoderConfig(const nlohmann::json &config, const RopeDecoderDefaults &defaults,
                                                       const std::string &where);

// Where a checkpoint keeps the decoder: `body` holds embed_tokens, layers.N. and norm ("model.",
// "language_model.model.", "model.language_model."); `lmHead` is the output layer's module, absent when tied.
struct RopeDecoderNames {
    std::string body = "model.";
    std::string lmHead = "lm_head";
};

// Every tensor the decoder reads (lm_head only when `withLmHead`).
[[nodiscard]] std::vector<ExpectedTensor> ropeDecoderTensors(const RopeDecoderConfig &cfg, const RopeDecoderNames &names,
                                                             bool withLmHead);

// Checks the checkpoint's decoder tensors against the config; returns whether an untied head is stored (a
// config that says untied but stores no head is an error).
bool validateRopeDecoder(const RopeDecoderConfig &cfg, const RopeDecoderNames &names, const io::SafeTensors &weights);

} // namespace gc::nn
