#pragma once

// Next-token choice over one row of logits, with the reference's processors: no-repeat n-gram ban,
// then (when sampling) temperature, top-k and top-p, then a draw; otherwise argmax. Plain C++.

#include <cstdint>
#include <random>
#include <vector>

namespace gc::runtime {

struct SamplingParams {
    int64_t maxNewTokens = 20;
    bool doSample = false;
    double temperature = 1.0;
    int64_t topK = 50;   // 0 = off
    double topP = 1.0;   // 1 = off
    uint64_t seed = 0;
    int64_t noRepeatNgramSize = 0; // 0 = off
    int64_t eosId = 2;
    int64_t padId = 1;
};

// Sets scores of tokens that would repeat an n-gram already in `sequence` to -inf.
void banRepeatedNgrams(const std::vector<int64_t> &sequence, int64_t n, std::vector<float> &scores);

// Applies the processors to `scores` in place (the result is what the reference calls "scores") and
// returns the chosen token.
int64_t chooseToken(std::vector<float> &scores, const std::vector<int64_t> &sequence, const SamplingParams &p,
                    std::mt19937_64 &rng);

} // namespace gc::runtime
