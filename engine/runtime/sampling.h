#pragma once

// Next-token choice over one row of logits, with the reference's processors: repetition penalty,
// no-repeat n-gram ban and forced first/last tokens, then (when sampling) temperature, top-k and top-p, then a draw; otherwise
// argmax. Beam search (beam_search.h) applies the same processors. Plain C++.

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace gc::runtime {

// An answer's token limit when neither the caller, the model folder nor its architecture gives one.
inline constexpr int64_t kDefaultMaxNewTokens = 64;

struct SamplingParams {
    int64_t maxNewTokens = 20;
    bool doSample = false;
    double temperature = 1.0;
    int64_t topK = 50;   // 0 = off
    double topP = 1.0;   // 1 = off
    uint64_t seed = 0;
    int64_t noRepeatNgramSize = 0; // 0 = off
    int64_t eosId = 2;
    // Further ids that end an answer (generation_config's eos_token_id list after its first).
    std::vector<int64_t> moreEosIds;
    int64_t padId = 1;
    // A token already in the sequence (prompt included) has a positive score divided by this, a negative
    // one multiplied (CTRL's penalty, transformers' repetition_penalty); 1 = off.
    double repetitionPenalty = 1.0;
    // The only token allowed right after a lone start token (BART's forced_bos_token_id); -1 = off.
    int64_t forcedBosId = -1;
    // The only token allowed as the last new token (forced_eos_token_id); -1 = off.
    int64_t forcedEosId = -1;
    // Beam search (beam_search.h) when above 1.
    int64_t numBeams = 1;
    // A finished hypothesis scores its summed log-probabilities over its length to this power.
    double lengthPenalty = 1.0;
    // When beam search stops (generation_config's early_stopping): as soon as numBeams hypotheses are
    // finished (true), when no open beam can beat the worst of them at its current length (false), or
    // only when none can at any length ("never").
    enum class EarlyStopping { WhenFull, Heuristic, Never };
    EarlyStopping earlyStopping = EarlyStopping::Heuristic;

    [[nodiscard]] bool endsAnswer(int64_t token) const
    {
        return token == eosId || std::find(moreEosIds.begin(), moreEosIds.end(), token) != moreEosIds.end();
    }
};

// Divides the positive scores of the tokens in `sequence` by `penalty` and multiplies the negative ones.
void penalizeRepetitions(const std::vector<int64_t> &sequence, double penalty, std::vector<float> &scores);

// Sets scores of tokens that would repeat an n-gram already in `sequence` to -inf.
void banRepeatedNgrams(const std::vector<int64_t> &sequence, int64_t n, std::vector<float> &scores);

// The logits processors, in the reference's order, on the scores of the token after `sequence`: the
// repetition penalty; the n-gram ban; then, when `sequence` is the lone start token, forced BOS; then, when this token is the
// last one allowed (`lastToken`), forced EOS. Forcing leaves 0 on the forced token and -inf elsewhere.
void applyProcessors(std::vector<float> &scores, const std::vector<int64_t> &sequence, const SamplingParams &p,
                     bool lastToken);

// Applies the processors to `scores` in place (the result is what the reference calls "scores") and
// returns the chosen token; `lastToken` says it is the last one maxNewTokens allows.
int64_t chooseToken(std::vector<float> &scores, const std::vector<int64_t> &sequence, const SamplingParams &p,
                    std::mt19937_64 &rng, bool lastToken = false);

} // namespace gc::runtime
