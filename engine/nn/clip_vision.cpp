#include "nn/clip_vision.h"

#include <algorithm>
#include <cmath>

namespace gc::nn {

ClipVisionTower::ClipVisionTower(const WeightStore &w, const std::string &prefix, ClipVisionConfig cfg,
                                 const StopCheck &stop)
    : m_cfg(std::move(cfg))
{
    const double eps = m_cfg.layerNormEps;
    m_classEmb = w.get(prefix + "embeddings.class_embedding");
    m_patchW = w.get(prefix + "embeddings.patch_embedding.weight");
    m_posEmb = w.get(prefix + "embeddings.position_embedding.weight");
    m_preLn = LayerNorm(w, prefix + "pre_layrnorm", eps);
    m_postLn = LayerNorm(w, prefix + "post_layernorm", eps);
    for (int64_t l = 0; l < m_cfg.layers; ++l) {
        stopIfAsked(stop);
        const std::string b = clipVisionLayerPrefix(prefix) + std::to_string(l) + ".";
        m_layers.push_back({LayerNorm(w, b + "layer_norm1", eps), LayerNorm(w, b + "layer_norm2", eps),
                            Linear(w, b + "self_attn.q_proj"), Linear(w, b + "self_attn.k_proj"),
                            Linear(w, b + "self_attn.v_proj"), Linear(w, b + "self_attn.out_proj"),
                            Linear(w, b + "mlp.fc1"), Linear(w, b + "mlp.fc2")});
    }
}

ClipVisionOutput ClipVisionTower::forward(const at::Tensor &pixels, bool keepHidden, const StopCheck &stop,
                                          int64_t layers) const
{
    const size_t run = layers < 0 ? m_layers.size() : std::min(m_layers.size(), static_cast<size_t>(layers));
    const auto &vc = m_cfg;
    ClipVisionOutput out;
    const int64_t B = pixels.size(0);
    at::Tensor x = at::conv2d(pixels, m_patchW, {}, {vc.patchSize, vc.patchSize}); // [B, D, g, g]
    x = x.flatten(2).transpose(1, 2);                                               // row-major patches
    x = at::cat({m_classEmb.view({1, 1, -1}).expand({B, 1, vc.hiddenSize}), x}, 1);
    x = x + m_posEmb.narrow(0, 0, x.size(1));
    x = m_preLn(x);
    if (keepHidden)
        out.hiddenStates.push_back(x);
    for (size_t i = 0; i < run; ++i) {
        stopIfAsked(stop);
        x = layer(i, x);
        if (keepHidden)
            out.hiddenStates.push_back(x);
    }
    out.lastHiddenState = x;
    return out;
}

at::Tensor ClipVisionTower::layer(size_t i, const at::Tensor &input) const
{
    const auto &vc = m_cfg;
    const Layer &l = m_layers.at(i);
    const double scale = std::pow(static_cast<double>(vc.hiddenSize / vc.heads), -0.5);
    at::Tensor h = l.ln1(input);
    at::Tensor q = splitHeads(l.q(h) * scale, vc.heads);
    at::Tensor k = splitHeads(l.k(h), vc.heads), v = splitHeads(l.v(h), vc.heads);
    at::Tensor x = input + l.o(mergeHeads(attend(q, k, v, {})));
    h = l.fc1(l.ln2(x));
    h = vc.act == "quick_gelu" ? quickGelu(h) : nn::gelu(h);
    return x + l.fc2(h);
}

} // namespace gc::nn
