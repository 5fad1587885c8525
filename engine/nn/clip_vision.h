#pragma once

// A CLIP-style vision tower as a reusable block: patch embedding, class token, learned positions,
// pre-LayerNorm, pre-norm transformer layers and the post-LayerNorm. An architecture owns one and maps
// its output to the text model its own way (Kosmos-2: latent-query attention; LLaVA: an MLP on the
// patch rows). Internal header (ATen).

#include "nn/clip_vision_config.h"
#include "nn/layers.h"

#include <vector>

namespace gc::nn {

struct ClipVisionOutput {
    at::Tensor lastHiddenState;           // [B, N+1, D], before post_layernorm
    std::vector<at::Tensor> hiddenStates; // only when asked for: the embeddings, then each layer's output
};

class ClipVisionTower {
public:
    ClipVisionTower() = default;
    // Reads the tensors listed by expectClipVisionTensors(cfg, prefix); `stop` is asked before each layer's.
    ClipVisionTower(const WeightStore &w, const std::string &prefix, ClipVisionConfig cfg, const StopCheck &stop = {});
    [[nodiscard]] const ClipVisionConfig &config() const { return m_cfg; }

    // pixels [B, C, S, S] float32; `stop` is asked before each layer. Only the first `layers` layers run when it
    // is given (LLaVA reads the second-to-last layer's output and never needs the last).
    [[nodiscard]] ClipVisionOutput forward(const at::Tensor &pixels, bool keepHiddenStates, const StopCheck &stop,
                                           int64_t layers = -1) const;
    [[nodiscard]] at::Tensor postLayerNorm(const at::Tensor &x) const { return m_postLn(x); }
    // Transformer layer i alone on x [B, N+1, D]: lets a test feed each layer a reference input and so
    // measure that layer's own error apart from what earlier layers pass on.
    [[nodiscard]] at::Tensor layer(size_t i, const at::Tensor &x) const;
    [[nodiscard]] size_t layerCount() const { return m_layers.size(); }

private:
    struct Layer {
        LayerNorm ln1, ln2;
        Linear q, k, v, o, fc1, fc2;
    };
    ClipVisionConfig m_cfg;
    at::Tensor m_classEmb, m_patchW, m_posEmb;
    LayerNorm m_preLn, m_postLn;
    std::vector<Layer> m_layers;
};

} // namespace gc::nn
