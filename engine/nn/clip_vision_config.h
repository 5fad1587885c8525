#pragma once

// Hyper-parameters and checkpoint layout of a CLIP-style vision tower (patch embedding, class token,
// learned positions, pre-LayerNorm transformer), as Kosmos-2 and the LLaVA family use it. Plain C++.

#include "nn/config_util.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gc::nn {

struct ClipVisionConfig {
    int64_t hiddenSize = 1024, intermediateSize = 4096, layers = 24, heads = 16;
    int64_t imageSize = 224, patchSize = 14, channels = 3;
    double layerNormEps = 1e-5;
    std::string act = "quick_gelu";
    [[nodiscard]] int64_t gridSize() const { return imageSize / patchSize; }
    [[nodiscard]] int64_t tokens() const { return gridSize() * gridSize() + 1; }
};

// transformers' CLIPVisionConfig class defaults (ViT-B/32), which a saved LLaVA config leaves out; the struct's
// own defaults are Kosmos-2's vision config (ViT-L/14).
[[nodiscard]] ClipVisionConfig clipVisionClassDefaults();

// Reads a Hugging Face CLIPVisionConfig object (`section` names it in messages: "vision_config."), absent keys
// taken from `defaults`; throws io::FormatError for inconsistent sizes or an activation the tower does not compute.
[[nodiscard]] ClipVisionConfig parseClipVisionConfig(const nlohmann::json &v, const std::string &where,
                                                     const char *section, const ClipVisionConfig &defaults = {});

// The tower's tensors under `prefix` ("vision_model.model."), in the reference module order, and the
// prefix of its numbered layers.
void expectClipVisionTensors(std::vector<ExpectedTensor> &out, const ClipVisionConfig &c, const std::string &prefix);
[[nodiscard]] std::string clipVisionLayerPrefix(const std::string &prefix);

} // namespace gc::nn
