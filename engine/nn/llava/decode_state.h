#pragma once

// LLaVA decoding as transformers 4.41 runs it: the prompt holds each image as its N feature rows (the in-model
// merge of the single <image> id), padding is zero embeddings and masked, positions count the valid tokens from
// 0 (1 on padding), and the k-th new token of a row with M valid prompt tokens sits at position M + k. Ferret's
// region slots (<region_fea>) take their region's feature instead of the token's embedding; for a model with a
// region module the image embeddings given to prefill are [.., Q, D + Dv], the tower's features behind the
// projector's (architecture.cpp's encodeImage). The
// logits processors see the prompt as the reference's input_ids: one <image> id per image, left-padded.
// Internal header (ATen).

#include "nn/llava/model.h"
#include "runtime/architecture.h"

#include <vector>

namespace gc::nn::llava {

class DecodeState final : public runtime::DecodeState {
public:
    explicit DecodeState(const Model &model) : m_model(model) {}

    [[nodiscard]] int64_t length() const override { return m_kv.length; }
    void truncate(int64_t n) override;
    at::Tensor prefill(const runtime::PromptBatch &batch, const at::Tensor &imageEmbeds, int64_t room,
                       bool allPositions, const StopCheck &stop) override;
    at::Tensor step(const std::vector<int64_t> &tokens) override;
    void reorder(const std::vector<int64_t> &rows) override;
    bool setProbe(DecoderProbe *probe) override
    {
        m_probe = probe;
        return true;
    }
    [[nodiscard]] at::Tensor lensLogits(const at::Tensor &layerOutput) const override;
    [[nodiscard]] at::Tensor lensLogits(const at::Tensor &layerOutput, const at::Tensor &ids) const override;
    [[nodiscard]] std::vector<std::vector<int64_t>> generatedPrefix(const runtime::PromptBatch &batch) const override;

    // Of the whole prompts of the last prefill [B, L]: the attention mask, the position ids and the image slots
    // (transformers' merged_attention_mask, merged position_ids and image_token_mask).
    [[nodiscard]] const at::Tensor &promptMask() const { return m_promptMask; }
    [[nodiscard]] const at::Tensor &promptPositions() const { return m_promptPositions; }
    [[nodiscard]] const at::Tensor &promptImageSlots() const { return m_promptImage; }

private:
    // Ferret: each region slot of `batch` in the part run (from `past`) gets its region's feature in x [B, n, D].
    void placeRegions(const runtime::PromptBatch &batch, int64_t past, at::Tensor &x) const;

    const Model &m_model;
    KVCache m_kv;
    at::Tensor m_keyMask; // [B, length]
    at::Tensor m_promptMask, m_promptPositions, m_promptImage;
    // Ferret: the tower's features [images, Q, Dv] of the last prefill given images, which the region slots read
    // (those of a later turn too, whose prefill runs on the cache without the images)
    at::Tensor m_regionMaps;
    std::vector<int64_t> m_next; // per row, the next token's position
    DecoderProbe *m_probe = nullptr; // setProbe's: the prefills record into it
};

} // namespace gc::nn::llava
