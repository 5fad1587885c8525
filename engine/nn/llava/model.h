#pragma once

// LLaVA's forward pass: the CLIP tower (nn/clip_vision.h) read at the configured layer, the two-layer GELU
// projector, and the LLaMA decoder (nn/rope_decoder.h). The merge of image rows into the prompt and the
// positions belong to the decode state. Internal header (ATen).

#include "nn/clip_vision.h"
#include "nn/layers.h"
#include "nn/llava/config.h"
#include "nn/llava/ferret_region_sampler.h"
#include "nn/rope_decoder.h"

#include <vector>

namespace gc::nn::llava {

struct VisionOutput {
    std::vector<at::Tensor> hiddenStates; // only when asked for: the embeddings, then each layer run
    at::Tensor selected;                  // [B, N, Dv] the feature layer, CLS dropped unless "full"
    at::Tensor imageFeatures;             // [B, N, D] the projector's output
};

class Model {
public:
    // Reads tensors under transformers' names; `stop` is asked before each layer's weights.
    Model(Config cfg, WeightStore weights, const StopCheck &stop = {});
    [[nodiscard]] const Config &config() const { return m_cfg; }
    [[nodiscard]] const WeightStore &weights() const { return m_w; }
    [[nodiscard]] const ClipVisionTower &visionTower() const { return m_vision; }
    [[nodiscard]] const RopeDecoder &decoder() const { return m_decoder; }

    // pixels [B, 3, S, S]; `stop` is asked before each layer.
    [[nodiscard]] VisionOutput encodeImage(const at::Tensor &pixels, bool keepHiddenStates = false,
                                           const StopCheck &stop = {}) const;

    // Ferret: the feature [D] that replaces <region_fea>'s embedding, of `region` on one image's tower features
    // [N, Dv] (VisionOutput::selected); only when config().regionFeature is not None.
    [[nodiscard]] at::Tensor regionFeature(const at::Tensor &selected, const runtime::RegionSlot &region) const;

private:
    Config m_cfg;
    WeightStore m_w;
    ClipVisionTower m_vision;
    Linear m_proj1, m_proj2;
    FerretRegionSampler m_region;
    RopeDecoder m_decoder;
};

} // namespace gc::nn::llava
