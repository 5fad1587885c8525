#pragma once

// Qwen2.5-VL decoding: the image splice, the M-RoPE position ids of the prompt (rope_index.h) and the decode
// offset (cache index + rope delta on all three axes), the KV cache and key mask of a left-padded batch.
// Internal header (ATen).

#include "nn/qwen25vl/config.h"
#include "nn/rope_decoder.h"
#include "runtime/architecture.h"

#include <vector>

namespace gc::nn::qwen25vl {

class DecodeState final : public runtime::DecodeState {
public:
    DecodeState(const RopeDecoder &decoder, const Config &config) : m_dec(decoder), m_cfg(config) {}

    [[nodiscard]] int64_t length() const override { return m_kv.length; }
    void truncate(int64_t n) override;
    // The spans' grids (ImageSpan::rows/cols) number the image tokens; imageEmbeds holds the rows of every image
    // whose span lies in the part run, in order ([B, Q, D] or [ΣQ, D]).
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

    // prefill with the reference's tensors: ids, attention mask and image-slot mask [B, L] of the whole prompts
    // (the cached part included), the images' merged grids in order across the batch, and the image rows
    // [ΣQ, D] for the slots in the part run (undefined when none is). hidden as RopeDecoder::forward.
    at::Tensor prefillTensors(const at::Tensor &ids, const at::Tensor &attentionMask, const at::Tensor &imageMask,
                              const std::vector<MergedGrid> &grids, const at::Tensor &imageEmbeds, int64_t room,
                              bool allPositions, const StopCheck &stop, std::vector<at::Tensor> *hidden = nullptr);
    // The prompt's M-RoPE offsets of the last prefill ([B]).
    [[nodiscard]] const std::vector<int64_t> &ropeDeltas() const { return m_deltas; }

private:
    const RopeDecoder &m_dec;
    Config m_cfg;
    KVCache m_kv;
    at::Tensor m_keyMask;          // [B, length]
    std::vector<int64_t> m_deltas; // per row
    DecoderProbe *m_probe = nullptr; // setProbe's: the prefills record into it
};

} // namespace gc::nn::qwen25vl
