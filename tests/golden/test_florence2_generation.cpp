// Florence-2's generation against the florence2-tiny fixture's three generate() calls, from its
// image_features: beam search with the text_config defaults (3 beams, early stopping, no-repeat-3-gram,
// forced BOS/EOS; tokens identical, score within 1e-5), greedy with the same processors (tokens, raw
// and processed scores) and plain argmax (tokens, raw logits). max_new_tokens is 14 in each.

#include "beam_score_util.h"
#include "florence2_text_fixture.h"

#include "runtime/beam_search.h"
#include "runtime/generator.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace florence2_text;
namespace f2 = gc::nn::florence2;
using gc::runtime::SamplingParams;

namespace {

constexpr int64_t kMaxNewTokens = 14;

SamplingParams defaults()
{
    SamplingParams p = f2::generationDefaults(fx().model.config());
    p.maxNewTokens = kMaxNewTokens;
    return p;
}

// The reference's sequences without their leading decoder start token.
std::vector<int64_t> referenceTokens(const std::string &name)
{
    std::vector<int64_t> seq = golden::toVector(npy(name));
    EXPECT_EQ(seq.front(), 2);
    return {seq.begin() + 1, seq.end()};
}

struct Started {
    f2::DecodeState state{fx().model};
    at::Tensor logits;
    std::vector<int64_t> prefix;
    Started()
    {
        logits = state.prefill(promptBatch(), npy("image_features"), kMaxNewTokens, false, {});
        prefix = state.generatedPrefix(promptBatch())[0];
    }
};

gc::runtime::GenerateOutput greedy(const SamplingParams &p)
{
    Started s;
    return gc::runtime::generate(s.logits, {s.prefix}, s.state, p, {}, true);
}

// Processed scores: -inf exactly where the reference has it, within 1e-4 elsewhere.
void expectScores(const std::vector<at::Tensor> &steps, const at::Tensor &ref)
{
    ASSERT_EQ(static_cast<int64_t>(steps.size()), ref.size(0));
    for (size_t t = 0; t < steps.size(); ++t) {
        const at::Tensor ours = steps[t].flatten(), theirs = ref[static_cast<int64_t>(t)].flatten();
        ASSERT_TRUE(at::equal(at::isinf(ours), at::isinf(theirs))) << "banned tokens differ at step " << t;
        const at::Tensor finite = at::isfinite(theirs);
        EXPECT_LE(maxAbsDiff(ours.masked_select(finite), theirs.masked_select(finite)), 1e-4) << "step " << t;
    }
}

} // namespace

TEST(Florence2Generation, BeamSearchOfThreeMatchesTheReference)
{
    Started s;
    const SamplingParams p = defaults();
    ASSERT_EQ(p.numBeams, 3);
    std::vector<int64_t> progress;
    gc::runtime::GenerateHooks hooks;
    hooks.onProgress = [&](int64_t step, int64_t max) {
        EXPECT_EQ(max, kMaxNewTokens);
        progress.push_back(step);
    };
    const gc::runtime::BeamSearchOutput out = gc::runtime::beamSearch(s.logits, s.prefix, s.state, p, hooks);
    EXPECT_EQ(out.tokens, referenceTokens("gen_beam3_sequences"));
    EXPECT_NEAR(out.score, npy("gen_beam3_sequences_scores").item<double>(), 1e-5);
    EXPECT_FALSE(out.aborted);
    ASSERT_FALSE(progress.empty());
    for (size_t i = 0; i < progress.size(); ++i)
        EXPECT_EQ(progress[i], static_cast<int64_t>(i + 1));
    EXPECT_EQ(s.state.length(), 0); // its rows were beams
}

TEST(Florence2Generation, GreedyWithTheProcessorsMatchesTheReference)
{
    SamplingParams p = defaults();
    p.numBeams = 1;
    const gc::runtime::GenerateOutput out = greedy(p);
    EXPECT_EQ(out.newTokens[0], referenceTokens("gen_greedy_sequences"));
    ASSERT_EQ(out.rawLogits.size(), static_cast<size_t>(kMaxNewTokens));
    for (size_t t = 0; t < out.rawLogits.size(); ++t)
        EXPECT_LE(maxAbsDiff(out.rawLogits[t], npy("gen_greedy_logits")[static_cast<int64_t>(t)]), 1e-4) << t;
    expectScores(out.scores, npy("gen_greedy_scores"));
}

TEST(Florence2Generation, PlainArgmaxMatchesTheReference)
{
    SamplingParams p = defaults();
    p.numBeams = 1;
    p.noRepeatNgramSize = 0;
    p.forcedBosId = p.forcedEosId = -1;
    const gc::runtime::GenerateOutput out = greedy(p);
    EXPECT_EQ(out.newTokens[0], referenceTokens("gen_greedy_raw_sequences"));
    ASSERT_EQ(out.rawLogits.size(), static_cast<size_t>(kMaxNewTokens));
    for (size_t t = 0; t < out.rawLogits.size(); ++t)
        EXPECT_LE(maxAbsDiff(out.rawLogits[t], npy("gen_greedy_raw_logits")[static_cast<int64_t>(t)]), 1e-4) << t;
}

TEST(Florence2Generation, BeamSearchWithOneBeamIsGreedy)
{
    Started s;
    SamplingParams p = defaults();
    p.numBeams = 1;
    const gc::runtime::BeamSearchOutput out = gc::runtime::beamSearch(s.logits, s.prefix, s.state, p, {});
    EXPECT_EQ(out.tokens, referenceTokens("gen_greedy_sequences"));
}

// Without early stopping or the forced end, the open beams at the length limit compete too; the best
// hypothesis' score is its own summed log-probabilities over its length.
TEST(Florence2Generation, OpenBeamsAreFinalizedAtTheLengthLimit)
{
    Started s;
    SamplingParams p = defaults();
    p.forcedEosId = -1;
    p.maxNewTokens = 4;
    p.earlyStopping = SamplingParams::EarlyStopping::Heuristic;
    const gc::runtime::BeamSearchOutput out = gc::runtime::beamSearch(s.logits, s.prefix, s.state, p, {});
    ASSERT_FALSE(out.tokens.empty());
    ASSERT_LE(out.tokens.size(), 4u);

    Started again;
    const double sum = golden::processedLogProbSum(again.state, again.logits, again.prefix, out.tokens, p);
    // transformers 4.41 divides by the new tokens, an ended hypothesis' end token included (for an
    // encoder-decoder that is the length before the end token, counting the start token).
    EXPECT_NEAR(out.score, sum / static_cast<double>(out.tokens.size()), 1e-5);
}

// A stopped search answers with the best of what it had found: what a search limited to the steps it ran
// gives (without the forced end, which only the last allowed step has).
TEST(Florence2Generation, AbortStopsTheSearchWithItsBestSoFar)
{
    SamplingParams p = defaults();
    p.forcedEosId = -1;
    p.earlyStopping = SamplingParams::EarlyStopping::Heuristic;
    Started s;
    int64_t asked = 0;
    gc::runtime::GenerateHooks hooks;
    hooks.shouldAbort = [&] { return ++asked == 3; };
    const gc::runtime::BeamSearchOutput out = gc::runtime::beamSearch(s.logits, s.prefix, s.state, p, hooks);
    EXPECT_TRUE(out.aborted);
    EXPECT_EQ(asked, 3);
    EXPECT_EQ(s.state.length(), 0);

    Started limited;
    p.maxNewTokens = 3;
    const gc::runtime::BeamSearchOutput three = gc::runtime::beamSearch(limited.logits, limited.prefix, limited.state, p, {});
    ASSERT_FALSE(three.tokens.empty());
    EXPECT_EQ(out.tokens, three.tokens);
    EXPECT_NEAR(out.score, three.score, 1e-6);
}
