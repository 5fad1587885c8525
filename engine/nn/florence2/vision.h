#pragma once

// Florence-2's image encoder (_encode_image): the DaViT tower, then the learned 2D and the cosine
// temporal position embeddings, a mean token in front of the grid's tokens, the image projection and
// its LayerNorm. Internal header (ATen).

#include "nn/florence2/davit.h"

namespace gc::nn::florence2 {

struct VisionOutput {
    DaVitOutput tower;     // the unpooled tower output (and its stages when asked for)
    at::Tensor features;   // [B, 1 + h*w, projectionDim]: what the encoder gets in front of the text
};

class VisionEncoder {
public:
    VisionEncoder() = default;
    // Reads the tower, the projection (either layout, see vision_config.h) and the position tables;
    // `stop` is asked between the tower's stages.
    VisionEncoder(const WeightStore &w, VisionConfig cfg, const StopCheck &stop = {});
    [[nodiscard]] const VisionConfig &config() const { return m_cfg; }

    // pixels [B, C, S, S]; throws io::FormatError for a grid the position table cannot number.
    [[nodiscard]] VisionOutput forward(const at::Tensor &pixels, bool keepStages, const StopCheck &stop) const;

private:
    VisionConfig m_cfg;
    DaVitTower m_tower;
    at::Tensor m_projection; // [in, out]: x @ P
    LayerNorm m_projNorm;
    at::Tensor m_rows, m_columns;
};

} // namespace gc::nn::florence2
