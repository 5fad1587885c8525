#pragma once

// Kosmos-2 forward pass in libtorch: the CLIP vision tower (nn/clip_vision.h), the latent-query projection
// and the sub-LN text decoder with the image splice, sinusoidal positions and a KV cache (nn/kv_cache.h).
// Internal header (ATen).

#include "nn/kosmos2/config.h"
#include "nn/clip_vision.h"
#include "nn/decoder_probe.h"
#include "nn/kv_cache.h"
#include "nn/layers.h"

#include <vector>

namespace gc::nn::kosmos2 {

struct VisionOutput {
    at::Tensor lastHiddenState;           // [B, N+1, Dv], before post_layernorm
    std::vector<at::Tensor> hiddenStates; // only when requested: embeddings, then each layer's output
    at::Tensor normalizedFeatures;        // [B, N+1, Dv] post_layernorm + L2 normalise
    at::Tensor imageEmbeds;               // [B, Q, D]
    // only when requested: the latent queries' attention over the projected patches (CLS first) and the
    // latents themselves, head-averaged, [B, Q, N+1+Q]
    at::Tensor resamplerAttention;
};

class Model {
public:
    // `stop` is asked before each layer's weights, so that loading a large checkpoint can be cancelled.
    Model(Config cfg, WeightStore weights, const StopCheck &stop = {});
    [[nodiscard]] const Config &config() const { return m_cfg; }
    [[nodiscard]] const WeightStore &weights() const { return m_w; }
    [[nodiscard]] bool untiedLmHead() const { return m_untied; }
    // Inference runs without autograd; a trainer (tools/demo_model) switches it on to train through the
    // same forward code.
    void setTrainable(bool on) { m_trainable = on; }
    // A decode step of one row runs each text layer on raw floats (nn/row_ops.h) when the weights allow it; off,
    // it takes the general path, which tests compare it with.
    void setOneTokenPath(bool on) { m_oneTokenPath = on; }

    // pixels [B, C, S, S] float32. `stop` is asked before each layer (see StopCheck).
    [[nodiscard]] VisionOutput encodeImage(const at::Tensor &pixels, bool keepHiddenStates = false,
                                           const StopCheck &stop = {}, bool keepResamplerAttention = false) const;

    // Runs `ids` [B, L] after the cached positions. keyMask [B, cache.length + L] (1 = real token);
    // positions [B, L] (nn::xlmrPositions). imageEmbeds [B, Q, D] is spliced where imageMask [B, L] is 1 (both may be
    // undefined when the chunk has no image slots). Returns logits [B, L, V], or [B, 1, V] for the last
    // position only. hidden, when given, receives the embeddings, each layer's output and, in place of the
    // last layer's, the final LayerNorm's output (the reference's convention). `stop` is asked before each
    // layer; a stopped pass leaves the cache's length as it was. probe, when given, records each layer's output and
    // attention weights.
    at::Tensor forwardText(const at::Tensor &ids, const at::Tensor &positions, const at::Tensor &keyMask,
                           const at::Tensor &imageEmbeds, const at::Tensor &imageMask, KVCache *cache,
                           bool lastOnly, std::vector<at::Tensor> *hidden = nullptr,
                           const StopCheck &stop = {}, DecoderProbe *probe = nullptr) const;

    // forwardText in two halves: the final LayerNorm's output [B, L, D] (or [B, 1, D]), and the output
    // layer applied to any such rows (training computes logits only where it has labels).
    at::Tensor forwardHidden(const at::Tensor &ids, const at::Tensor &positions, const at::Tensor &keyMask,
                             const at::Tensor &imageEmbeds, const at::Tensor &imageMask, KVCache *cache,
                             bool lastOnly, std::vector<at::Tensor> *hidden = nullptr,
                             const StopCheck &stop = {}, DecoderProbe *probe = nullptr) const;
    [[nodiscard]] at::Tensor lmHead(const at::Tensor &finalHidden) const;
    // The logits of the tokens `ids` [T] alone: [..., T].
    [[nodiscard]] at::Tensor lmHead(const at::Tensor &finalHidden, const at::Tensor &ids) const
    {
        return m_lmHead.outputs(finalHidden.contiguous(), ids);
    }
    // Weight bytes one decode step reads, as the weights are held: every text layer, the final LayerNorm, the
    // output layer and one row of the embedding table (the positions are computed, not read).
    [[nodiscard]] int64_t decodeBytesPerToken() const;
    // One text layer alone on x [B, L, D] (no cache, causal, keyMask [B, L]), and the final LayerNorm: with the
    // vision tower's layer() they let a test feed each layer a reference input, isolating that layer's error.
    [[nodiscard]] at::Tensor textLayer(size_t i, const at::Tensor &x, const at::Tensor &keyMask) const;
    [[nodiscard]] size_t textLayerCount() const { return m_text.size(); }
    [[nodiscard]] at::Tensor finalLayerNorm(const at::Tensor &x) const { return m_finalLn(x); }
    [[nodiscard]] const ClipVisionTower &visionTower() const { return m_vision; }

    // Makes room for `total` positions in the cache, keeping what it holds.
    void reserve(KVCache &cache, int64_t batch, int64_t total) const;

private:
    struct TextLayer {
        LayerNorm attnLn, innerLn, finalLn, ffnLn;
        Linear q, k, v, o, fc1, fc2;
    };
    [[nodiscard]] at::Tensor positionEmbedding(const at::Tensor &positions) const;
    // The additive attention mask of L new positions after `past` cached ones; keyMask [B, past + L].
    [[nodiscard]] at::Tensor attentionMask(const at::Tensor &keyMask, int64_t L, int64_t past) const;
    [[nodiscard]] at::Tensor runTextLayer(size_t li, const at::Tensor &x, const at::Tensor &mask, KVCache *cache,
                                          int64_t past, DecoderProbe *probe = nullptr) const;
    // runTextLayer for one row of one token after `past` cached positions, on raw floats: the same steps without a
    // tensor per step.
    [[nodiscard]] bool oneTokenApplies(const at::Tensor &x, const at::Tensor &mask, const KVCache *cache,
                                       const DecoderProbe *probe) const;
    [[nodiscard]] at::Tensor runTextLayerOneToken(size_t li, const at::Tensor &x, const at::Tensor &mask,
                                                  KVCache &cache, int64_t past) const;

    Config m_cfg;
    WeightStore m_w;
    bool m_untied = false;
    bool m_trainable = false;
    bool m_oneTokenFits = false; // every text layer's weights as the one-token path reads them
    bool m_oneTokenPath = true;
    ClipVisionTower m_vision;
    // projection
    Linear m_dense, m_xq, m_xk, m_xv, m_xo;
    at::Tensor m_latent;
    // text
    at::Tensor m_embed; // the token table as stored (WeightStore::table)
    [[nodiscard]] at::TensorOptions floatOptions() const { return at::TensorOptions().device(m_embed.device()).dtype(at::kFloat); }
    Linear m_lmHead;
    std::vector<TextLayer> m_text;
    LayerNorm m_finalLn;
};

} // namespace gc::nn::kosmos2
