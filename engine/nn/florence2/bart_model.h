#pragma once

// Florence-2's language model in libtorch: a post-LN BART encoder over the image features and the
// prompt's embeddings, and a decoder with a self-attention KV cache (nn/kv_cache.h) and cross-attention
// keys and values computed once per encoder output. Tensors are asked for by their remote-code names
// (weight_names.h). Internal header (ATen).

#include "nn/florence2/bart_config.h"
#include "nn/kv_cache.h"
#include "nn/layers.h"

#include <vector>

namespace gc::nn::florence2 {

// The encoder output as every decoder layer reads it: keys and values [Benc, heads, S, head_dim] per
// layer, and the additive key mask [Benc, 1, 1, S] (undefined when no position is padding). A decoder
// batch of Benc rows reads them row for row; one encoder row serves any number of decoder rows (beams).
struct CrossAttentionCache {
    std::vector<at::Tensor> k, v;
    at::Tensor mask;
    [[nodiscard]] int64_t rows() const { return k.empty() ? 0 : k[0].size(0); }
};

class BartModel {
public:
    // Reads the tensors from `weights`, which must outlive the model (F32 weights alias its mapping).
    // `stop` is asked before each layer's weights.
    BartModel(BartConfig cfg, const WeightStore &weights, const StopCheck &stop = {});
    [[nodiscard]] const BartConfig &config() const { return m_cfg; }
    [[nodiscard]] bool untiedLmHead() const { return m_untied; }
    [[nodiscard]] at::Device device() const { return m_shared.device(); }
    [[nodiscard]] at::TensorOptions floatOptions() const { return at::TensorOptions().device(device()).dtype(at::kFloat); }

    // shared(ids) [B, L, D]: the prompt's part of the encoder input (never scaled).
    [[nodiscard]] at::Tensor embedText(const at::Tensor &ids) const;
    // inputsEmbeds [B, S, D] at positions [B, S] (0-based; the table's offset of 2 is added here), with
    // keyMask [B, S] (1 = real, may be undefined). hidden, when given, receives the output of
    // layernorm_embedding and of each layer. `stop` is asked before each layer.
    [[nodiscard]] at::Tensor encode(const at::Tensor &inputsEmbeds, const at::Tensor &positions,
                                    const at::Tensor &keyMask, std::vector<at::Tensor> *hidden = nullptr,
                                    const StopCheck &stop = {}) const;
    [[nodiscard]] CrossAttentionCache crossAttention(const at::Tensor &encoderOut, const at::Tensor &keyMask) const;

    // Makes room for `total` decoder positions of `batch` rows, keeping what the cache holds.
    void reserve(KVCache &cache, int64_t batch, int64_t total) const;
    // Runs decoder ids [B, L] after the cache's positions and returns the last layer's output [B, L, D];
    // hidden, when given, receives layernorm_embedding's output and each layer's. The cache's length
    // advances by L only when the pass completes.
    [[nodiscard]] at::Tensor decode(const at::Tensor &ids, KVCache &cache, const CrossAttentionCache &cross,
                                    std::vector<at::Tensor> *hidden = nullptr, const StopCheck &stop = {}) const;
    // lm_head + final_logits_bias over decoder outputs [B, L, D] -> [B, L, V].
    [[nodiscard]] at::Tensor logits(const at::Tensor &decoderOut) const;

private:
    struct Attention {
        Linear q, k, v, o;
        LayerNorm norm; // post-LN after the residual
    };
    struct EncoderLayer {
        Attention self;
        Linear fc1, fc2;
        LayerNorm finalNorm;
    };
    struct DecoderLayer {
        Attention self, cross;
        Linear fc1, fc2;
        LayerNorm finalNorm;
    };
    [[nodiscard]] at::Tensor positionRows(const at::Tensor &table, const at::Tensor &positions) const;

    BartConfig m_cfg;
    bool m_untied = false;
    at::Tensor m_shared, m_decoderEmbed; // token tables as stored (WeightStore::table)
    Linear m_lmHead; // lm_head (or the shared table) with final_logits_bias
    at::Tensor m_encoderPositions, m_decoderPositions;
    LayerNorm m_encoderEmbedNorm, m_decoderEmbedNorm;
    std::vector<EncoderLayer> m_encoder;
    std::vector<DecoderLayer> m_decoder;
};

} // namespace gc::nn::florence2
