#include "nn/florence2/vision.h"

namespace gc::nn::florence2 {

VisionEncoder::VisionEncoder(const WeightStore &w, VisionConfig cfg, const StopCheck &stop)
    : m_cfg(std::move(cfg)), m_tower(w, m_cfg, stop)
{
    // f32 in every weight format: one product per image, and the remote-code layout stores it [in, out], the
    // transpose of what the packed kernels take.
    m_projection = w.has(kProjectionLinear) ? w.get(kProjectionLinear).t() : w.get(kProjectionMatrix);
    m_projNorm = LayerNorm(w, "image_proj_norm", 1e-5);
    m_rows = w.get("image_pos_embed.row_embeddings.weight");
    m_columns = w.get("image_pos_embed.column_embeddings.weight");
}

VisionOutput VisionEncoder::forward(const at::Tensor &pixels, bool keepStages, const StopCheck &stop) const
{
    VisionOutput out;
    out.tower = m_tower.forward(pixels, keepStages, stop);
    const int64_t h = out.tower.height, w = out.tower.width;
    if (h != w || h > m_rows.size(0))
        throw io::FormatError("image: the vision tower's grid is " + std::to_string(h) + "x" + std::to_string(w) +
                              "; the position table numbers square grids up to " + std::to_string(m_rows.size(0)));
    const at::Tensor &x = out.tower.tokens;
    const int64_t D = x.size(2);
    // pos[y, x] = [column x, row y]: the column half comes first
    at::Tensor pos = at::cat({m_columns.narrow(0, 0, w).unsqueeze(0).expand({h, w, m_columns.size(1)}),
                              m_rows.narrow(0, 0, h).unsqueeze(1).expand({h, w, m_rows.size(1)})},
                             -1)
                         .reshape({1, h * w, D});
    // The temporal table's row 0 (frame 0) interleaves sin 0 and cos 0: +1 on every odd channel.
    at::Tensor temporal = at::arange(D, x.options()).remainder(2);
    at::Tensor t = x + pos + temporal;
    at::Tensor tokens = at::cat({t.mean(1, true), t}, 1);
    out.features = m_projNorm(at::matmul(tokens, m_projection));
    return out;
}

} // namespace gc::nn::florence2
