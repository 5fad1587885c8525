#pragma once

// Florence-2 decoding: the prompt (image features, then the text) goes to the BART encoder once per
// prefill; the decoder then starts from decoder_start_token_id with its self-attention KV cache, and
// every decoder row reads the encoder output of its prompt through cross-attention keys and values
// computed once. Rows are decoder rows: reorder() repeats or drops them for beam search without
// copying the encoder side. Internal header (ATen).

#include "nn/florence2/bart_model.h"
#include "runtime/architecture.h"

#include <vector>

namespace gc::nn::florence2 {

class DecodeState final : public runtime::DecodeState {
public:
    explicit DecodeState(const BartModel &model) : m_model(model) {}

    // Decoder positions cached (the start token and the tokens fed since).
    [[nodiscard]] int64_t length() const override { return m_self.length; }
    // Keeps the first n decoder positions; the encoder output stays.
    void truncate(int64_t n) override;
    // Always runs the encoder over the whole rows, whatever length() was (a bidirectional encoder has no
    // reusable prefix): token ids embedded by `shared`, image spans replaced by `imageEmbeds` [B, Q, D]
    // in row order, left padding masked out and positions counted from each row's first real token, so
    // that a batched row gives what it gives alone. Then feeds decoder_start_token_id to every row and
    // returns its logits [B, V] ([B, 1, V] when allPositions), with the cache sized for 1 + room.
    at::Tensor prefill(const runtime::PromptBatch &batch, const at::Tensor &imageEmbeds, int64_t room,
                       bool allPositions, const StopCheck &stop) override;
    at::Tensor step(const std::vector<int64_t> &tokens) override;
    void reorder(const std::vector<int64_t> &rows) override;
    // The decoder's start token for each row: what the logits processors see after prefill.
    [[nodiscard]] std::vector<std::vector<int64_t>> generatedPrefix(const runtime::PromptBatch &batch) const override;

    // The encoder's output [B, S, D] of the last prefill (encoder_last_hidden_state).
    [[nodiscard]] at::Tensor encoderOutput() const override { return m_encoderOut; }

private:
    const BartModel &m_model;
    at::Tensor m_encoderOut;
    CrossAttentionCache m_cross;
    KVCache m_self;
};

} // namespace gc::nn::florence2
