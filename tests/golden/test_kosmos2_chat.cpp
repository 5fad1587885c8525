// The facade (LocalModel) end to end on the fixture: image file -> tokens identical to the reference,
// streaming/abort hooks, batches, and chat caching that gives the same tokens as a full re-run.

#include "golden_util.h"

#include "io/image_loader.h"
#include "io/model_folder.h"
#include "nn/kosmos2/decode_state.h"
#include "nn/kosmos2/model.h"
#include "runtime/generator.h"
#include "runtime/local_model.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

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
    k2::DecodeState state(m);
    at::Tensor logits = state.prefillTensors(t, at::ones({1, L}, at::kLong), emb, img, steps + 1, false, {});
    gc::runtime::SamplingParams p;
    p.maxNewTokens = steps;
    p.noRepeatNgramSize = nrng;
    return gc::runtime::generate(logits, {ids}, state, p, {}).newTokens[0];
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

TEST(Kosmos2Facade, StatelessTurnsReuseTheCacheAndMatchAFullRerun)
{
    GenerationParams p;
    p.maxNewTokens = 6;
    p.noRepeatNgramSize = 3;
    LocalModel m;
    ASSERT_TRUE(m.load(fixture()).ok());
    const gc::runtime::GenerationResult first = m.generate(image(), {}, kPrompt, p);
    ASSERT_TRUE(first.status.ok()) << first.status.message;
    const std::vector<gc::runtime::Turn> history{{kPrompt, first.answerText}};
    const gc::runtime::GenerationResult second = m.generate(image(), history, "What is in it?", p);
    ASSERT_TRUE(second.status.ok()) << second.status.message;
    EXPECT_GT(second.reusedTokens, static_cast<int64_t>(first.promptTokens.size()) - 1);
    EXPECT_EQ(second.tokens, freshGreedy(second.promptTokens, 6, 3));
    // the first turn again (a regenerate): back to a shorter prefix, same answer as the first time
    const gc::runtime::GenerationResult again = m.generate(image(), {}, kPrompt, p);
    ASSERT_TRUE(again.status.ok());
    EXPECT_GT(again.reusedTokens, 0);
    EXPECT_EQ(again.tokens, first.tokens);
    // nothing hidden decides the answer: a fresh model given the same conversation says the same
    LocalModel other;
    ASSERT_TRUE(other.load(fixture()).ok());
    EXPECT_EQ(other.generate(image(), history, "What is in it?", p).tokens, second.tokens);
}

// The demo model ends its answers, so a conversation given whole is the one followUp built turn by turn.
TEST(Kosmos2Facade, StatelessTurnsGiveFollowUpsTokens)
{
    const std::string demo = std::string(GC_TEST_DATA) + "/../../resources/models/demo-kosmos2";
    const gc::io::RgbImage scene = gc::io::loadImageRgb(std::string(GC_TEST_DATA) + "/../../resources/demo/scenes/scene-2.png");
    LocalModel chained, stateless;
    ASSERT_TRUE(chained.load(demo).ok());
    ASSERT_TRUE(stateless.load(demo).ok());
    GenerationParams p;
    p.maxNewTokens = 64;
    const std::vector<std::string> prompts{"<grounding> An image of", "<grounding> Where is<phrase> the red shape</phrase>",
                                           "<grounding> How many shapes are there?"};
    std::vector<gc::runtime::Turn> history;
    for (size_t i = 0; i < prompts.size(); ++i) {
        SCOPED_TRACE(prompts[i]);
        const gc::runtime::GenerationResult a =
            i == 0 ? chained.generate(scene, prompts[i], p) : chained.followUp(prompts[i], p);
        const gc::runtime::GenerationResult b = stateless.generate(scene, history, prompts[i], p);
        ASSERT_TRUE(a.status.ok()) << a.status.message;
        ASSERT_TRUE(b.status.ok()) << b.status.message;
        ASSERT_FALSE(a.tokens.empty());
        ASSERT_EQ(a.tokens.back(), 2) << "the answer should end with </s>";
        EXPECT_EQ(b.promptTokens, a.promptTokens);
        EXPECT_EQ(b.tokens, a.tokens);
        if (i > 0)
            EXPECT_GT(b.reusedTokens, 0);
        history.push_back({prompts[i], b.answerText});
    }
}

// Stop is heard between the layers of the vision tower and of the prompt's pass, not only at the first
// token: whichever check says yes, nothing is generated.
TEST(Kosmos2Facade, StopIsHeardBeforeTheFirstToken)
{
    const gc::io::ModelFolder f = gc::io::openModelFolder(fixture());
    const k2::Config cfg = k2::parseConfig(f.config, "config.json");
    // a new image each time, so that the vision tower runs (embeddings are cached per image)
    const gc::io::RgbImage base = image();
    auto fresh = [&](int k) {
        gc::io::RgbImage img = base;
        img.pixels[0] = static_cast<uint8_t>(base.pixels[0] + k);
        img.pixels[1] = static_cast<uint8_t>(base.pixels[1] + 3 * k);
        return img;
    };
    GenerationParams p;
    p.maxNewTokens = 4;
    int checks = 0, checksBeforeFirstToken = -1;
    p.shouldAbort = [&] {
        ++checks;
        return false;
    };
    p.onToken = [&](int64_t, const std::string &) {
        if (checksBeforeFirstToken < 0)
            checksBeforeFirstToken = checks;
    };
    ASSERT_TRUE(model().generate(fresh(1), kPrompt, p).status.ok());
    EXPECT_GE(checksBeforeFirstToken, cfg.vision.layers + cfg.text.layers);
    for (int n = 1; n <= checksBeforeFirstToken; ++n) {
        SCOPED_TRACE(n);
        int seen = 0;
        bool streamed = false;
        GenerationParams q;
        q.maxNewTokens = 4;
        q.shouldAbort = [&] { return ++seen >= n; };
        q.onToken = [&](int64_t, const std::string &) { streamed = true; };
        const gc::runtime::GenerationResult r = model().generate(fresh(n + 1), kPrompt, q);
        EXPECT_EQ(r.status.code, gc::runtime::StatusCode::Aborted);
        EXPECT_TRUE(r.aborted);
        EXPECT_TRUE(r.tokens.empty());
        EXPECT_FALSE(streamed);
        EXPECT_EQ(seen, n);
    }
    // after a stop in the middle of the prompt's pass, the next turn is whole again
    p.shouldAbort = {};
    p.onToken = {};
    p.noRepeatNgramSize = 0;
    p.maxNewTokens = 16;
    EXPECT_EQ(model().generate(image(), kPrompt, p).tokens, toVector(npy("gen_greedy_new_tokens")[0]));
}

TEST(Kosmos2Facade, MissingFilesAreNotFound)
{
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("gc_missing_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    LocalModel m;
    gc::runtime::Status s = m.load(dir.string());
    EXPECT_EQ(s.code, gc::runtime::StatusCode::NotFound) << s.message;
    EXPECT_NE(s.message.find("no config.json"), std::string::npos) << s.message;
    fs::copy(fixture(), dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    fs::remove(dir / "model.safetensors");
    s = m.load(dir.string());
    EXPECT_EQ(s.code, gc::runtime::StatusCode::NotFound) << s.message;
    EXPECT_NE(s.message.find("no model.safetensors"), std::string::npos) << s.message;
    std::ofstream(dir / "model.safetensors") << "not a safetensors file";
    s = m.load(dir.string());
    EXPECT_EQ(s.code, gc::runtime::StatusCode::BadModel) << s.message; // there, but damaged
    fs::remove_all(dir);
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

