#include "nn/kosmos2/model.h"

#include "nn/attention_few_queries.h"
#include "nn/row_ops.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace gc::nn::kosmos2 {

Model::Model(Config cfg, WeightStore weights, const StopCheck &stop) : m_cfg(std::move(cfg)), m_w(std::move(weights))
{
    m_untied = validateWeights(m_cfg, m_w.file());
    const double te = m_cfg.text.layerNormEps;
    m_vision = ClipVisionTower(m_w, kVisionPrefix, m_cfg.vision, stop);
    stopIfAsked(stop);
    const std::string p = "image_to_text_projection.";
    m_dense = Linear(m_w, p + "dense");
    m_xq = Linear(m_w, p + "x_attn.q_proj");
    m_xk = Linear(m_w, p + "x_attn.k_proj");
    m_xv = Linear(m_w, p + "x_attn.v_proj");
    m_xo = Linear(m_w, p + "x_attn.out_proj");
    m_latent = m_w.get(p + "latent_query");
    m_embed = m_w.table("text_model.model.embed_tokens.weight");
    // Tied, the output layer is the embedding table: packed like any other matrix (it is the largest, and every
    // token reads it whole), while the lookup keeps gathering from the mapped table, which pages in only the rows
    // it reads.
    m_lmHead = Linear(m_w, m_untied ? "text_model.lm_head" : "text_model.model.embed_tokens", false);
    for (int64_t l = 0; l < m_cfg.text.layers; ++l) {
        stopIfAsked(stop);
        const std::string b = "text_model.model.layers." + std::to_string(l) + ".";
        m_text.push_back({LayerNorm(m_w, b + "self_attn_layer_norm", te),
                          LayerNorm(m_w, b + "self_attn.inner_attn_ln", te),
                          LayerNorm(m_w, b + "final_layer_norm", te), LayerNorm(m_w, b + "ffn.ffn_layernorm", te),
                          Linear(m_w, b + "self_attn.q_proj"), Linear(m_w, b + "self_attn.k_proj"),
                          Linear(m_w, b + "self_attn.v_proj"), Linear(m_w, b + "self_attn.out_proj"),
                          Linear(m_w, b + "ffn.fc1"), Linear(m_w, b + "ffn.fc2")});
    }
    m_finalLn = LayerNorm(m_w, "text_model.model.layer_norm", te);
    m_oneTokenFits = std::all_of(m_text.begin(), m_text.end(), [](const TextLayer &l) {
        return fitsOneRow(l.q) && fitsOneRow(l.k) && fitsOneRow(l.v) && fitsOneRow(l.o) && fitsOneRow(l.fc1) &&
               fitsOneRow(l.fc2) && fitsOneRow(l.attnLn) && fitsOneRow(l.innerLn) && fitsOneRow(l.finalLn) &&
               fitsOneRow(l.ffnLn);
    });
}

VisionOutput Model::encodeImage(const at::Tensor &pixels, bool keepHidden, const StopCheck &stop,
                                bool keepResamplerAttention) const
{
    const at::AutoGradMode gradMode(m_trainable && at::GradMode::is_enabled());
    VisionOutput out;
    const int64_t B = pixels.size(0);
    ClipVisionOutput tower = m_vision.forward(pixels, keepHidden, stop);
    out.lastHiddenState = tower.lastHiddenState;
    out.hiddenStates = std::move(tower.hiddenStates);
    at::Tensor f = m_vision.postLayerNorm(tower.lastHiddenState);
    f = f / at::clamp_min(at::linalg_vector_norm(f, 2, {-1}, true), 1e-12);
    out.normalizedFeatures = f;

    const int64_t heads = m_cfg.text.heads, D = m_cfg.text.embedDim;
    at::Tensor h = m_dense(f);
    at::Tensor lq = m_latent.unsqueeze(0).expand({B, m_cfg.latentQueryNum, D});
    at::Tensor kv = at::cat({h, lq}, 1);
    const double xscale = std::pow(static_cast<double>(D / heads), -0.5);
    at::Tensor q = splitHeads(m_xq(lq) * xscale, heads);
    const at::Tensor k = splitHeads(m_xk(kv), heads);
    at::Tensor a = attend(q, k, splitHeads(m_xv(kv), heads), {});
    out.imageEmbeds = m_xo(mergeHeads(a));
    if (keepResamplerAttention) // the weights attend() applied (no mask)
        out.resamplerAttention = at::softmax(at::matmul(q, k.transpose(-1, -2)), -1).mean(1);
    return out;
}

at::Tensor Model::positionEmbedding(const at::Tensor &positions) const
{
    // Same float32 steps as the reference's table so the values agree to the last bit or two.
    const int64_t D = m_cfg.text.embedDim, half = D / 2;
    const float k = static_cast<float>(std::log(10000.0) / static_cast<double>(half - 1));
    at::Tensor freq = at::exp(at::arange(half, floatOptions()) * (-k));
    at::Tensor arg = positions.to(at::kFloat).unsqueeze(-1) * freq;
    at::Tensor pe = at::cat({at::sin(arg), at::cos(arg)}, -1);
    if (D % 2)
        pe = at::constant_pad_nd(pe, {0, 1});
    return pe * positions.ne(m_cfg.text.padId).unsqueeze(-1).to(at::kFloat);
}

void Model::reserve(KVCache &cache, int64_t batch, int64_t total) const
{
    const int64_t heads = m_cfg.text.heads;
    cache.reserve(m_cfg.text.layers, batch, heads, m_cfg.text.embedDim / heads, total, floatOptions());
}

at::Tensor Model::forwardText(const at::Tensor &ids, const at::Tensor &positions, const at::Tensor &keyMask,
                              const at::Tensor &imageEmbeds, const at::Tensor &imageMask, KVCache *cache,
                              bool lastOnly, std::vector<at::Tensor> *hidden, const StopCheck &stop,
                              DecoderProbe *probe) const
{
    return lmHead(forwardHidden(ids, positions, keyMask, imageEmbeds, imageMask, cache, lastOnly, hidden, stop, probe));
}

at::Tensor Model::lmHead(const at::Tensor &finalHidden) const
{
    const at::AutoGradMode gradMode(m_trainable && at::GradMode::is_enabled());
    return m_lmHead(finalHidden.contiguous());
}

int64_t Model::decodeBytesPerToken() const
{
    int64_t bytes = m_embed.size(1) * m_embed.element_size() + m_finalLn.bytes() + m_lmHead.bytes();
    for (const TextLayer &l : m_text)
        for (const Linear *p : {&l.q, &l.k, &l.v, &l.o, &l.fc1, &l.fc2})
            bytes += p->bytes();
    for (const TextLayer &l : m_text)
        bytes += l.attnLn.bytes() + l.innerLn.bytes() + l.finalLn.bytes() + l.ffnLn.bytes();
    return bytes;
}

at::Tensor Model::attentionMask(const at::Tensor &keyMask, int64_t L, int64_t past) const
{
    // Additive mask as the reference builds it: lowest float on padded keys, plus lowest float above
    // the causal diagonal; the sum may reach -inf, which softmax handles.
    const int64_t B = keyMask.size(0), total = past + L;
    const float lowest = std::numeric_limits<float>::lowest();
    at::Tensor mask = (1 - keyMask.to(at::kFloat)).mul(lowest).view({B, 1, 1, total}).expand({B, 1, L, total});
    if (L > 1) {
        at::Tensor causal = at::ones({L, total}, floatOptions()).triu(past + 1) * lowest;
        return mask + causal.view({1, 1, L, total});
    }
    return mask.contiguous();
}

at::Tensor Model::runTextLayer(size_t li, const at::Tensor &input, const at::Tensor &mask, KVCache *cache,
                               int64_t past, DecoderProbe *probe) const
{
    if (oneTokenApplies(input, mask, cache, probe))
        return runTextLayerOneToken(li, input, mask, *cache, past);
    const int64_t heads = m_cfg.text.heads;
    const double scale = std::pow(static_cast<double>(m_cfg.text.embedDim / heads), -0.5);
    const TextLayer &l = m_text.at(li);
    at::Tensor h = l.attnLn(input);
    const std::vector<at::Tensor> qkv = linearShared(h, {&l.q, &l.k, &l.v});
    at::Tensor q = splitHeads(qkv[0] * scale, heads);
    at::Tensor k = splitHeads(qkv[1], heads), v = splitHeads(qkv[2], heads);
    if (cache)
        std::tie(k, v) = cache->append(li, past, k, v);
    at::Tensor a = l.innerLn(mergeHeads(probe ? attendRecorded(q, k, v, mask, *probe) : attend(q, k, v, mask)));
    at::Tensor x = input + l.o(a);
    h = l.ffnLn(nn::gelu(l.fc1(l.finalLn(x))));
    at::Tensor out = x + l.fc2(h);
    if (probe)
        probe->recordHidden(out);
    return out;
}

bool Model::oneTokenApplies(const at::Tensor &x, const at::Tensor &mask, const KVCache *cache,
                            const DecoderProbe *probe) const
{
    if (!m_oneTokenFits || !m_oneTokenPath || !cache || probe || (m_trainable && at::GradMode::is_enabled()))
        return false;
    if (x.dim() != 3 || x.size(0) != 1 || x.size(1) != 1 || !x.is_cpu() || x.scalar_type() != at::kFloat ||
        !x.is_contiguous() ||
        (mask.defined() && (mask.dim() != 4 || mask.size(0) != 1 || mask.size(2) != 1 || mask.scalar_type() != at::kFloat ||
                            !mask.is_cpu())))
        return false;
    return cache->batch() == 1 && !cache->k.empty() && cache->k.front().is_contiguous() &&
           cache->v.front().is_contiguous() && cache->k.front().scalar_type() == at::kFloat && cache->k.front().is_cpu();
}

at::Tensor Model::runTextLayerOneToken(size_t li, const at::Tensor &input, const at::Tensor &mask, KVCache &cache,
                                       int64_t past) const
{
    const TextLayer &l = m_text.at(li);
    const int64_t D = m_cfg.text.embedDim, heads = m_cfg.text.heads, hd = D / heads, ffn = m_cfg.text.ffnDim;
    const int64_t T = past + 1, cap = cache.capacity();
    // The calling thread's buffers, kept from token to token. Named through references: the steps below run on
    // other threads too, where a thread_local's own name would mean that thread's (empty) copy.
    thread_local std::vector<float> buffers[9];
    std::vector<float> &h = buffers[0], &q = buffers[1], &k = buffers[2], &v = buffers[3], &att = buffers[4],
                       &a = buffers[5], &mid = buffers[6], &f = buffers[7], &scores = buffers[8];
    for (std::vector<float> *b : {&h, &q, &k, &v, &att, &a, &mid})
        b->resize(size_t(D));
    f.resize(size_t(ffn));
    scores.resize(size_t(heads * T));
    const float *x = input.data_ptr<float>();
    // No operator through the dispatcher in here: each comes after a product has streamed the caches, and costs
    // its dispatcher's cold memory (at::empty: 1 µs warm, 35 µs so). The output from the CPU allocator directly,
    // the mask ([1, 1 or heads, 1, T]) read where it lies.
    at::Tensor out = at::detail::empty_cpu({1, 1, D}, at::kFloat);
    float *y = out.data_ptr<float>();
    float *kc = cache.k[li].data_ptr<float>(), *vc = cache.v[li].data_ptr<float>(); // [1, heads, cap, hd]
    const float *mp = mask.defined() ? mask.data_ptr<float>() : nullptr;
    const int64_t headStride = mp && mask.size(1) > 1 ? mask.stride(1) : 0;
    const int64_t keyStride = mp && mask.size(3) > 1 ? mask.stride(3) : 0;
    const float scale = static_cast<float>(std::pow(static_cast<double>(hd), -0.5));

    row::Products qkv{{&l.q, q.data()}, {&l.k, k.data()}, {&l.v, v.data()}};
    row::Products o{{&l.o, mid.data(), x}};        // mid = x + o(a)
    row::Products fc1{{&l.fc1, f.data()}};
    row::Products fc2{{&l.fc2, y, mid.data()}};    // y = mid + fc2(f)
    // One parallel region for the layer (quant::runSteps): the serial steps on this thread, the products and the
    // heads sliced over every thread, a barrier between two steps.
    quant::runSteps({
        {0, 1, [&](int64_t, int64_t) {
             row::layerNorm(x, l.attnLn, D, h.data());
             qkv.prepare(h.data(), D);
         }},
        qkv.step(),
        {heads, 1, [&](int64_t h0, int64_t h1) { // each head: its key and value into the cache, then attention
             for (int64_t hh = h0; hh < h1; ++hh) {
                 float *qh = q.data() + hh * hd;
                 for (int64_t d = 0; d < hd; ++d)
                     qh[d] *= scale;
                 float *keys = kc + hh * cap * hd, *values = vc + hh * cap * hd;
                 std::copy_n(k.data() + hh * hd, hd, keys + past * hd);
                 std::copy_n(v.data() + hh * hd, hd, values + past * hd);
                 attendOneHead(qh, 1, keys, values, T, hd, mp ? mp + hh * headStride : nullptr, 0, keyStride, 1.0f,
                               scores.data() + hh * T, att.data() + hh * hd);
             }
         }},
        {0, 1, [&](int64_t, int64_t) {
             row::layerNorm(att.data(), l.innerLn, D, a.data());
             o.prepare(a.data(), D);
         }},
        o.step(),
        {0, 1, [&](int64_t, int64_t) {
             row::layerNorm(mid.data(), l.finalLn, D, h.data());
             fc1.prepare(h.data(), D);
         }},
        fc1.step(),
        // gelu shared by the threads (quant::geluErf gives a value the same bits wherever a slice puts it)
        {ffn, 1024, [&](int64_t lo, int64_t hi) { row::gelu(f.data() + lo, hi - lo); }},
        {0, 1, [&](int64_t, int64_t) {
             row::layerNorm(f.data(), l.ffnLn, ffn, f.data());
             fc2.prepare(f.data(), ffn);
         }},
        fc2.step(),
    });
    return out;
}

at::Tensor Model::textLayer(size_t i, const at::Tensor &x, const at::Tensor &keyMask) const
{
    const at::AutoGradMode gradMode(m_trainable && at::GradMode::is_enabled());
    return runTextLayer(i, x, attentionMask(keyMask, x.size(1), 0), nullptr, 0);
}

at::Tensor Model::forwardHidden(const at::Tensor &ids, const at::Tensor &positions, const at::Tensor &keyMask,
                                const at::Tensor &imageEmbeds, const at::Tensor &imageMask, KVCache *cache,
                                bool lastOnly, std::vector<at::Tensor> *hidden, const StopCheck &stop,
                                DecoderProbe *probe) const
{
    const at::AutoGradMode gradMode(m_trainable && at::GradMode::is_enabled());
    const auto &tc = m_cfg.text;
    const int64_t B = ids.size(0), L = ids.size(1), D = tc.embedDim;
    const int64_t past = cache ? cache->length : 0, total = past + L;
    if (keyMask.size(1) != total)
        throw std::invalid_argument("forwardText: key mask covers " + std::to_string(keyMask.size(1)) +
                                    " positions, expected " + std::to_string(total));

    at::Tensor x = lookupRows(m_embed, ids);
    if (imageEmbeds.defined() && imageMask.defined()) {
        at::Tensor m = imageMask.to(at::kBool);
        const int64_t slots = m.sum().item<int64_t>();
        if (slots != imageEmbeds.size(0) * imageEmbeds.size(1))
            throw std::invalid_argument("forwardText: " + std::to_string(slots) + " image slots but " +
                                        std::to_string(imageEmbeds.size(0) * imageEmbeds.size(1)) +
                                        " image embeddings");
        x = x.masked_scatter(m.unsqueeze(-1).expand_as(x), imageEmbeds.to(at::kFloat).contiguous());
    }
    if (tc.scaleEmbedding)
        x = x * static_cast<float>(std::sqrt(static_cast<double>(D)));
    x = x + positionEmbedding(positions);
    if (hidden)
        hidden->push_back(x);

    const at::Tensor mask = attentionMask(keyMask, L, past);
    if (cache)
        reserve(*cache, B, total);
    for (size_t li = 0; li < m_text.size(); ++li) {
        stopIfAsked(stop);
        x = runTextLayer(li, x, mask, cache, past, probe);
        if (hidden && li + 1 < m_text.size())
            hidden->push_back(x);
    }
    if (cache)
        cache->length = total;
    if (lastOnly)
        x = x.narrow(1, L - 1, 1);
    x = m_finalLn(x);
    if (hidden) // the reference's last hidden state is taken after the final LayerNorm
        hidden->push_back(x);
    return x;
}

} // namespace gc::nn::kosmos2
