#include "nn/rope_decoder.h"

#include "nn/attention_few_queries.h"
#include "nn/rope_frequencies.h"

#include <cmath>
#include <limits>

namespace gc::nn {

RopeDecoder::RopeDecoder(RopeDecoderConfig cfg, const WeightStore &w, const RopeDecoderNames &names,
                         const StopCheck &stop)
    : m_cfg(std::move(cfg))
{
    m_untied = validateRopeDecoder(m_cfg, names, w.file());
    const double eps = m_cfg.rmsNormEps;
    const std::string embedName = names.body + "embed_tokens.weight";
    m_embed = w.table(embedName);
    if (m_untied) {
        m_head = Linear(w, names.lmHead, false);
    } else {
        // A tied head in a small format is packed from the table (in f32, the table widened if it is 16-bit); the
        // lookups still read the stored table's rows.
        m_head.packed = w.packed(embedName);
        if (!m_head.packed)
            m_head.weight = w.get(embedName);
    }
    for (int64_t l = 0; l < m_cfg.layers; ++l) {
        stopIfAsked(stop);
        const std::string p = names.body + "layers." + std::to_string(l) + ".";
        m_layers.push_back({RmsNorm(w, p + "input_layernorm", eps),
                            RmsNorm(w, p + "post_attention_layernorm", eps),
                            Linear(w, p + "self_attn.q_proj", m_cfg.qkvBias), Linear(w, p + "self_attn.k_proj", m_cfg.qkvBias),
                            Linear(w, p + "self_attn.v_proj", m_cfg.qkvBias),
                            Linear(w, p + "self_attn.o_proj", m_cfg.outputBias), Linear(w, p + "mlp.gate_proj", false),
                            Linear(w, p + "mlp.up_proj", false), Linear(w, p + "mlp.down_proj", false)});
    }
    m_norm = RmsNorm(w, names.body + "norm", eps);
    m_inv = ropeInverseFrequencies(m_cfg, 0, floatOptions());
    if (!m_cfg.mropeSection.empty()) {
        std::vector<int64_t> axis;
        for (size_t a = 0; a < m_cfg.mropeSection.size(); ++a)
            axis.insert(axis.end(), static_cast<size_t>(m_cfg.mropeSection[a]), static_cast<int64_t>(a));
        m_axis = at::tensor(axis, at::kLong).to(m_embed.device());
    }
}

at::Tensor RopeDecoder::embed(const at::Tensor &ids) const { return lookupRows(m_embed, ids); }

at::Tensor RopeDecoder::logits(const at::Tensor &finalHidden) const { return m_head(finalHidden.contiguous()); }

void RopeDecoder::reserve(KVCache &cache, int64_t batch, int64_t total) const
{
    cache.reserve(m_cfg.layers, batch, m_cfg.kvHeads, m_cfg.headDim, total, floatOptions());
}

std::pair<at::Tensor, at::Tensor> RopeDecoder::rotary(const at::Tensor &positions) const
{
    // The dynamic scaling takes its frequencies from the pass's largest position, as transformers does on each
    // call; positions a cache holds keep the rotation they got.
    at::Tensor inv = m_inv;
    if (m_cfg.ropeScaling.type == RopeScaling::Type::Dynamic) {
        const int64_t seqLen = positions.max().item<int64_t>() + 1;
        if (seqLen > m_cfg.maxPositions)
            inv = ropeInverseFrequencies(m_cfg, seqLen, m_inv.options());
    }
    // Angles in float32 as the references compute them: position × inverse frequency, one product each.
    at::Tensor angles = positions.to(inv.options()).unsqueeze(-1) * inv;
    if (m_axis.defined()) {
        if (positions.dim() != 3 || positions.size(0) != 3)
            throw std::invalid_argument("RopeDecoder: M-RoPE takes positions [3, B, L]");
        // Frequency j takes its angle from axis m_axis[j]; the doubled vector repeats the pattern in both halves.
        const at::Tensor index = m_axis.view({1, 1, 1, -1}).expand({1, angles.size(1), angles.size(2), angles.size(3)});
        angles = angles.gather(0, index).squeeze(0);
    } else if (positions.dim() != 2) {
        throw std::invalid_argument("RopeDecoder: 1-D RoPE takes positions [B, L]");
    }
    const at::Tensor emb = at::cat({angles, angles}, -1).unsqueeze(1);
    return {emb.cos(), emb.sin()};
}

at::Tensor RopeDecoder::runLayer(const Layer &l, size_t index, const at::Tensor &x, const at::Tensor &cos,
                                 const at::Tensor &sin, const at::Tensor &mask, KVCache *cache, int64_t past,
                                 DecoderProbe *probe) const
{
    const int64_t B = x.size(0), L = x.size(1), H = m_cfg.heads, KV = m_cfg.kvHeads, hd = m_cfg.headDim;
    const int64_t group = H / KV;
    const at::Tensor h = l.inputNorm(x);
    const std::vector<at::Tensor> qkv = linearShared(h, {&l.q, &l.k, &l.v});
    at::Tensor q = applyRotary(splitHeads(qkv[0], H), cos, sin);
    at::Tensor k = applyRotary(splitHeads(qkv[1], KV), cos, sin);
    at::Tensor v = splitHeads(qkv[2], KV);
    if (cache)
        std::tie(k, v) = cache->append(index, past, k, v);
    // Grouped-query attention without copying K and V per query head: the `group` consecutive query heads that
    // share a kv head are stacked along the rows, [B, KV, group·L, hd].
    const int64_t total = k.size(2);
    const at::Tensor rows = q.reshape({B, KV, group * L, hd});
    at::Tensor a;
    if (!probe && fewQueriesApply(rows, k, v, mask)) {
        // a decode step: the mask's L rows repeated for each query head of a group, as the view below has them
        const at::Tensor rowMask = mask.expand({B, 1, group, L, total}).reshape({B, 1, group * L, total});
        a = attendFewQueries(rows, k, v, rowMask, std::sqrt(static_cast<double>(hd)));
    } else {
        at::Tensor s = at::matmul(rows, k.transpose(-1, -2));
        s = s.div_(std::sqrt(static_cast<double>(hd))).view({B, KV, group, L, total}).add_(mask);
        const at::Tensor weights = at::softmax(s, -1);
        if (probe) // query head kv·group + g is row g of kv head kv: the weights viewed per query head
            probe->recordAttention(weights.view({B, H, L, total}));
        a = at::matmul(weights.view({B, KV, group * L, total}), v);
    }
    const at::Tensor merged = a.view({B, H, L, hd}).transpose(1, 2).reshape({B, L, H * hd});
    const at::Tensor y = x + l.o(merged);
    const at::Tensor g = l.postNorm(y);
    const std::vector<at::Tensor> gateUp = linearShared(g, {&l.gate, &l.up});
    const at::Tensor out = y + l.down(at::silu(gateUp[0]) * gateUp[1]);
    if (probe)
        probe->recordHidden(out);
    return out;
}

at::Tensor RopeDecoder::forward(const at::Tensor &inputs, const at::Tensor &positions, const at::Tensor &keyMask,
                                KVCache *cache, bool lastOnly, std::vector<at::Tensor> *hidden,
                                const StopCheck &stop, DecoderProbe *probe) const
{
    const int64_t B = inputs.size(0), L = inputs.size(1);
    const int64_t past = cache ? cache->length : 0, total = past + L;
    if (keyMask.dim() != 2 || keyMask.size(0) != B || keyMask.size(1) != total)
        throw std::invalid_argument("RopeDecoder: key mask covers " + std::to_string(keyMask.size(-1)) +
                                    " positions, expected " + std::to_string(total));
    // float32's lowest, not -inf, on every masked key: a padding query sees only masked keys and gets a uniform,
    // finite softmax, as the reference's eager attention does.
    const at::Tensor query = at::arange(past, total, keyMask.options().dtype(at::kLong)).view({L, 1});
    const at::Tensor key = at::arange(total, keyMask.options().dtype(at::kLong)).view({1, total});
    const at::Tensor allowed = key.le(query).view({1, L, total}).logical_and(keyMask.ne(0).view({B, 1, total}));
    const at::Tensor mask = at::where(allowed, 0.0f, std::numeric_limits<float>::lowest())
                                .to(inputs.options())
                                .view({B, 1, 1, L, total});
    const auto [cos, sin] = rotary(positions);
    if (cache)
        reserve(*cache, B, total);
    at::Tensor x = inputs;
    if (hidden)
        hidden->push_back(x);
    for (size_t i = 0; i < m_layers.size(); ++i) {
        stopIfAsked(stop);
        x = runLayer(m_layers[i], i, x, cos, sin, mask, cache, past, probe);
        if (hidden && i + 1 < m_layers.size())
            hidden->push_back(x);
    }
    if (cache)
        cache->length = total;
    if (lastOnly)
        x = x.narrow(1, L - 1, 1);
    x = m_norm(x);
    if (hidden)
        hidden->push_back(x);
    return x;
}

} // namespace gc::nn
