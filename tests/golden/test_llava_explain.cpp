// LocalModel::explain on the LLaVA fixture, as the app and `groundchat-cli explain` run it: the prompt in the
// model's markup with the fixture's image, the whole lens and the attention to the image against the fixture's
// tensors (|Δ| ≤ 1e-4), the top tokens and a word's probability read from that lens, the cells on the image, and
// the refusal of a whole lens over its limit.

#include "llava_fixture.h"

#include "runtime/local_model.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace golden;

namespace {

struct Explained {
    gc::runtime::Explanation e;
    at::Tensor lensRef, attRef;
    gc::runtime::LocalModel model;
};

void explainFixture(Explained &x, gc::runtime::ExplainParams p)
{
    const std::string dir = fixture("llava-tiny-a");
    ASSERT_TRUE(x.model.load(dir).ok());
    const nlohmann::json index = gc::io::readJsonFile(dir + "/index.json");
    p.rawPrompt = true;
    const gc::runtime::Status s = x.model.explain(gc::io::loadImageRgb(dir + "/image0.png"), {},
                                                  index["prompts"][0].get<std::string>(), p, x.e);
    ASSERT_TRUE(s.ok()) << s.message;
    x.lensRef = npy("logit_lens_image", dir);
    x.attRef = npy("attn_last_to_image", dir);
}

at::Tensor table(const std::vector<float> &v, std::vector<int64_t> shape)
{
    return at::from_blob(const_cast<float *>(v.data()), shape, at::kFloat).clone();
}

} // namespace

TEST(LlavaExplain, WholeLensAndAttentionMatchTheFixture)
{
    Explained x;
    gc::runtime::ExplainParams p;
    p.fullLens = true;
    p.word = "the";
    explainFixture(x, p);
    const gc::runtime::Explanation &e = x.e;
    ASSERT_EQ(e.layers, x.lensRef.size(0));
    ASSERT_EQ(e.positions, x.lensRef.size(1));
    ASSERT_EQ(e.vocab, x.lensRef.size(2));
    const at::Tensor lens = table(e.lens, {e.layers, e.positions, e.vocab});
    EXPECT_LE(maxAbsDiff(lens, x.lensRef), 1e-4);
    EXPECT_LE(maxAbsDiff(table(e.attention, {e.layers, e.positions}), x.attRef), 1e-4);

    // the top tokens and the word's probability are the fixture lens's softmax
    const at::Tensor probs = at::softmax(x.lensRef, -1);
    const auto [top, ids] = at::topk(probs, e.topK, -1);
    EXPECT_EQ(toVector(ids), e.topTokens);
    EXPECT_LE(maxAbsDiff(table(e.topProbabilities, {e.layers, e.positions, e.topK}), top), 1e-5);
    ASSERT_FALSE(e.wordTokens.empty());
    EXPECT_LE(maxAbsDiff(table(e.wordProbability, {e.layers, e.positions}), probs.select(2, e.wordTokens[0])), 1e-5);
    EXPECT_EQ(e.topText.size(), e.topTokens.size());

    // 16 patches of the 32 px square: a 4 × 4 grid on the centre crop of the 45 × 37 image
    EXPECT_EQ(e.rows, 4);
    EXPECT_EQ(e.cols, 4);
    EXPECT_DOUBLE_EQ(e.area.x1, 4.0);
    EXPECT_DOUBLE_EQ(e.area.x2, 41.0);
    EXPECT_DOUBLE_EQ(e.area.y1, 0.0);
    EXPECT_DOUBLE_EQ(e.area.y2, 37.0);
    EXPECT_EQ(e.cellSource, gc::runtime::CellSource::Patches);
    const std::vector<float> last = e.cellMap(e.attention, e.layers - 1);
    ASSERT_EQ(static_cast<int64_t>(last.size()), 16);
    EXPECT_FLOAT_EQ(last[5], e.attention[static_cast<size_t>((e.layers - 1) * 16 + 5)]);
}

TEST(LlavaExplain, AnAnswerSpanAsksTheTokensPositionsAndKeepsTheLens)
{
    Explained a, b;
    explainFixture(a, {});
    gc::runtime::ExplainParams p;
    p.answer = toVector(npy("gen_greedy_new_tokens", fixture("llava-tiny-a")));
    p.spanBegin = 0;
    p.spanEnd = 1; // the first answer token: generated from the last prompt position, as the default
    explainFixture(b, p);
    const auto attention = [](const gc::runtime::Explanation &e) { return table(e.attention, {e.layers, e.positions}); };
    EXPECT_LE(maxAbsDiff(attention(a.e), attention(b.e)), 1e-6); // the same query, a longer sequence after it
    EXPECT_EQ(a.e.topTokens, b.e.topTokens); // causal: the answer does not change the image positions
    Explained c;
    p.spanBegin = 2;
    p.spanEnd = 5;
    explainFixture(c, p);
    EXPECT_GT(maxAbsDiff(attention(c.e), attention(a.e)), 1e-3);
    double sum = 0;
    for (float v : c.e.attention)
        sum += v;
    EXPECT_GT(sum, 0.0);
}

TEST(LlavaExplain, AWholeLensOverTheLimitIsRefused)
{
    gc::runtime::LocalModel model;
    const std::string dir = fixture("llava-tiny-a");
    ASSERT_TRUE(model.load(dir).ok());
    gc::runtime::ExplainParams p;
    p.rawPrompt = true;
    p.fullLens = true;
    p.fullLensLimit = 1024;
    gc::runtime::Explanation e;
    const gc::runtime::Status s = model.explain(gc::io::loadImageRgb(dir + "/image0.png"), {},
                                                "USER: <image>\nWhat? ASSISTANT:", p, e);
    EXPECT_EQ(s.code, gc::runtime::StatusCode::InvalidArgument);
    EXPECT_NE(s.message.find("limit"), std::string::npos) << s.message;
    p.spanEnd = 3; // beyond an empty answer
    p.fullLens = false;
    EXPECT_EQ(model.explain(gc::io::loadImageRgb(dir + "/image0.png"), {}, "USER: <image>\nWhat? ASSISTANT:", p, e).code,
              gc::runtime::StatusCode::InvalidArgument);
}
