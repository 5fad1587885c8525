#pragma once

// What a decoder's forward pass records for an explanation (runtime/explain.h): per layer, the layer's raw
// output at chosen positions (the logit lens reads them through the language head) and the softmax attention
// weights of chosen query positions, averaged over the query heads. Only those rows are kept, so a long prompt
// costs layers × (positions × width + queries × length), not layers × length². Every decoder of the runtime
// calls the same two hooks; nothing here knows an architecture. Internal header (ATen).

#include <ATen/ATen.h>

#include <vector>

namespace gc::nn {

struct DecoderProbe {
    at::Tensor hiddenAt;  // [B, P] long: the positions of the pass (0 = its first) whose layer outputs are kept
    at::Tensor queriesAt; // [B, Q] long: the positions whose attention rows are kept
    std::vector<at::Tensor> hidden;    // per layer run, [B, P, D]
    std::vector<at::Tensor> attention; // per layer run, [B, Q, keys]: cached positions included

    // x [B, L, D]: a layer's output.
    void recordHidden(const at::Tensor &x);
    // weights [B, H, L, keys]: a layer's attention probabilities, one row per query head and position.
    void recordAttention(const at::Tensor &weights);
};

// softmax(q kᵀ + mask) v over [B, H, *, hd] (nn::attend) with the weights recorded into `probe`, for decoders
// whose attention goes through nn::attend.
[[nodiscard]] at::Tensor attendRecorded(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v,
                                        const at::Tensor &mask, DecoderProbe &probe);

} // namespace gc::nn
