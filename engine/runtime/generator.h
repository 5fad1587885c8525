#pragma once

// Model-agnostic decode loop: after a prefill, one token per row through the architecture's decode
// state (which keeps the cache and numbers the positions), with streaming, progress and abort hooks.
// Internal (ATen).

#include "runtime/architecture.h"
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

// `sequences` are the full prompts (pads included) that `state` was prefilled with, and firstLogits
// [B, V] the prefill's last-position logits. A finished row is fed the pad token until all are done.
GenerateOutput generate(at::Tensor firstLogits, std::vector<std::vector<int64_t>> sequences, DecodeState &state,
                        const SamplingParams &params, const GenerateHooks &hooks, bool keepLogits = false);

} // namespace gc::runtime
