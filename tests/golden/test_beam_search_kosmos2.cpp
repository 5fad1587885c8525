// Beam search is model-independent: over Kosmos-2's decode state (a decoder-only model, whose
// processors see the whole prompt), one beam gives the reference's no-repeat-3-gram greedy tokens, and
// three beams give a hypothesis whose score is its own summed log-probabilities over its length.

#include "beam_score_util.h"
#include "golden_util.h"

#include "io/model_folder.h"
#include "nn/kosmos2/decode_state.h"
#include "nn/kosmos2/model.h"
#include "runtime/beam_search.h"

#include <gtest/gtest.h>

using namespace golden;
namespace k2 = gc::nn::kosmos2;
using gc::runtime::SamplingParams;

namespace {

struct Started {
    gc::io::ModelFolder folder = gc::io::openModelFolder(fixture());
    k2::Model model{k2::parseConfig(folder.config, "config.json"),
                    gc::nn::WeightStore(gc::io::SafeTensors::openFile(folder.weightsFile))};
    k2::DecodeState state{model};
    at::Tensor logits;
    std::vector<int64_t> prompt = toVector(npy("input_ids"));
    Started(int64_t room)
    {
        logits = state.prefillTensors(npy("input_ids"), npy("attention_mask"),
                                      model.encodeImage(npy("pixel_values")).imageEmbeds,
                                      npy("image_embeds_position_mask"), room, false, {});
    }
};

SamplingParams params(int64_t beams, int64_t maxNewTokens)
{
    SamplingParams p;
    p.numBeams = beams;
    p.maxNewTokens = maxNewTokens;
    p.noRepeatNgramSize = 3;
    p.earlyStopping = SamplingParams::EarlyStopping::WhenFull;
    return p;
}

} // namespace

TEST(BeamSearchKosmos2, OneBeamGivesTheGreedyTokens)
{
    const std::vector<int64_t> ref = toVector(npy("gen_nrng3_new_tokens"));
    Started s(static_cast<int64_t>(ref.size()));
    const gc::runtime::BeamSearchOutput out = gc::runtime::beamSearch(
        s.logits, s.state.generatedPrefix({{s.prompt}, {0}, {{}}})[0], s.state,
        params(1, static_cast<int64_t>(ref.size())), {});
    EXPECT_EQ(out.tokens, ref);
}

TEST(BeamSearchKosmos2, ThreeBeamsScoreTheirBestHypothesis)
{
    constexpr int64_t kSteps = 8;
    Started s(kSteps);
    const SamplingParams p = params(3, kSteps);
    const gc::runtime::BeamSearchOutput out = gc::runtime::beamSearch(s.logits, s.prompt, s.state, p, {});
    ASSERT_FALSE(out.tokens.empty());
    EXPECT_EQ(s.state.length(), 0);

    Started again(kSteps);
    const double sum = processedLogProbSum(again.state, again.logits, again.prompt, out.tokens, p);
    // transformers 4.41 divides by the new tokens, an ended hypothesis' end token included.
    EXPECT_NEAR(out.score, sum / static_cast<double>(out.tokens.size()), 1e-5);
}
