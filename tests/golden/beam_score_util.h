#pragma once

// A beam-search answer's summed log-probabilities recomputed by teacher forcing, for the golden tests
// of beam_search.h's scores.

#include "runtime/architecture.h"

#include <ATen/ATen.h>

#include <vector>

namespace golden {

// Feeds `tokens` to `state`, which gave `logits` after `sequence`, and adds up each token's log-softmax
// score after the processors (the last token is not treated as the last allowed one).
inline double processedLogProbSum(gc::runtime::DecodeState &state, at::Tensor logits, std::vector<int64_t> sequence,
                                  const std::vector<int64_t> &tokens, const gc::runtime::SamplingParams &p)
{
    double sum = 0;
    for (int64_t token : tokens) {
        const at::Tensor lp = at::log_softmax(logits.to(at::kFloat), -1).contiguous();
        std::vector<float> row(lp.data_ptr<float>(), lp.data_ptr<float>() + lp.numel());
        gc::runtime::applyProcessors(row, sequence, p, false);
        sum += row[static_cast<size_t>(token)];
        sequence.push_back(token);
        logits = state.step({token});
    }
    return sum;
}

} // namespace golden
