// The facade (LocalModel) end to end on the fixture: image file -> tokens identical to the reference,
// streaming/abort hooks, batches, and chat caching that gives the same tokens as a full re-run.

#include "golden_util.h"

#include "io/image_loader.h"
#include "io/model_folder.h"
#include "nn/kosmos2/model.h"
#include "runtime/generator.h"
#include "runtime/local_model.h"

#include <gtest/gtest.h>

using namespace golden;
namespace k2 = gc::nn::kosmos2;
using gc::runtime::GenerationParams;
using gc::runtime::LocalModel;

namespace {

const char *kPrompt = "<grounding>An image of";

LocalModel &model()
{
    static LocalModel m;
    static bool loaded = [] {
        gc::runtime::Status s = m.load(fixture());
        EXPECT_TRUE(s.ok()) << s.message;
        return s.ok();
    }();
    (void)loaded;
    return m;
}

gc::io::RgbImage image() { return gc::io::loadImageRgb(fixture() + "/image0.png"); }

// Greedy continuation of `ids` computed from scratch (no cache reuse), with the torch-level API.
std::vector<int64_t> freshGreedy(const std::vector<int64_t> &ids, int64_t steps, int64_t nrng)
{
    gc::io::ModelFolder f = gc::io::openModelFolder(fixture());
    k2::Model m(k2::parseConfig(f.config, "config.json"), gc::nn::WeightStore(gc::io::SafeTensors::openFile(f.weightsFile)));
    at::Tensor emb = m.encodeImage(npy("pixel_values")).imageEmbeds;
    const int64_t L = static_cast<int64_t>(ids.size()), Q = m.config().latentQueryNum;
    std::vector<int64_t> copy = ids;
    at::Tensor t = at::from_blob(copy.data(), {1, L}, at::kLong).clone();
    at::Tensor img = at::zeros({1, L}, at::kLong);
    img.narrow(1, 2, Q).fill_(1);
    at::Tensor am = at::ones({1, L}, at::kLong);
    k2::KVCache cache;
    at::Tensor logits = m.forwardText(t, k2::Model::positionsFromIds(t, 1), am, emb, img, &cache, true).squeeze(1);
    gc::runtime::SamplingParams p;
    p.maxNewTokens = steps;
    p.noRepeatNgramSize = nrng;
    return gc::runtime::generate(logits, {ids}, am,
                                 [&](const at::Tensor &x, const at::Tensor &pos, const at::Tensor &mask) {
                                     return m.forwardText(x, pos, mask, {}, {}, &cache, true).squeeze(1);
                                 },
                                 p, {})
        .newTokens[0];
}

} // namespace

TEST(Kosmos2Facade, GenerateFromImageFileMatchesReference)
{
    GenerationParams p;
    p.maxNewTokens = 16; // generation_config.json gives no_repeat_ngram_size 3, as the reference used
    gc::runtime::GenerationResult r = model().generate(image(), kPrompt, p);
    ASSERT_TRUE(r.status.ok()) << r.status.message;
    EXPECT_EQ(r.promptTokens, toVector(npy("input_ids")[0]));
    EXPECT_EQ(r.tokens, toVector(npy("gen_nrng3_new_tokens")[0]));

    p.noRepeatNgramSize = 0;
    r = model().generate(image(), kPrompt, p);
    ASSERT_TRUE(r.status.ok()) << r.status.message;
    EXPECT_TRUE(r.imageCached);
    EXPECT_EQ(r.tokens, toVector(npy("gen_greedy_new_tokens")[0]));
}

TEST(Kosmos2Facade, StreamingAndAbort)
{
    GenerationParams p;
    p.maxNewTokens = 16;
    std::string streamed;
    int calls = 0;
    p.onToken = [&](int64_t, const std::string &piece) {
        streamed += piece;
        ++calls;
    };
    p.shouldAbort = [&] { return calls >= 5; };
    gc::runtime::GenerationResult r = model().generate(image(), kPrompt, p);
    EXPECT_EQ(r.status.code, gc::runtime::StatusCode::Aborted);
    EXPECT_TRUE(r.aborted);
    EXPECT_EQ(r.tokens.size(), 5u);
    // the pieces continue the prompt's text exactly as the decode of prompt and answer together has it
    ASSERT_GE(r.rawText.size(), streamed.size());
    EXPECT_EQ(r.rawText.substr(r.rawText.size() - streamed.size()), streamed);
    EXPECT_EQ(streamed.substr(streamed.find_first_not_of(' ')), r.answerText.substr(r.answerText.find_first_not_of(' ')));
}

TEST(Kosmos2Facade, FollowUpReusesCacheAndMatchesFullRerun)
{
    GenerationParams p;
    p.maxNewTokens = 6;
    p.noRepeatNgramSize = 3;
    gc::runtime::GenerationResult first = model().generate(image(), kPrompt, p);
    ASSERT_TRUE(first.status.ok()) << first.status.message;
    gc::runtime::GenerationResult second = model().followUp("What is in it?", p);
    ASSERT_TRUE(second.status.ok()) << second.status.message;
    // Everything of turn one but its last token (never fed back) came from the cache.
    EXPECT_EQ(second.reusedTokens, static_cast<int64_t>(first.promptTokens.size() + first.tokens.size()) - 1);
    EXPECT_EQ(second.tokens, freshGreedy(second.promptTokens, 6, 3));

    // Same image, longer prompt sharing the prefix: the cache is reused again.
    gc::runtime::GenerationResult third = model().generate(image(), std::string(kPrompt) + " a", p);
    ASSERT_TRUE(third.status.ok());
    EXPECT_GT(third.reusedTokens, 0);
    EXPECT_EQ(third.tokens, freshGreedy(third.promptTokens, 6, 3));
}

TEST(Kosmos2Facade, LeftPaddedBatchGivesPerRowResults)
{
    GenerationParams p;
    p.maxNewTokens = 8;
    const std::vector<std::string> prompts{"<grounding>An image of", "<grounding><phrase>a cat</phrase> sits on the"};
    std::vector<gc::runtime::GenerationResult> rs = model().generateBatch({image(), image()}, prompts, p);
    ASSERT_EQ(rs.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        ASSERT_TRUE(rs[i].status.ok()) << rs[i].status.message;
        gc::runtime::GenerationResult single = model().generate(image(), prompts[i], p);
        EXPECT_EQ(rs[i].tokens, single.tokens) << "row " << i;
    }
}

TEST(Kosmos2Facade, ErrorsComeBackAsStatus)
{
    LocalModel m;
    gc::runtime::GenerationResult r = m.generate(image(), kPrompt, {});
    EXPECT_EQ(r.status.code, gc::runtime::StatusCode::NotLoaded);
    GenerationParams bad;
    bad.topP = 2.0;
    r = model().generate(image(), kPrompt, bad);
    EXPECT_EQ(r.status.code, gc::runtime::StatusCode::InvalidArgument);
    gc::runtime::LoadParams lp;
    lp.shouldAbort = [] { return true; };
    EXPECT_EQ(m.load(fixture(), lp).code, gc::runtime::StatusCode::Aborted);
    lp = {};
    lp.settings.device = "tpu";
    EXPECT_EQ(m.load(fixture(), lp).code, gc::runtime::StatusCode::InvalidArgument);
}
