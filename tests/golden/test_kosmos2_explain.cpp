// LocalModel::explain on Kosmos-2 (kosmos2-tiny-a), whose image positions are the resampler's latents: the last
// layer's lens is the reference's logits at the latents' positions (|Δ| ≤ 1e-4), the cells are the 2 × 2 patch
// grid of the 28 px tower, each a weighted mean of the latents by the resampler's attention to that patch.

#include "golden_util.h"

#include "io/image_loader.h"
#include "runtime/local_model.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <numeric>

using namespace golden;

TEST(Kosmos2Explain, LatentsLensIsTheLogitsAndCellsComeThroughTheResampler)
{
    const std::string dir = fixture("kosmos2-tiny-a");
    gc::runtime::LocalModel model;
    ASSERT_TRUE(model.load(dir).ok());
    gc::runtime::ExplainParams p;
    p.fullLens = true;
    gc::runtime::Explanation e;
    const gc::runtime::Status s =
        model.explain(gc::io::loadImageRgb(dir + "/image0.png"), {}, "<grounding>An image of", p, e);
    ASSERT_TRUE(s.ok()) << s.message;

    const at::Tensor logits = npy("logits", dir)[0], mask = npy("image_embeds_position_mask", dir)[0].to(at::kBool);
    const at::Tensor want = logits.index({mask});
    ASSERT_EQ(e.positions, want.size(0)); // 8 latents
    const at::Tensor lens = at::from_blob(e.lens.data(), {e.layers, e.positions, e.vocab}, at::kFloat);
    EXPECT_LE(maxAbsDiff(lens[e.layers - 1], want), 1e-4);

    EXPECT_EQ(e.cellSource, gc::runtime::CellSource::ResamplerAttention);
    EXPECT_EQ(e.rows, 2);
    EXPECT_EQ(e.cols, 2);
    EXPECT_DOUBLE_EQ(e.area.x2, 61.0);
    EXPECT_DOUBLE_EQ(e.area.y2, 47.0);
    ASSERT_EQ(static_cast<int64_t>(e.cellWeights.size()), 4 * e.positions);
    for (int64_t c = 0; c < 4; ++c) {
        const float *w = e.cellWeights.data() + c * e.positions;
        EXPECT_NEAR(std::accumulate(w, w + e.positions, 0.0), 1.0, 1e-5);
    }
    // a cell's attention is the weighted mean of the latents'
    const std::vector<float> cells = e.cellMap(e.attention, 0);
    double want0 = 0;
    for (int64_t l = 0; l < e.positions; ++l)
        want0 += double(e.cellWeights[size_t(l)]) * e.attention[size_t(l)];
    EXPECT_NEAR(cells[0], want0, 1e-6);
}

// Questions after the first about the same turn (another word, another phrase) are read from the kept pass: the
// model runs once, and what comes back is what a fresh pass gives.
TEST(Kosmos2Explain, AnotherWordOrPhraseDoesNotRunTheModelAgain)
{
    const std::string dir = fixture("kosmos2-tiny-a");
    const gc::io::RgbImage image = gc::io::loadImageRgb(dir + "/image0.png");
    const std::string prompt = "<grounding>An image of";
    gc::runtime::LocalModel model;
    ASSERT_TRUE(model.load(dir).ok());
    gc::runtime::GenerationParams g;
    g.maxNewTokens = 8;
    g.doSample = false;
    const gc::runtime::GenerationResult answer = model.generate(image, {}, prompt, g);
    ASSERT_TRUE(answer.status.ok()) << answer.status.message;
    ASSERT_GE(answer.tokens.size(), 3u);

    gc::runtime::ExplainParams p;
    p.answer = answer.tokens;
    p.answerText = answer.answerText;
    p.word = "the";
    gc::runtime::Explanation first, second;
    ASSERT_TRUE(model.explain(image, {}, prompt, p, first).ok());
    EXPECT_EQ(model.explainPasses(), 1);
    p.word = "image";
    p.spanBegin = 1;
    p.spanEnd = 3;
    ASSERT_TRUE(model.explain(image, {}, prompt, p, second).ok());
    EXPECT_EQ(model.explainPasses(), 1) << "a new word or span ran the model again";
    EXPECT_NE(first.wordTokens, second.wordTokens);

    gc::runtime::LocalModel fresh;
    ASSERT_TRUE(fresh.load(dir).ok());
    gc::runtime::Explanation want;
    ASSERT_TRUE(fresh.explain(image, {}, prompt, p, want).ok());
    ASSERT_EQ(second.wordProbability.size(), want.wordProbability.size());
    for (size_t i = 0; i < want.wordProbability.size(); ++i)
        EXPECT_NEAR(second.wordProbability[i], want.wordProbability[i], 1e-6);
    ASSERT_EQ(second.attention.size(), want.attention.size());
    for (size_t i = 0; i < want.attention.size(); ++i)
        EXPECT_NEAR(second.attention[i], want.attention[i], 1e-6);
    EXPECT_EQ(second.topTokens, want.topTokens);

    // another answer (or image) is another pass
    p.answer.pop_back();
    p.answerText.clear();
    p.spanBegin = p.spanEnd = 0;
    ASSERT_TRUE(model.explain(image, {}, prompt, p, second).ok());
    EXPECT_EQ(model.explainPasses(), 2);
}

// A phrase of the answer maps to the tokens the model generated for it: those whose streamed bytes hold it,
// whatever tokenizing the answer's text again would give.
TEST(Kosmos2Explain, APhraseMapsToTheGeneratedTokensThatWroteIt)
{
    const std::string dir = fixture("kosmos2-tiny-a");
    const gc::io::RgbImage image = gc::io::loadImageRgb(dir + "/image0.png");
    const std::string prompt = "<grounding>An image of";
    gc::runtime::LocalModel model;
    ASSERT_TRUE(model.load(dir).ok());
    // each token's bytes: the growth of the decoded text as it came (what the app streamed into the answer)
    std::vector<std::pair<size_t, size_t>> bytes;
    std::string text;
    gc::runtime::GenerationParams g;
    g.maxNewTokens = 12;
    g.doSample = false;
    g.onToken = [&](int64_t, const std::string &delta) {
        bytes.emplace_back(text.size(), text.size() + delta.size());
        text += delta;
    };
    const gc::runtime::GenerationResult answer = model.generate(image, {}, prompt, g);
    ASSERT_TRUE(answer.status.ok()) << answer.status.message;
    ASSERT_EQ(bytes.size(), answer.tokens.size());
    // two tokens in the middle that wrote bytes of their own
    size_t j = 1;
    while (j + 1 < bytes.size() && (bytes[j].first == bytes[j].second || bytes[j + 1].first == bytes[j + 1].second))
        ++j;
    ASSERT_LT(j + 1, bytes.size()) << text;

    gc::runtime::ExplainParams p;
    p.answer = answer.tokens;
    p.answerText = text;
    p.phraseBegin = int64_t(bytes[j].first);
    p.phraseEnd = int64_t(bytes[j + 1].second);
    gc::runtime::Explanation e;
    const gc::runtime::Status s = model.explain(image, {}, prompt, p, e);
    ASSERT_TRUE(s.ok()) << s.message;
    EXPECT_EQ(e.answerTokens, answer.tokens);
    EXPECT_EQ(e.spanBegin, int64_t(j));
    EXPECT_EQ(e.spanEnd, int64_t(j) + 2);
    // one token's bytes alone
    p.phraseEnd = int64_t(bytes[j].second);
    ASSERT_TRUE(model.explain(image, {}, prompt, p, e).ok());
    EXPECT_EQ(e.spanBegin, int64_t(j));
    EXPECT_EQ(e.spanEnd, int64_t(j) + 1);

    // the text alone (an answer from a saved session) is tokenized again: the span is of those tokens
    p.answer.clear();
    ASSERT_TRUE(model.explain(image, {}, prompt, p, e).ok());
    std::printf("generated %zu tokens; the text tokenized again: %zu tokens%s\n", answer.tokens.size(),
                e.answerTokens.size(), e.answerTokens == answer.tokens ? " (the same)" : " (others)");
    EXPECT_LT(e.spanBegin, e.spanEnd);

    // a phrase outside the answer is refused
    p.answer = answer.tokens;
    p.phraseBegin = 0;
    p.phraseEnd = int64_t(text.size()) + 1;
    EXPECT_FALSE(model.explain(image, {}, prompt, p, e).ok());
}
