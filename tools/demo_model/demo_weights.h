#pragma once

// The demo model's size (a config.json in Kosmos-2's schema), its initial weights and the safetensors
// writer the trainer saves with. Internal to tools/demo_model: exposes ATen types.

#include "nn/kosmos2/config.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace gc::demo {

constexpr int kImageSize = 128;

// config.json for a tokenizer of `vocab` ids.
[[nodiscard]] nlohmann::json demoConfig(int64_t vocab);

// Every tensor of `cfg` (names and shapes from nn::kosmos2::expectedTensors), initialised from the
// global ATen generator. Patch-index embeddings get a 2-D sinusoidal code of their cell, so neighbouring
// cells start out similar (the output layer is tied to them) and boxes are learnt far faster.
[[nodiscard]] std::map<std::string, at::Tensor> initWeights(const nn::kosmos2::Config &cfg, int64_t firstPatchId);

// Writes F32 tensors in expectedTensors order (the reference's module order).
void saveSafetensors(const std::string &path, const nn::kosmos2::Config &cfg,
                     const std::map<std::string, at::Tensor> &weights);

} // namespace gc::demo
