#pragma once

// Qwen2.5-VL's vision tower (Qwen2_5_VisionTransformerPretrainedModel): the patch embedding (a Conv3d whose
// stride is its kernel, so a matmul on pixel_values rows), 2-D rotary positions, RMSNorm blocks with SwiGLU
// MLPs attending within windows or, in the full-attention blocks, within each image; the patch merger, and the
// result put back from window order into raster order. Internal header (ATen).

#include "nn/layers.h"
#include "nn/rms_norm.h"
#include "nn/qwen25vl/image_processor.h"
#include "nn/qwen25vl/vision_config.h"
#include "nn/qwen25vl/vision_layout.h"

#include <vector>

namespace gc::nn::qwen25vl {

// What a golden test compares besides the output: the stages in the reference's own orders.
struct VisionTrace {
    at::Tensor patchEmbed;            // [N, Dv], pixel_values row order
    std::vector<at::Tensor> blocks;   // each block's output [N, Dv], window order
    at::Tensor mergerWindowOrder;     // [N/merge², out_hidden], window order
};

// The images' pixel_values rows one image after another, as the processor concatenates them: [N, cols].
[[nodiscard]] at::Tensor pixelValues(const std::vector<ProcessedImage> &images);
[[nodiscard]] std::vector<GridThw> grids(const std::vector<ProcessedImage> &images);

// Attention scores held at once, in floats (256 MB): one full-attention segment of a large image alone would
// need heads·L² of them.
inline constexpr int64_t kScoreBudget = int64_t(1) << 26;

// q, k, v [N, heads, hd] (q already scaled) attend within each segment [cu[s], cu[s+1]) -> [N, heads·hd].
// Consecutive segments of one length (the full windows) attend as one batch; a batch whose scores would exceed
// `scoreBudget` is split, down to chunks of one segment's queries.
[[nodiscard]] at::Tensor segmentAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v,
                                          const std::vector<int64_t> &cu, int64_t scoreBudget = kScoreBudget);

class VisionTower {
public:
    VisionTower() = default;
    // Checks the tensors against expectVisionTensors(cfg, kVisionPrefix) of `w` (under the 4.49 names, see
    // weight_names.h) and reads them; `stop` is asked between blocks. io::FormatError for a missing tensor or
    // one of another shape.
    VisionTower(const WeightStore &w, VisionConfig cfg, const StopCheck &stop = {});
    [[nodiscard]] const VisionConfig &config() const { return m_cfg; }

    // pixelValues [N, patchDim] of the images whose grids are `grids`, in order (N = Σ t·h·w) -> image embeddings
    // [N / merge², out_hidden], image after image, each image's merged tokens in raster order. `stop` is asked
    // between blocks; `trace`, when given, receives the intermediate stages. std::invalid_argument when the rows
    // and the grids disagree.
    [[nodiscard]] at::Tensor encode(const at::Tensor &pixelValues, const std::vector<GridThw> &grids,
                                    const StopCheck &stop, VisionTrace *trace = nullptr) const;

private:
    struct Block {
        RmsNorm norm1, norm2;
        Linear qkv, proj, gate, up, down;
    };
    [[nodiscard]] at::Tensor block(const Block &b, const at::Tensor &x, const at::Tensor &cos, const at::Tensor &sin,
                                   const std::vector<int64_t> &cu) const;

    VisionConfig m_cfg;
    Linear m_patchEmbed; // the Conv3d kernel flattened to [Dv, c·t·p·p], the order of a pixel row
    std::vector<Block> m_blocks;
    RmsNorm m_lnQ;
    Linear m_mlp0, m_mlp2;
};

} // namespace gc::nn::qwen25vl
