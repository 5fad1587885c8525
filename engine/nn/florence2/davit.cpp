#include "nn/florence2/davit.h"

#include <cmath>

namespace gc::nn::florence2 {

namespace {

// [B, h*w, C] tokens <-> [B, C, h, w] grid.
at::Tensor toGrid(const at::Tensor &x, int64_t h, int64_t w)
{
    return x.transpose(1, 2).reshape({x.size(0), x.size(2), h, w});
}
at::Tensor toTokens(const at::Tensor &g) { return g.flatten(2).transpose(1, 2); }

// x + depthwise 3x3 convolution of x (no norm), on the grid.
at::Tensor addDepthwise(const at::Tensor &x, const at::Tensor &w, const at::Tensor &b, int64_t h, int64_t wd)
{
    const at::Tensor g = toGrid(x, h, wd);
    return x + toTokens(at::conv2d(g, w, b, 1, 1, 1, g.size(1)));
}

} // namespace

DaVitTower::DaVitTower(const WeightStore &w, VisionConfig cfg, const StopCheck &stop) : m_cfg(std::move(cfg))
{
    for (size_t i = 0; i < m_cfg.stages(); ++i) {
        stopIfAsked(stop);
        const std::string s = "vision_tower.convs." + std::to_string(i) + ".";
        Stage st;
        // Convolution kernels (patch embeddings, depthwise) and norms stay f32 in every weight format: they are a
        // small part of the tower, and only the linear layers have the small formats' kernels.
        st.convW = w.get(s + "proj.weight");
        st.convB = w.get(s + "proj.bias");
        st.stride = m_cfg.patchStride[i];
        st.padding = m_cfg.patchPadding[i];
        st.prenorm = m_cfg.patchPrenorm[i];
        st.norm = LayerNorm(w, s + "norm", 1e-5);
        for (int64_t j = 0; j < m_cfg.depths[i]; ++j)
            for (const bool spatial : {true, false}) {
                const std::string b = "vision_tower.blocks." + std::to_string(i) + "." + std::to_string(j) +
                                      (spatial ? ".spatial_block." : ".channel_block.");
                const std::string a = b + (spatial ? "window_attn." : "channel_attn.");
                Block blk;
                blk.spatial = spatial;
                blk.heads = spatial ? m_cfg.heads[i] : m_cfg.groups[i];
                blk.dw1W = w.get(b + "conv1.fn.dw.weight");
                blk.dw1B = w.get(b + "conv1.fn.dw.bias");
                blk.dw2W = w.get(b + "conv2.fn.dw.weight");
                blk.dw2B = w.get(b + "conv2.fn.dw.bias");
                blk.attnNorm = LayerNorm(w, a + "norm", 1e-5);
                blk.ffnNorm = LayerNorm(w, b + "ffn.norm", 1e-5);
                blk.qkv = Linear(w, a + "fn.qkv", m_cfg.qkvBias);
                blk.proj = Linear(w, a + "fn.proj");
                blk.fc1 = Linear(w, b + "ffn.fn.net.fc1");
                blk.fc2 = Linear(w, b + "ffn.fn.net.fc2");
                st.blocks.push_back(std::move(blk));
            }
        m_stages.push_back(std::move(st));
    }
}

DaVitOutput DaVitTower::forward(const at::Tensor &pixels, bool keepStages, const StopCheck &stop) const
{
    DaVitOutput out;
    at::Tensor x; // tokens [B, h*w, C]
    int64_t h = pixels.size(2), w = pixels.size(3);
    for (const Stage &st : m_stages) {
        stopIfAsked(stop);
        // The first stage normalises after its convolution, the others before it (over the previous width).
        at::Tensor g = x.defined() ? toGrid(st.prenorm ? st.norm(x) : x, h, w) : pixels;
        g = at::conv2d(g, st.convW, st.convB, st.stride, st.padding);
        h = g.size(2);
        w = g.size(3);
        x = toTokens(g);
        if (!st.prenorm)
            x = st.norm(x);
        if (keepStages)
            out.stageEmbed.push_back(x);
        for (const Block &b : st.blocks) {
            stopIfAsked(stop);
            x = block(b, x, h, w);
        }
        if (keepStages)
            out.stageOut.push_back(x);
    }
    out.tokens = x;
    out.height = h;
    out.width = w;
    return out;
}

at::Tensor DaVitTower::block(const Block &b, const at::Tensor &in, int64_t h, int64_t w) const
{
    at::Tensor x = addDepthwise(in, b.dw1W, b.dw1B, h, w);
    const at::Tensor n = b.attnNorm(x);
    x = x + (b.spatial ? windowAttention(b, n, h, w) : channelAttention(b, n));
    x = addDepthwise(x, b.dw2W, b.dw2B, h, w);
    return x + b.fc2(nn::gelu(b.fc1(b.ffnNorm(x))));
}

at::Tensor DaVitTower::windowAttention(const Block &b, const at::Tensor &x, int64_t h, int64_t w) const
{
    const int64_t B = x.size(0), C = x.size(2), ws = m_cfg.windowSize, heads = b.heads;
    // Zero padding right and bottom, after the norm and without a mask: the padded positions take part in
    // the attention as keys (their qkv is the bias), as in the reference.
    const int64_t padR = (ws - w % ws) % ws, padB = (ws - h % ws) % ws;
    at::Tensor g = x.reshape({B, h, w, C});
    if (padR || padB)
        g = at::constant_pad_nd(g, {0, 0, 0, padR, 0, padB});
    const int64_t hp = h + padB, wp = w + padR, nh = hp / ws, nw = wp / ws, T = ws * ws;
    at::Tensor win = g.view({B, nh, ws, nw, ws, C}).permute({0, 1, 3, 2, 4, 5}).reshape({B * nh * nw, T, C});
    at::Tensor qkv = b.qkv(win).view({B * nh * nw, T, 3, heads, C / heads}).permute({2, 0, 3, 1, 4});
    const double scale = std::pow(static_cast<double>(C / heads), -0.5);
    at::Tensor a = attend(qkv[0] * scale, qkv[1], qkv[2], {}); // [windows, heads, T, hd]
    a = b.proj(a.transpose(1, 2).reshape({B * nh * nw, T, C}));
    a = a.view({B, nh, nw, ws, ws, C}).permute({0, 1, 3, 2, 4, 5}).reshape({B, hp, wp, C});
    if (padR || padB)
        a = a.narrow(1, 0, h).narrow(2, 0, w);
    return a.reshape({B, h * w, C});
}

at::Tensor DaVitTower::channelAttention(const Block &b, const at::Tensor &x)
{
    const int64_t B = x.size(0), N = x.size(1), C = x.size(2), G = b.heads;
    at::Tensor qkv = b.qkv(x).view({B, N, 3, G, C / G}).permute({2, 0, 3, 1, 4}); // [3, B, G, N, cg]
    // The scale is the token count's, not a head width's: the attention runs between channels.
    at::Tensor q = qkv[0] * std::pow(static_cast<double>(N), -0.5);
    at::Tensor att = at::softmax(at::matmul(q.transpose(-1, -2), qkv[1]), -1); // [B, G, cg, cg]
    at::Tensor o = at::matmul(att, qkv[2].transpose(-1, -2)).transpose(-1, -2);  // [B, G, N, cg]
    return b.proj(o.transpose(1, 2).reshape({B, N, C}));
}

} // namespace gc::nn::florence2
