#pragma once

// The DaViT vision tower as Florence-2 runs it (forward_features_unpool): per stage a convolutional
// patch embedding, then blocks of window attention and channel attention, each wrapped in depthwise
// convolutions and followed by an MLP. Internal header (ATen).

#include "nn/florence2/vision_config.h"
#include "nn/layers.h"

#include <vector>

namespace gc::nn::florence2 {

struct DaVitOutput {
    at::Tensor tokens;                  // [B, h*w, C_last], row-major over the final grid
    int64_t height = 0, width = 0;      // the final grid
    std::vector<at::Tensor> stageEmbed; // only when asked for: each stage's tokens after its ConvEmbed
    std::vector<at::Tensor> stageOut;   // only when asked for: each stage's tokens after its blocks
};

class DaVitTower {
public:
    DaVitTower() = default;
    // Reads the tensors expectVisionTensors lists under vision_tower.; `stop` is asked before each stage's.
    DaVitTower(const WeightStore &w, VisionConfig cfg, const StopCheck &stop = {});

    // pixels [B, C, H, W]; `stop` is asked before each block.
    [[nodiscard]] DaVitOutput forward(const at::Tensor &pixels, bool keepStages, const StopCheck &stop) const;

private:
    struct Block { // a spatial (window attention) or channel block
        bool spatial = true;
        int64_t heads = 1; // window heads or channel groups
        at::Tensor dw1W, dw1B, dw2W, dw2B;
        LayerNorm attnNorm, ffnNorm;
        Linear qkv, proj, fc1, fc2;
    };
    struct Stage {
        at::Tensor convW, convB;
        int64_t stride = 1, padding = 0;
        bool prenorm = false;
        LayerNorm norm;
        std::vector<Block> blocks;
    };
    [[nodiscard]] at::Tensor block(const Block &b, const at::Tensor &x, int64_t h, int64_t w) const;
    [[nodiscard]] at::Tensor windowAttention(const Block &b, const at::Tensor &x, int64_t h, int64_t w) const;
    [[nodiscard]] static at::Tensor channelAttention(const Block &b, const at::Tensor &x);

    VisionConfig m_cfg;
    std::vector<Stage> m_stages;
};

} // namespace gc::nn::florence2
