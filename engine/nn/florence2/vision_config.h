#pragma once

// Florence-2's vision side read from config.json: the DaViT tower (vision_config, whose model_type is
// "davit" in the hub checkpoints, "florence_vision" in the native transformers port and empty in
// save_pretrained copies of the remote code) and the image projection with its position embeddings.
// Plain C++.

#include "nn/config_util.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gc::nn::florence2 {

struct VisionConfig {
    // one entry per stage
    std::vector<int64_t> dims{128, 256, 512, 1024}, heads{4, 8, 16, 32}, groups{4, 8, 16, 32}, depths{1, 1, 9, 1};
    std::vector<int64_t> patchSize{7, 3, 3, 3}, patchStride{4, 2, 2, 2}, patchPadding{3, 1, 1, 1};
    std::vector<bool> patchPrenorm{false, true, true, true};
    int64_t channels = 3;
    int64_t windowSize = 12;
    double mlpRatio = 4.0;
    bool qkvBias = true;
    int64_t projectionDim = 768;   // the text model's width: image features are [B, 1 + h*w, projectionDim]
    int64_t maxPosEmbeddings = 50; // rows of the learned 2D table: the largest grid side it can number
    int64_t maxTemporalEmbeddings = 100;

    [[nodiscard]] size_t stages() const { return dims.size(); }
    [[nodiscard]] int64_t mlpHidden(size_t stage) const { return static_cast<int64_t>(dims[stage] * mlpRatio); }
    // The grid side after the last stage for a square image of `imageSize` pixels.
    [[nodiscard]] int64_t gridSide(int64_t imageSize) const;
};

// Reads `config`'s vision_config and the top-level projection_dim; `where` names config.json in messages.
// Throws io::FormatError for values out of bounds, stage lists of different lengths, widths the head or
// group counts do not divide, or image-feature settings the port does not compute.
[[nodiscard]] VisionConfig parseVisionConfig(const nlohmann::json &config, const std::string &where);

// Where the image projection lives: the remote code stores a raw [in, out] matrix "image_projection"
// used as x @ P; the native port a Linear, renamed to "image_projection.weight" [out, in] on load.
inline constexpr const char *kProjectionMatrix = "image_projection";
inline constexpr const char *kProjectionLinear = "image_projection.weight";
inline constexpr const char *kTemporalTable = "visual_temporal_embed.pos_idx_to_embed";

// The vision tower's and the projection's tensors under their remote-code names. `linearProjection`
// selects the native layout of the projection. The temporal table is a buffer some checkpoints hold and
// some do not: it is not listed (see kTemporalTable).
void expectVisionTensors(std::vector<ExpectedTensor> &out, const VisionConfig &c, bool linearProjection);

} // namespace gc::nn::florence2
