#pragma once

// Beam search over any architecture's decode state, as Hugging Face transformers 4.41 runs it for one
// prompt (BeamSearchScorer with num_beam_hyps_to_keep 1): log-softmax, the logits processors
// (sampling.h), the top 2 * numBeams continuations over all beams, finished hypotheses scored by their
// summed log-probabilities over their generated length to the length penalty, early stopping, and the
// open beams finalized at the length limit. The answer exists only when the search ends, so it reports
// progress instead of streaming tokens. Internal (ATen).

#include "runtime/architecture.h"
#include "runtime/generator.h"
#include "runtime/sampling.h"

#include <ATen/ATen.h>

#include <vector>

namespace gc::runtime {

struct BeamSearchOutput {
    // The best hypothesis' tokens after the initial sequence, its end token included when it ended
    // with one (a beam still open at the length limit has none).
    std::vector<int64_t> tokens;
    // Its summed log-probabilities (after the processors) over its length to params.lengthPenalty, the
    // length counting the initial sequence's last token and the new tokens before the end token: the
    // reference's sequences_scores.
    double score = 0;
    // Stopped by hooks.shouldAbort: `tokens` is then the best of what it had found, the open beams
    // competing as at the length limit.
    bool aborted = false;
};

// `state` was prefilled with one prompt and gave firstLogits [1, V]; `sequence` is what the processors
// see after it (DecodeState::generatedPrefix). Runs params.numBeams beams (1 is allowed: then it is
// greedy search with the beam scorer's stopping rule) for at most params.maxNewTokens tokens.
// hooks.onProgress gets each step, hooks.shouldAbort is asked before each; hooks.onToken is not
// called. The state's rows are beams while it runs; it is left empty (truncate(0)) afterwards.
BeamSearchOutput beamSearch(const at::Tensor &firstLogits, const std::vector<int64_t> &sequence, DecodeState &state,
                            const SamplingParams &params, const GenerateHooks &hooks);

} // namespace gc::runtime
