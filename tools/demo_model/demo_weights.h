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
constexpr int kGrid = 8;              // kImageSize / patch size: the vision grid, one latent query per cell
constexpr int64_t kCodeDims = 32;     // dimensions of the vision stream that carry a patch's position code
constexpr double kRouterSharpness = 3.0; // scale of the latent queries' position codes at initialisation

// Starts the vision tower and resampler as a spatial router: the vision position embeddings carry a 2-D
// code in a subspace the patch content and (initially) the layers do not write, and latent query i
// attends to patch i by matching that code, so image embedding i starts as patch i's features.
// Starts head 0 of every text layer attending to the image tokens (see demo_weights.cpp).
constexpr double kImageFlag = 3.0, kImageKey = 1.5, kImageQuery = 8.0;
void imageAttentionInit(const nn::kosmos2::Config &cfg, std::map<std::string, at::Tensor> &w);

void gridAlignedVisionInit(const nn::kosmos2::Config &cfg, std::map<std::string, at::Tensor> &w);

// config.json for a tokenizer of `vocab` ids.
[[nodiscard]] nlohmann::json demoConfig(int64_t vocab);

// Every tensor of `cfg` (names and shapes from nn::kosmos2::expectedTensors), initialised from the
// global ATen generator. Patch-index embeddings get a 2-D sinusoidal code of their cell, so neighbouring
// cells start out similar (the output layer is tied to them) and boxes are learnt far faster.
// sharedCellCode: code the cells like the vision positions instead (an experiment; see the README).
[[nodiscard]] std::map<std::string, at::Tensor> initWeights(const nn::kosmos2::Config &cfg, int64_t firstPatchId,
                                                          bool sharedCellCode = false);

// Writes F32 tensors in expectedTensors order (the reference's module order).
void saveSafetensors(const std::string &path, const nn::kosmos2::Config &cfg,
                     const std::map<std::string, at::Tensor> &weights);

} // namespace gc::demo
