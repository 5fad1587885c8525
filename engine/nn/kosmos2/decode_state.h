#pragma once

// Kosmos-2 decoding: the KV cache, the key mask and the XLM-R position counters of a batch, fed by the
// runtime's generator. Internal header (ATen).

#include "nn/kosmos2/model.h"
#include "runtime/architecture.h"

#include <vector>

namespace gc::nn::kosmos2 {

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
    [[nodiscard]] at::Tensor lensLogits(const at::Tensor &layerOutput) const override
    {
        return m_model.lmHead(m_model.finalLayerNorm(layerOutput));
    }
    [[nodiscard]] at::Tensor lensLogits(const at::Tensor &layerOutput, const at::Tensor &ids) const override
    {
        return m_model.lmHead(m_model.finalLayerNorm(layerOutput), ids);
    }

    // prefill with the reference's tensors: ids, attention mask and image-position mask [B, L] of the
    // whole prompts (the cached part included); imageMask may be undefined when no slot lies in the part run.
    at::Tensor prefillTensors(const at::Tensor &ids, const at::Tensor &attentionMask, const at::Tensor &imageEmbeds,
                              const at::Tensor &imageMask, int64_t room, bool allPositions, const StopCheck &stop);

private:
    const Model &m_model;
    KVCache m_kv;
    at::Tensor m_keyMask;        // [B, length]
    DecoderProbe *m_probe = nullptr; // setProbe's: the prefills record into it
    std::vector<int64_t> m_real; // per row, the tokens that are not pads: the next position is pad + 1 + this
};

} // namespace gc::nn::kosmos2
