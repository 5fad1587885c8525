#include "nn/florence2/bart_model.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

namespace gc::nn::florence2 {

namespace {

constexpr double kLayerNormEps = 1e-5;
// BART's learned position tables hold two rows before position 0.
constexpr int64_t kPositionOffset = 2;

// Lowest float on padded keys, as the reference's additive masks; undefined when nothing is padding.
at::Tensor paddingMask(const at::Tensor &keyMask)
{
    if (!keyMask.defined() || keyMask.all().item<bool>())
        return {};
    const int64_t B = keyMask.size(0), S = keyMask.size(1);
    return (1 - keyMask.to(at::kFloat)).mul(std::numeric_limits<float>::lowest()).view({B, 1, 1, S});
}

} // namespace

BartModel::BartModel(BartConfig cfg, const WeightStore &w, const StopCheck &stop) : m_cfg(std::move(cfg))
{
    const std::string m = std::string(kLanguagePrefix) + "model.";
    m_shared = w.table(m + "shared.weight");
    m_decoderEmbed = w.has(m + "decoder.embed_tokens.weight") ? w.table(m + "decoder.embed_tokens.weight") : m_shared;
    m_untied = w.has(bartLmHeadName());
    if (!m_untied && !m_cfg.tieWordEmbeddings)
        throw io::FormatError("checkpoint: missing tensor '" + bartLmHeadName() +
                              "' (config.json says tie_word_embeddings is false)");
    const std::string biasName = std::string(kLanguagePrefix) + "final_logits_bias";
    at::Tensor bias = w.has(biasName) ? w.get(biasName).view({-1}) : at::zeros({m_cfg.vocabSize}, floatOptions());
    // The head reads its whole matrix at every step, so it is held in the store's matrix format like the layers'
    // (a tied head packs the shared table; in f32 it is the table, widened if it is 16-bit). The token tables stay
    // as stored (a lookup reads one row); the position tables, the norms and the biases are small and f32.
    const std::string head = m_untied ? bartLmHeadName() : m + "shared.weight";
    m_lmHead = Linear(w, head, bias);

    auto attention = [&](const std::string &p) {
        return Attention{Linear(w, p + ".q_proj"), Linear(w, p + ".k_proj"), Linear(w, p + ".v_proj"),
                         Linear(w, p + ".out_proj"), LayerNorm(w, p + "_layer_norm", kLayerNormEps)};
    };
    m_encoderPositions = w.get(m + "encoder.embed_positions.weight");
    m_encoderEmbedNorm = LayerNorm(w, m + "encoder.layernorm_embedding", kLayerNormEps);
    for (int64_t l = 0; l < m_cfg.encoderLayers; ++l) {
        stopIfAsked(stop);
        const std::string b = m + "encoder.layers." + std::to_string(l) + ".";
        m_encoder.push_back({attention(b + "self_attn"), Linear(w, b + "fc1"), Linear(w, b + "fc2"),
                             LayerNorm(w, b + "final_layer_norm", kLayerNormEps)});
    }
    m_decoderPositions = w.get(m + "decoder.embed_positions.weight");
    m_decoderEmbedNorm = LayerNorm(w, m + "decoder.layernorm_embedding", kLayerNormEps);
    for (int64_t l = 0; l < m_cfg.decoderLayers; ++l) {
        stopIfAsked(stop);
        const std::string b = m + "decoder.layers." + std::to_string(l) + ".";
        m_decoder.push_back({attention(b + "self_attn"), attention(b + "encoder_attn"), Linear(w, b + "fc1"),
                             Linear(w, b + "fc2"), LayerNorm(w, b + "final_layer_norm", kLayerNormEps)});
    }
}

at::Tensor BartModel::embedText(const at::Tensor &ids) const { return lookupRows(m_shared, ids); }

at::Tensor BartModel::positionRows(const at::Tensor &table, const at::Tensor &positions) const
{
    const int64_t last = positions.numel() ? positions.max().item<int64_t>() : 0;
    if (last >= m_cfg.maxPositions)
        throw std::invalid_argument("Florence-2: position " + std::to_string(last) + " is past the model's " +
                                    std::to_string(m_cfg.maxPositions) + " positions");
    return at::embedding(table, positions + kPositionOffset);
}

at::Tensor BartModel::encode(const at::Tensor &inputsEmbeds, const at::Tensor &positions, const at::Tensor &keyMask,
                             std::vector<at::Tensor> *hidden, const StopCheck &stop) const
{
    const int64_t heads = m_cfg.encoderHeads;
    const double scale = std::pow(static_cast<double>(m_cfg.dModel / heads), -0.5);
    const at::Tensor mask = paddingMask(keyMask);
    at::Tensor x = m_encoderEmbedNorm(inputsEmbeds + positionRows(m_encoderPositions, positions));
    if (hidden)
        hidden->push_back(x);
    for (const EncoderLayer &l : m_encoder) {
        stopIfAsked(stop);
        const Attention &a = l.self;
        at::Tensor q = splitHeads(a.q(x) * scale, heads);
        at::Tensor o = mergeHeads(attend(q, splitHeads(a.k(x), heads), splitHeads(a.v(x), heads), mask));
        x = a.norm(x + a.o(o));
        x = l.finalNorm(x + l.fc2(nn::gelu(l.fc1(x))));
        if (hidden)
            hidden->push_back(x);
    }
    return x;
}

CrossAttentionCache BartModel::crossAttention(const at::Tensor &encoderOut, const at::Tensor &keyMask) const
{
    CrossAttentionCache c;
    const int64_t heads = m_cfg.decoderHeads;
    for (const DecoderLayer &l : m_decoder) {
        c.k.push_back(splitHeads(l.cross.k(encoderOut), heads).contiguous());
        c.v.push_back(splitHeads(l.cross.v(encoderOut), heads).contiguous());
    }
    c.mask = paddingMask(keyMask);
    return c;
}

void BartModel::reserve(KVCache &cache, int64_t batch, int64_t total) const
{
    const int64_t heads = m_cfg.decoderHeads;
    cache.reserve(m_cfg.decoderLayers, batch, heads, m_cfg.dModel / heads, total, floatOptions());
}

at::Tensor BartModel::decode(const at::Tensor &ids, KVCache &cache, const CrossAttentionCache &cross,
                             std::vector<at::Tensor> *hidden, const StopCheck &stop) const
{
    const int64_t B = ids.size(0), L = ids.size(1), past = cache.length, total = past + L;
    const int64_t heads = m_cfg.decoderHeads;
    const double scale = std::pow(static_cast<double>(m_cfg.dModel / heads), -0.5);
    at::Tensor x = lookupRows(m_decoderEmbed, ids);
    if (m_cfg.scaleEmbedding)
        x = x * static_cast<float>(std::sqrt(static_cast<double>(m_cfg.dModel)));
    const at::Tensor positions = at::arange(past, total, ids.options().dtype(at::kLong)).unsqueeze(0);
    x = m_decoderEmbedNorm(x + positionRows(m_decoderPositions, positions));
    if (hidden)
        hidden->push_back(x);
    // A single new position sees every cached one; several see the cache and themselves causally.
    at::Tensor causal;
    if (L > 1)
        causal = (at::ones({L, total}, x.options()).triu(past + 1) * std::numeric_limits<float>::lowest())
                     .view({1, 1, L, total});
    reserve(cache, B, total);
    for (size_t li = 0; li < m_decoder.size(); ++li) {
        stopIfAsked(stop);
        const DecoderLayer &l = m_decoder[li];
        const std::vector<at::Tensor> qkv = linearShared(x, {&l.self.q, &l.self.k, &l.self.v});
        at::Tensor q = splitHeads(qkv[0] * scale, heads);
        at::Tensor k = splitHeads(qkv[1], heads), v = splitHeads(qkv[2], heads);
        std::tie(k, v) = cache.append(li, past, k, v);
        x = l.self.norm(x + l.self.o(mergeHeads(attend(q, k, v, causal))));
        q = splitHeads(l.cross.q(x) * scale, heads);
        x = l.cross.norm(x + l.cross.o(mergeHeads(attend(q, cross.k[li], cross.v[li], cross.mask))));
        x = l.finalNorm(x + l.fc2(nn::gelu(l.fc1(x))));
        if (hidden)
            hidden->push_back(x);
    }
    cache.length = total;
    return x;
}

at::Tensor BartModel::logits(const at::Tensor &decoderOut) const
{
    return m_lmHead(decoderOut.contiguous());
}

} // namespace gc::nn::florence2
