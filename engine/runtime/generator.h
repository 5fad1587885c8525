#pragma once

// Model-agnostic decode loop for decoder-only text models: KV-cached steps after a prefill, with
// streaming, progress and abort hooks, and batches whose prompts are left-padded. Internal (ATen).

#include "runtime/sampling.h"

#include <ATen/ATen.h>

#include <functional>
#include <vector>

namespace gc::runtime {

struct GenerateHooks {
    std::function<void(int64_t row, int64_t token)> onToken;
    std::function<void(int64_t step, int64_t maxSteps)> onProgress;
    std::function<bool()> shouldAbort; // checked before every decode step
};

struct GenerateOutput {
    std::vector<std::vector<int64_t>> newTokens; // per row, without the trailing pads of finished rows
    std::vector<at::Tensor> rawLogits;           // per step [B, V], only when asked for
    std::vector<at::Tensor> scores;              // per step [B, V] after the processors, only when asked for
    bool aborted = false; // the final chosen token is never fed back, so its KV is not cached
};

// tokens [B, 1], positions [B, 1], key mask [B, T] -> next-token logits [B, V].
using DecodeStep = std::function<at::Tensor(const at::Tensor &, const at::Tensor &, const at::Tensor &)>;

// `sequences` are the full prompts (pads included), `attentionMask` [B, L] matches them, and
// firstLogits [B, V] are the prefill's last-position logits. Positions follow the padding-aware rule
// (1 + count of non-pad tokens, pad tokens get padId), as Kosmos-2/XLM-R need.
GenerateOutput generate(at::Tensor firstLogits, std::vector<std::vector<int64_t>> sequences,
                        const at::Tensor &attentionMask, const DecodeStep &step, const SamplingParams &params,
                        const GenerateHooks &hooks, bool keepLogits = false);

} // namespace gc::runtime
