// Kosmos-2 forward pass and generation against the reference fixture: |delta| <= 1e-4 on every stored
// tensor, identical tokens for greedy and no-repeat-3-gram decoding.

#include "golden_util.h"

#include "io/model_folder.h"
#include "nn/kosmos2/decode_state.h"
#include "nn/kosmos2/model.h"
#include "nn/positions.h"
#include "runtime/generator.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace golden;
namespace k2 = gc::nn::kosmos2;

namespace {

constexpr double kTol = 1e-4;

struct Fixture {
    gc::io::ModelFolder folder = gc::io::openModelFolder(fixture());
    k2::Model model{k2::parseConfig(folder.config, "config.json"),
                    gc::nn::WeightStore(gc::io::SafeTensors::openFile(folder.weightsFile))};
};

Fixture &fx()
{
    static Fixture f;
    return f;
}

// Generation as the reference's generate() runs it: prefill with the image, then cached single steps.
gc::runtime::GenerateOutput runGenerate(int64_t nrng, int64_t steps)
{
    k2::Model &m = fx().model;
    at::Tensor ids = npy("input_ids"), am = npy("attention_mask"), iepm = npy("image_embeds_position_mask");
    at::Tensor emb = m.encodeImage(npy("pixel_values")).imageEmbeds;
    k2::DecodeState state(m);
    at::Tensor logits = state.prefillTensors(ids, am, emb, iepm, steps + 1, false, {});
    gc::runtime::SamplingParams p;
    p.maxNewTokens = steps;
    p.noRepeatNgramSize = nrng;
    std::vector<std::vector<int64_t>> seqs;
    for (int64_t b = 0; b < ids.size(0); ++b)
        seqs.push_back(toVector(ids[b]));
    return gc::runtime::generate(logits, seqs, state, p, {}, true);
}

} // namespace

TEST(Kosmos2Golden, VisionTower)
{
    k2::VisionOutput v = fx().model.encodeImage(npy("pixel_values"), true);
    at::Tensor ref = npy("vision_hidden_states");
    ASSERT_EQ(static_cast<int64_t>(v.hiddenStates.size()), ref.size(0));
    for (size_t i = 0; i < v.hiddenStates.size(); ++i) {
        const double dlt = maxAbsDiff(v.hiddenStates[i], ref[static_cast<int64_t>(i)]);
        EXPECT_LE(dlt, kTol) << "vision hidden state " << i;
        RecordProperty("vision_hidden_" + std::to_string(i), std::to_string(dlt));
    }
    EXPECT_LE(maxAbsDiff(v.lastHiddenState, npy("vision_last_hidden_state")), kTol);
    EXPECT_LE(maxAbsDiff(v.normalizedFeatures, npy("image_features_normalized")), kTol);
    const double d = maxAbsDiff(v.imageEmbeds, npy("image_embeds"));
    std::printf("max|d| image_embeds %.3g\n", d);
    EXPECT_LE(d, kTol);
}

TEST(Kosmos2Golden, TextForwardHiddenStatesAndLogits)
{
    k2::Model &m = fx().model;
    at::Tensor ids = npy("input_ids"), am = npy("attention_mask"), iepm = npy("image_embeds_position_mask");
    at::Tensor emb = m.encodeImage(npy("pixel_values")).imageEmbeds;
    std::vector<at::Tensor> hidden;
    at::Tensor logits = m.forwardText(ids, gc::nn::xlmrPositions(ids, 1), am, emb, iepm, nullptr, false, &hidden);
    at::Tensor refH = npy("text_hidden_states"), refL = npy("logits");
    ASSERT_EQ(static_cast<int64_t>(hidden.size()), refH.size(0));
    at::Tensor valid = am.to(at::kBool).unsqueeze(-1);
    for (size_t i = 0; i < hidden.size(); ++i) {
        const double d = maxAbsDiff(hidden[i].masked_select(valid), refH[static_cast<int64_t>(i)].masked_select(valid));
        std::printf("max|d| text hidden %zu %.3g\n", i, d);
        EXPECT_LE(d, kTol) << "text hidden state " << i;
    }
    ASSERT_EQ(logits.sizes(), refL.sizes());
    const double d = maxAbsDiff(logits.masked_select(valid), refL.masked_select(valid));
    std::printf("max|d| logits %.3g\n", d);
    EXPECT_LE(d, kTol);
}

TEST(Kosmos2Golden, GreedyGenerationTokensAndStepLogits)
{
    at::Tensor ref = npy("gen_greedy_new_tokens"), refLogits = npy("gen_greedy_logits");
    gc::runtime::GenerateOutput out = runGenerate(0, ref.size(1));
    EXPECT_EQ(out.newTokens[0], toVector(ref[0]));
    double worst = 0;
    for (size_t s = 0; s < out.rawLogits.size(); ++s)
        worst = std::max(worst, maxAbsDiff(out.rawLogits[s], refLogits[static_cast<int64_t>(s)]));
    std::printf("max|d| greedy step logits %.3g\n", worst);
    EXPECT_LE(worst, kTol);
}

TEST(Kosmos2Golden, NoRepeatNgram3GenerationTokensAndScores)
{
    at::Tensor ref = npy("gen_nrng3_new_tokens"), refLogits = npy("gen_nrng3_logits"),
               refScores = npy("gen_nrng3_scores");
    gc::runtime::GenerateOutput out = runGenerate(3, ref.size(1));
    EXPECT_EQ(out.newTokens[0], toVector(ref[0]));
    double worst = 0;
    for (size_t s = 0; s < out.rawLogits.size(); ++s) {
        const auto i = static_cast<int64_t>(s);
        worst = std::max(worst, maxAbsDiff(out.rawLogits[s], refLogits[i]));
        // The banned set must be identical: -inf exactly where the reference has -inf.
        EXPECT_TRUE(at::equal(at::isinf(out.scores[s]), at::isinf(refScores[i]))) << "banned tokens, step " << s;
    }
    std::printf("max|d| nrng3 step logits %.3g\n", worst);
    EXPECT_LE(worst, kTol);
}

TEST(Kosmos2Golden, LeftPaddedBatchMatchesSingleRow)
{
    // Row 0 is the fixture prompt left-padded by 5; row 1 is unpadded. Both must give the fixture's logits
    // on real positions and the fixture's tokens.
    k2::Model &m = fx().model;
    at::Tensor ids = npy("input_ids"), iepm = npy("image_embeds_position_mask");
    const int64_t L = ids.size(1), P = 5;
    at::Tensor padIds = at::cat({at::ones({1, P}, at::kLong), ids}, 1);
    at::Tensor batchIds = at::cat({padIds, at::cat({ids, at::ones({1, P}, at::kLong)}, 1)}, 0);
    // Row 1 is right-padded only to share the tensor; its mask hides the pads from every real query.
    at::Tensor am = at::cat({at::cat({at::zeros({1, P}, at::kLong), at::ones({1, L}, at::kLong)}, 1),
                             at::cat({at::ones({1, L}, at::kLong), at::zeros({1, P}, at::kLong)}, 1)},
                            0);
    at::Tensor img = at::cat({at::cat({at::zeros({1, P}, at::kLong), iepm}, 1),
                              at::cat({iepm, at::zeros({1, P}, at::kLong)}, 1)},
                             0);
    at::Tensor emb = m.encodeImage(at::cat({npy("pixel_values"), npy("pixel_values")}, 0)).imageEmbeds;
    at::Tensor logits = m.forwardText(batchIds, gc::nn::xlmrPositions(batchIds, 1), am, emb, img, nullptr, false);
    at::Tensor refL = npy("logits")[0];
    EXPECT_LE(maxAbsDiff(logits[0].narrow(0, P, L), refL), kTol);
    EXPECT_LE(maxAbsDiff(logits[1].narrow(0, 0, L), refL), kTol);
}

TEST(Kosmos2Golden, TiedLmHeadUsesEmbeddings)
{
    EXPECT_FALSE(fx().model.untiedLmHead());
}

// libtorch on Debian links libblas.so.3; if the alternative points at the reference BLAS everything
// still works but is ~50x slower. Fail loudly so nobody benchmarks or ships that by accident.
TEST(Kosmos2Golden, LibtorchUsesOpenBlas)
{
    at::Tensor a = at::rand({256, 256});
    at::Tensor c = at::mm(a, a);
    ASSERT_EQ(c.size(0), 256);
    std::ifstream maps("/proc/self/maps");
    std::stringstream ss;
    ss << maps.rdbuf();
    const std::string s = ss.str();
    const bool openblas = s.find("openblas") != std::string::npos;
    EXPECT_TRUE(openblas) << "libtorch is not running on OpenBLAS (the reference BLAS is ~50x slower): install "
                             "libopenblas0-openmp (tools/setup-deps.sh) or fix the libblas.so.3 alternative";
}
