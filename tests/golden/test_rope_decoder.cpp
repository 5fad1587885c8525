// The shared rotary decoder (nn/rope_decoder.h) against the Qwen2.5-VL fixture's decoder: the fixture's image
// embeddings spliced into the prompt, its M-RoPE position ids; |delta| <= 1e-4 on every hidden state and the
// logits, the KV cache giving the same logits as the full pass, greedy tokens identical. The 1-D RoPE path
// (LLaMA) is checked against M-RoPE with three equal axes, which the spec says is the same rotation.

#include "golden_util.h"

#include "io/model_folder.h"
#include "nn/rope_decoder.h"

#include <gtest/gtest.h>

using namespace golden;

namespace {

constexpr double kTol = 1e-4;
const std::string kDir = fixture("qwen25vl-tiny-a");
constexpr int64_t kImageToken = 358;

gc::nn::RopeDecoderConfig fixtureConfig()
{
    const gc::io::ModelFolder folder = gc::io::openModelFolder(kDir);
    return gc::nn::parseRopeDecoderConfig(folder.config, {1e-5, 1e6, true, false}, "config.json");
}

struct Fixture {
    gc::nn::WeightStore weights{gc::io::SafeTensors::openFile(kDir + "/model.safetensors")};
    gc::nn::RopeDecoder decoder{fixtureConfig(), weights};
};

Fixture &fx()
{
    static Fixture f;
    return f;
}

// The prompt's embeddings with the fixture's image rows spliced into the image slots, in order.
at::Tensor promptEmbeddings(const at::Tensor &ids)
{
    at::Tensor x = fx().decoder.embed(ids);
    const at::Tensor slots = ids.eq(kImageToken).unsqueeze(-1).expand_as(x);
    return x.masked_scatter(slots, npy("image_embeds", kDir));
}

// Positions [3, B, n] of `n` decode steps after an L-token prompt: L + k + rope_delta on all three axes.
at::Tensor stepPositions(int64_t L, int64_t k)
{
    return at::full({3, 1, 1}, L + k + npy("rope_deltas", kDir).item<int64_t>(), at::kLong);
}

} // namespace

TEST(RopeDecoder, QwenConfigIsRead)
{
    const gc::nn::RopeDecoderConfig c = fixtureConfig();
    EXPECT_EQ(c.headDim, 16);
    EXPECT_EQ(c.kvHeads, 2);
    EXPECT_TRUE(c.qkvBias);
    EXPECT_FALSE(c.outputBias);
    EXPECT_EQ(c.mropeSection, (std::vector<int64_t>{2, 3, 3}));
    EXPECT_FALSE(fx().decoder.untiedHead());
}

TEST(RopeDecoder, QwenHiddenStatesAndLogits)
{
    const at::Tensor ids = npy("input_ids", kDir), mask = npy("attention_mask", kDir);
    std::vector<at::Tensor> hidden;
    const at::Tensor out = fx().decoder.forward(promptEmbeddings(ids), npy("position_ids", kDir), mask, nullptr, false,
                                                &hidden);
    const at::Tensor refH = npy("decoder_hidden_states", kDir), refL = npy("logits", kDir);
    const at::Tensor valid = mask.to(at::kBool).unsqueeze(-1);
    ASSERT_EQ(static_cast<int64_t>(hidden.size()), refH.size(0));
    for (size_t i = 0; i < hidden.size(); ++i) {
        const double d = maxAbsDiff(hidden[i].masked_select(valid), refH[static_cast<int64_t>(i)].masked_select(valid));
        std::printf("max|d| decoder hidden %zu %.3g\n", i, d);
        EXPECT_LE(d, kTol) << "hidden state " << i;
    }
    const at::Tensor logits = fx().decoder.logits(out);
    ASSERT_EQ(logits.sizes(), refL.sizes());
    const double d = maxAbsDiff(logits.masked_select(valid), refL.masked_select(valid));
    std::printf("max|d| logits %.3g\n", d);
    EXPECT_LE(d, kTol);
}

TEST(RopeDecoder, CachedStepsGiveTheFullPassLogits)
{
    const at::Tensor ids = npy("input_ids", kDir), pos = npy("position_ids", kDir), refL = npy("logits", kDir);
    const int64_t L = ids.size(1), head = L - 6;
    const at::Tensor x = promptEmbeddings(ids);
    gc::nn::KVCache cache;
    const gc::nn::RopeDecoder &dec = fx().decoder;
    at::Tensor first = dec.logits(dec.forward(x.narrow(1, 0, head), pos.narrow(2, 0, head),
                                              at::ones({1, head}, at::kLong), &cache, true));
    EXPECT_LE(maxAbsDiff(first[0][0], refL[0][head - 1]), kTol);
    for (int64_t i = head; i < L; ++i) {
        at::Tensor step = dec.logits(dec.forward(x.narrow(1, i, 1), pos.narrow(2, i, 1),
                                                 at::ones({1, i + 1}, at::kLong), &cache, true));
        EXPECT_LE(maxAbsDiff(step[0][0], refL[0][i]), kTol) << "position " << i;
    }
    EXPECT_EQ(cache.length, L);
}

TEST(RopeDecoder, GreedyTokensWithDecodeOffset)
{
    const at::Tensor ids = npy("input_ids", kDir), ref = npy("gen_greedy_new_tokens", kDir),
                     refLogits = npy("gen_greedy_logits", kDir);
    const gc::nn::RopeDecoder &dec = fx().decoder;
    const int64_t L = ids.size(1), steps = ref.size(1);
    gc::nn::KVCache cache;
    at::Tensor logits = dec.logits(dec.forward(promptEmbeddings(ids), npy("position_ids", kDir),
                                               npy("attention_mask", kDir), &cache, true))[0][0];
    std::vector<int64_t> tokens;
    double worst = 0;
    for (int64_t k = 0; k < steps; ++k) {
        worst = std::max(worst, maxAbsDiff(logits, refLogits[k][0]));
        tokens.push_back(logits.argmax().item<int64_t>());
        const at::Tensor next = at::full({1, 1}, tokens.back(), at::kLong);
        logits = dec.logits(dec.forward(dec.embed(next), stepPositions(L, k), at::ones({1, L + k + 1}, at::kLong),
                                        &cache, true))[0][0];
    }
    std::printf("max|d| greedy step logits %.3g\n", worst);
    EXPECT_LE(worst, kTol);
    EXPECT_EQ(tokens, toVector(ref[0]));
}

TEST(RopeDecoder, LeftPaddingIsMaskedOut)
{
    const at::Tensor ids = npy("input_ids", kDir), pos = npy("position_ids", kDir), refL = npy("logits", kDir);
    const int64_t L = ids.size(1), P = 4;
    const at::Tensor x = promptEmbeddings(ids);
    // The padding's embeddings and positions are arbitrary: nothing real may see them.
    const at::Tensor padded = at::cat({at::randn({1, P, x.size(2)}), x}, 1);
    const at::Tensor padPos = at::cat({at::ones({3, 1, P}, at::kLong), pos}, 2);
    const at::Tensor mask = at::cat({at::zeros({1, P}, at::kLong), at::ones({1, L}, at::kLong)}, 1);
    const at::Tensor logits = fx().decoder.logits(fx().decoder.forward(padded, padPos, mask, nullptr, false));
    EXPECT_TRUE(at::isfinite(logits).all().item<bool>());
    EXPECT_LE(maxAbsDiff(logits[0].narrow(0, P, L), refL[0]), kTol);
}

TEST(RopeDecoder, OneDimensionalRopeIsMRopeWithEqualAxes)
{
    gc::nn::RopeDecoderConfig plain = fixtureConfig();
    plain.mropeSection.clear();
    const gc::nn::RopeDecoder llamaStyle(plain, fx().weights);
    const at::Tensor ids = npy("input_ids", kDir).narrow(1, 0, 20); // text only: before the image
    const at::Tensor pos = at::arange(20, at::kLong).view({1, 20}) * 3 + 1; // not the cache index
    const at::Tensor mask = at::ones({1, 20}, at::kLong);
    const at::Tensor x = fx().decoder.embed(ids);
    const at::Tensor a = llamaStyle.forward(x, pos, mask, nullptr, false);
    const at::Tensor b = fx().decoder.forward(x, pos.unsqueeze(0).expand({3, 1, 20}), mask, nullptr, false);
    EXPECT_LE(maxAbsDiff(a, b), 1e-6);
    // ...and the positions matter: only their differences do (a shift changes nothing), so stretch them.
    EXPECT_LE(maxAbsDiff(a, llamaStyle.forward(x, pos + 7, mask, nullptr, false)), 1e-5);
    EXPECT_GT(maxAbsDiff(a, llamaStyle.forward(x, pos * 2, mask, nullptr, false)), 1e-3);
    EXPECT_THROW((void)llamaStyle.forward(x, pos.unsqueeze(0).expand({3, 1, 20}), mask, nullptr, false),
                 std::invalid_argument);
}
