#pragma once

// The pre-norm rotary decoder shared by LLaMA-style language models (LLaMA, Vicuna, Mistral, Qwen2 and the
// text model of Qwen2-VL / Qwen2.5-VL): RMSNorm, grouped-query attention with optional q/k/v (and o) biases,
// rotary positions with rotate-half (1-D, or Qwen2-VL's three-axis M-RoPE), SwiGLU MLP, tied or untied head,
// and the KV cache. The caller embeds (and splices images into) the input and numbers the positions; this
// module knows no prompt layout. Internal header (ATen).

#include "nn/decoder_probe.h"
#include "nn/kv_cache.h"
#include "nn/layers.h"
#include "nn/rms_norm.h"
#include "nn/rope_decoder_config.h"

#include <vector>

namespace gc::nn {

class RopeDecoder {
public:
    RopeDecoder() = default;
    // Checks the tensors against `cfg` (io::FormatError) and takes them from `w`: matrices in the store's
    // weight format, embeddings and norms in float32. `stop` is asked before each layer.
    RopeDecoder(RopeDecoderConfig cfg, const WeightStore &w, const RopeDecoderNames &names = {},
                const StopCheck &stop = {});
    [[nodiscard]] const RopeDecoderConfig &config() const { return m_cfg; }
    [[nodiscard]] bool untiedHead() const { return m_untied; }
    [[nodiscard]] at::Device device() const { return m_embed.device(); }
    [[nodiscard]] at::TensorOptions floatOptions() const { return at::TensorOptions().device(device()).dtype(at::kFloat); }

    // Token embeddings [B, L, D] of ids [B, L] (no scale).
    [[nodiscard]] at::Tensor embed(const at::Tensor &ids) const;

    // Runs `inputs` [B, L, D] after the positions the cache holds (none when cache is null). positions: [B, L]
    // for 1-D RoPE, or [3, B, L] (t, h, w) for M-RoPE; keyMask [B, past + L], 1 = a real token (left padding
    // is 0). Returns the final norm's output [B, L, D], or [B, 1, D] for the last position when `lastOnly`.
    // hidden, when given, receives the inputs, each layer's output but the last, and the final norm's output
    // (transformers' output_hidden_states). `stop` is asked before each layer; a stopped pass leaves the
    // cache's length as it was. probe, when given, records each layer's output and attention weights.
    [[nodiscard]] at::Tensor forward(const at::Tensor &inputs, const at::Tensor &positions, const at::Tensor &keyMask,
                                     KVCache *cache, bool lastOnly, std::vector<at::Tensor> *hidden = nullptr,
                                     const StopCheck &stop = {}, DecoderProbe *probe = nullptr) const;
    // The output layer: logits [..., V] of final hidden states [..., D].
    [[nodiscard]] at::Tensor logits(const at::Tensor &finalHidden) const;
    // The logit lens: the final norm and the output layer on a layer's raw output [..., D].
    [[nodiscard]] at::Tensor lensLogits(const at::Tensor &layerOutput) const { return logits(m_norm(layerOutput)); }
    // Of those, the logits of the tokens `ids` [T] alone: [..., T].
    [[nodiscard]] at::Tensor lensLogits(const at::Tensor &layerOutput, const at::Tensor &ids) const
    {
        return m_head.outputs(m_norm(layerOutput).contiguous(), ids);
    }

    // Makes room for `total` positions of `batch` rows in the cache, keeping what it holds.
    void reserve(KVCache &cache, int64_t batch, int64_t total) const;

private:
    struct Layer {
        RmsNorm inputNorm, postNorm;
        Linear q, k, v, o, gate, up, down;
    };
    // cos and sin [B, 1, L, hd] of the positions.
    [[nodiscard]] std::pair<at::Tensor, at::Tensor> rotary(const at::Tensor &positions) const;
    [[nodiscard]] at::Tensor runLayer(const Layer &l, size_t index, const at::Tensor &x, const at::Tensor &cos,
                                      const at::Tensor &sin, const at::Tensor &mask, KVCache *cache, int64_t past,
                                      DecoderProbe *probe) const;

    RopeDecoderConfig m_cfg;
    bool m_untied = false;
    at::Tensor m_embed; // the token table as stored (WeightStore::table)
    Linear m_head;
    std::vector<Layer> m_layers;
    RmsNorm m_norm;
    at::Tensor m_inv;  // [hd/2] inverse frequencies (up to max_position_embeddings for the dynamic scaling)
    at::Tensor m_axis; // [hd/2] the M-RoPE axis of each frequency; undefined for 1-D RoPE
};

} // namespace gc::nn
