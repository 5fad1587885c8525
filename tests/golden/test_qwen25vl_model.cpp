// Qwen2.5-VL end to end against reference fixtures: the M-RoPE position ids and rope deltas, the decoder's hidden
// states and logits over every valid prompt position with the vision tower's image embeddings spliced in, greedy
// and no-repeat-3-gram tokens with their step logits and banned sets, row by row; then through LocalModel (the
// processor, the tokenizer and the prompt's image expansion, generation, the dump). Fixtures: qwen25vl-tiny-a
// (the transformers reference), qwen25vl-batch (two left-padded rows with images of different grids, from the
// NumPy reference: tests/data/make_qwen25vl_batch.py) and any folder named by QWEN25VL_FIXTURE.

#include "golden_util.h"

#include "io/image_loader.h"
#include "io/model_folder.h"
#include "nn/qwen25vl/config.h"
#include "nn/qwen25vl/decode_state.h"
#include "nn/qwen25vl/image_processor.h"
#include "nn/qwen25vl/rope_index.h"
#include "nn/qwen25vl/vision.h"
#include "nn/qwen25vl/weight_names.h"
#include "nn/rope_decoder.h"
#include "runtime/generator.h"
#include "runtime/local_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

using namespace golden;
namespace q = gc::nn::qwen25vl;
namespace fs = std::filesystem;

namespace {

constexpr double kTol = 1e-4;

nlohmann::json index(const std::string &dir) { return nlohmann::json::parse(std::ifstream(dir + "/index.json")); }

// The folder holding the model of the fixture in `dir`: itself, or the one its index.json names.
std::string modelDir(const std::string &dir)
{
    const nlohmann::json ix = index(dir);
    return ix.contains("weights_from") ? fixture(ix["weights_from"].get<std::string>()) : dir;
}

struct Model {
    explicit Model(const std::string &dir)
        : folder(gc::io::openModelFolder(dir)), cfg(q::parseConfig(folder.config, "config.json")),
          weights(q::withReleasedNames(gc::io::openWeights(folder))),
          vision(weights, q::parseVisionConfig(folder.config, "config.json")), decoder(cfg.text, weights)
    {
    }
    gc::io::ModelFolder folder;
    q::Config cfg;
    gc::nn::WeightStore weights;
    q::VisionTower vision;
    gc::nn::RopeDecoder decoder;
};

Model &model(const std::string &dir)
{
    static std::map<std::string, std::unique_ptr<Model>> models;
    auto &m = models[dir];
    if (!m)
        m = std::make_unique<Model>(dir);
    return *m;
}

std::vector<std::vector<int64_t>> rows(const at::Tensor &t)
{
    std::vector<std::vector<int64_t>> out;
    for (int64_t b = 0; b < t.size(0); ++b)
        out.push_back(toVector(t[b]));
    return out;
}

std::vector<q::GridThw> grids(const std::string &dir)
{
    const std::vector<int64_t> g = toVector(npy("image_grid_thw", dir));
    std::vector<q::GridThw> out;
    for (size_t i = 0; i + 2 < g.size(); i += 3)
        out.push_back({g[i], g[i + 1], g[i + 2]});
    return out;
}

std::vector<q::MergedGrid> mergedGrids(const std::string &dir, int64_t merge)
{
    std::vector<q::MergedGrid> out;
    for (const q::GridThw &g : grids(dir))
        out.push_back({g.t, g.h / merge, g.w / merge});
    return out;
}

class Qwen25VlFixture : public testing::TestWithParam<std::string> {
protected:
    std::string dir() const { return GetParam(); }
    Model &m() const { return model(modelDir(dir())); }
    // The prefill of the fixture's prompts with the tower's embeddings of its pixel_values.
    at::Tensor prefill(q::DecodeState &state, int64_t room, bool all, std::vector<at::Tensor> *hidden = nullptr) const
    {
        const at::Tensor ids = npy("input_ids", dir());
        const at::Tensor embeds = m().vision.encode(npy("pixel_values", dir()), grids(dir()), {});
        return state.prefillTensors(ids, npy("attention_mask", dir()), ids.eq(m().cfg.vision.imagePad),
                                    mergedGrids(dir(), m().cfg.mergeSize), embeds, room, all, {}, hidden);
    }
    void expectGeneration(const std::string &tag, int64_t ngram) const
    {
        const at::Tensor ref = npy("gen_" + tag + "_new_tokens", dir()), refLogits = npy("gen_" + tag + "_logits", dir()),
                         refScores = npy("gen_" + tag + "_scores", dir());
        const int64_t T = ref.size(1);
        q::DecodeState state(m().decoder, m().cfg);
        const at::Tensor logits = prefill(state, T + 1, false);
        gc::runtime::SamplingParams p;
        p.maxNewTokens = T;
        p.noRepeatNgramSize = ngram;
        p.eosId = -1; // the references generate T tokens whatever they are
        p.padId = m().cfg.padId;
        const gc::runtime::GenerateOutput out =
            gc::runtime::generate(logits, rows(npy("input_ids", dir())), state, p, {}, true);
        double worst = 0;
        for (int64_t b = 0; b < ref.size(0); ++b) {
            EXPECT_EQ(out.newTokens[static_cast<size_t>(b)], toVector(ref[b])) << tag << " row " << b;
            for (size_t s = 0; s < out.rawLogits.size(); ++s) {
                const auto i = static_cast<int64_t>(s);
                worst = std::max(worst, maxAbsDiff(out.rawLogits[s][b], refLogits[i][b]));
                EXPECT_TRUE(at::equal(at::isinf(out.scores[s][b]), at::isinf(refScores[i][b])))
                    << tag << " banned tokens, row " << b << " step " << s;
            }
        }
        std::printf("%s: max|d| %s step logits %.3g\n", dir().c_str(), tag.c_str(), worst);
        EXPECT_LE(worst, kTol);
    }
};

std::vector<std::string> fixtures()
{
    std::vector<std::string> dirs{fixture("qwen25vl-tiny-a"), fixture("qwen25vl-batch")};
    if (const char *extra = std::getenv("QWEN25VL_FIXTURE"); extra && *extra)
        dirs.emplace_back(extra);
    return dirs;
}

} // namespace

TEST_P(Qwen25VlFixture, PositionIdsAndRopeDeltas)
{
    const q::RopeIndex r = q::ropeIndex(rows(npy("input_ids", dir())), rows(npy("attention_mask", dir())),
                                        mergedGrids(dir(), m().cfg.mergeSize), m().cfg.vision);
    EXPECT_EQ(r.positions, toVector(npy("position_ids", dir())));
    EXPECT_EQ(r.deltas, toVector(npy("rope_deltas", dir())));
}

TEST_P(Qwen25VlFixture, HiddenStatesAndLogitsOverValidPositions)
{
    q::DecodeState state(m().decoder, m().cfg);
    std::vector<at::Tensor> hidden;
    const at::Tensor logits = prefill(state, 1, true, &hidden);
    const at::Tensor valid = npy("attention_mask", dir()).to(at::kBool).unsqueeze(-1);
    const at::Tensor refH = npy("decoder_hidden_states", dir()), refL = npy("logits", dir());
    ASSERT_EQ(static_cast<int64_t>(hidden.size()), refH.size(0));
    for (size_t i = 0; i < hidden.size(); ++i)
        EXPECT_LE(maxAbsDiff(hidden[i].masked_select(valid), refH[static_cast<int64_t>(i)].masked_select(valid)), kTol)
            << "hidden state " << i;
    ASSERT_EQ(logits.sizes(), refL.sizes());
    const double d = maxAbsDiff(logits.masked_select(valid), refL.masked_select(valid));
    std::printf("%s: max|d| logits %.3g\n", dir().c_str(), d);
    EXPECT_LE(d, kTol);
    EXPECT_EQ(state.ropeDeltas(), toVector(npy("rope_deltas", dir())));
}

TEST_P(Qwen25VlFixture, GreedyTokens) { expectGeneration("greedy", 0); }

TEST_P(Qwen25VlFixture, NoRepeatNgram3Tokens) { expectGeneration("nrng3", 3); }

// The whole path as the app and the CLI run it: each image through the processor, each prompt (in the model's
// markup) through the tokenizer with its image expanded, the rows left-padded into one batch.
TEST_P(Qwen25VlFixture, LocalModelGeneratesTheReferenceTokens)
{
    const nlohmann::json ix = index(dir());
    std::vector<std::string> names;
    for (const auto &[name, info] : ix["images"].items())
        names.push_back(name);
    const auto prompts = ix["prompts"].get<std::vector<std::string>>();
    if (names.size() != prompts.size())
        GTEST_SKIP() << "a prompt with several images: LocalModel takes one image per prompt";
    gc::runtime::LocalModel lm;
    ASSERT_TRUE(lm.load(modelDir(dir())).ok());
    std::vector<gc::io::RgbImage> images;
    for (const std::string &n : names)
        images.push_back(gc::io::loadImageRgb(dir() + "/" + n));
    for (const auto &[tag, ngram] : {std::pair{"greedy", 0}, std::pair{"nrng3", 3}}) {
        const at::Tensor ref = npy(std::string("gen_") + tag + "_new_tokens", dir());
        gc::runtime::GenerationParams g;
        g.rawPrompt = true;
        g.maxNewTokens = ref.size(1);
        g.noRepeatNgramSize = ngram;
        const std::vector<gc::runtime::GenerationResult> rs = lm.generateBatch(images, prompts, g);
        for (size_t b = 0; b < rs.size(); ++b) {
            ASSERT_TRUE(rs[b].status.ok()) << rs[b].status.message;
            // the reference's rows go on past an end token; ours stop there
            const std::vector<int64_t> want = toVector(ref[static_cast<int64_t>(b)]);
            ASSERT_LE(rs[b].tokens.size(), want.size());
            EXPECT_EQ(rs[b].tokens, std::vector<int64_t>(want.begin(), want.begin() + rs[b].tokens.size()))
                << tag << " row " << b;
            const at::Tensor mask = npy("attention_mask", dir())[static_cast<int64_t>(b)].to(at::kBool);
            EXPECT_EQ(rs[b].promptTokens, toVector(npy("input_ids", dir())[static_cast<int64_t>(b)].masked_select(mask)))
                << "prompt ids, row " << b;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Qwen25VlFixture, testing::ValuesIn(fixtures()),
                         [](const testing::TestParamInfo<std::string> &i) {
                             std::string n = fs::path(i.param).filename().string();
                             for (char &c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c)))
                                     c = '_';
                             return n;
                         });

// The processor's pixel_values bit for bit, the chat template's ids and the logits over the prompt, as
// `groundchat-cli ask --dump` writes them.
TEST(Qwen25VlLocalModel, DumpOfTheChatTemplatePrompt)
{
    const std::string dir = fixture("qwen25vl-tiny-a");
    gc::runtime::LocalModel lm;
    ASSERT_TRUE(lm.load(dir).ok());
    const fs::path out = fs::temp_directory_path() / ("gc_qwen_dump_" + std::to_string(::getpid()));
    const gc::runtime::Status s = lm.dump(gc::io::loadImageRgb(dir + "/image0.png"), "What is in the image?", out.string());
    ASSERT_TRUE(s.ok()) << s.message;
    EXPECT_EQ(gc::io::readNpy((out / "pixel_values.npy").string()).f32, gc::io::readNpy(dir + "/pixel_values.npy").f32);
    EXPECT_EQ(gc::io::readNpy((out / "pixel_values.npy").string()).shape, gc::io::readNpy(dir + "/pixel_values.npy").shape);
    EXPECT_EQ(gc::io::readNpy((out / "input_ids.npy").string()).i64, gc::io::readNpy(dir + "/input_ids.npy").i64);
    EXPECT_LE(maxAbsDiff(npy("logits", out.string()), npy("logits", dir)), kTol);
    EXPECT_LE(maxAbsDiff(npy("image_embeds", out.string()).squeeze(0), npy("image_embeds", dir)), kTol);
    fs::remove_all(out);
}

TEST(Qwen25VlLocalModel, InfoAndInputFrame)
{
    gc::runtime::LocalModel lm;
    ASSERT_TRUE(lm.load(fixture("qwen25vl-tiny-a")).ok());
    const gc::runtime::ModelInfo info = lm.info();
    EXPECT_EQ(info.architecture, "qwen2.5-vl");
    EXPECT_EQ(info.dialect, "qwen2.5-vl");
    EXPECT_TRUE(info.multiTurn);
    EXPECT_TRUE(info.regionInput);
    ASSERT_TRUE(info.inputFrame);
    // index.json: 45x37 -> 48x40 (the boxes of an answer are pixels of this frame)
    EXPECT_EQ(info.inputFrame({45, 37}), (gc::SizeI{48, 40}));
}

// A later turn reuses the cache of the conversation so far and answers as a fresh model does; a follow-up closes
// the answer the template's way and runs only its new turn.
TEST(Qwen25VlLocalModel, ConversationTurnsReuseTheCache)
{
    const std::string dir = fixture("qwen25vl-tiny-a");
    const gc::io::RgbImage image = gc::io::loadImageRgb(dir + "/image0.png");
    gc::runtime::GenerationParams g;
    g.maxNewTokens = 6;
    const std::vector<gc::runtime::Turn> history{{"What is in the image?", "b b"}};
    gc::runtime::LocalModel fresh;
    ASSERT_TRUE(fresh.load(dir).ok());
    const gc::runtime::GenerationResult alone = fresh.generate(image, history, "And the colour?", g);
    ASSERT_TRUE(alone.status.ok()) << alone.status.message;

    gc::runtime::LocalModel lm;
    ASSERT_TRUE(lm.load(dir).ok());
    const gc::runtime::GenerationResult first = lm.generate(image, "What is in the image?", g);
    ASSERT_TRUE(first.status.ok()) << first.status.message;
    EXPECT_EQ(first.promptTokens, toVector(npy("input_ids", dir)));
    const gc::runtime::GenerationResult second = lm.generate(image, history, "And the colour?", g);
    ASSERT_TRUE(second.status.ok()) << second.status.message;
    EXPECT_TRUE(second.imageCached);
    EXPECT_GT(second.reusedTokens, 60); // the system turn, the image and the first question
    EXPECT_EQ(second.promptTokens, alone.promptTokens);
    EXPECT_EQ(second.tokens, alone.tokens);

    const gc::runtime::GenerationResult next = lm.followUp("Why?", g);
    ASSERT_TRUE(next.status.ok()) << next.status.message;
    std::vector<int64_t> before = second.promptTokens;
    before.insert(before.end(), second.tokens.begin(), second.tokens.end());
    EXPECT_EQ(next.reusedTokens, static_cast<int64_t>(before.size()) - 1); // all but the last answer token
    ASSERT_GT(next.promptTokens.size(), before.size());
    EXPECT_TRUE(std::equal(before.begin(), before.end(), next.promptTokens.begin()));
    const std::vector<int64_t> tail = {10, 347}; // "\n<|im_start|>" after the closed answer
    const size_t closed = before.size() + (before.back() == 348 ? 0 : 1);
    EXPECT_EQ(next.promptTokens[closed - 1], 348);
    EXPECT_EQ(std::vector<int64_t>(next.promptTokens.begin() + static_cast<std::ptrdiff_t>(closed),
                                   next.promptTokens.begin() + static_cast<std::ptrdiff_t>(closed) + 2),
              tail);
}

// The logit lens through LocalModel::explain, as the app and `groundchat-cli explain` run it, at the fixture's image
// positions: each layer's lens is the head (final norm, tied output layer) on the reference's hidden state after
// that layer, and the last layer's is the reference's logits (|Δ| ≤ 1e-4), so no layer is off by one and the
// positions are the image's.
TEST(Qwen25VlExplain, EachLayersLensIsTheHeadOnTheReferenceHiddenState)
{
    const std::string dir = fixture("qwen25vl-tiny-a");
    const nlohmann::json ix = index(dir);
    gc::runtime::LocalModel lm;
    ASSERT_TRUE(lm.load(dir).ok());
    gc::runtime::ExplainParams p;
    p.rawPrompt = true;
    p.fullLens = true;
    gc::runtime::Explanation e;
    const gc::runtime::Status s = lm.explain(gc::io::loadImageRgb(dir + "/image0.png"), {},
                                             ix["prompts"][0].get<std::string>(), p, e);
    ASSERT_TRUE(s.ok()) << s.message;

    const at::Tensor image = npy("input_ids", dir)[0].eq(model(dir).cfg.vision.imagePad).nonzero().view(-1);
    ASSERT_EQ(e.positions, image.size(0));
    const at::Tensor refH = npy("decoder_hidden_states", dir), refL = npy("logits", dir)[0];
    ASSERT_EQ(e.layers + 1, refH.size(0)); // the embeddings, then each layer's output (the last one normed)
    const at::Tensor lens = at::from_blob(e.lens.data(), {e.layers, e.positions, e.vocab}, at::kFloat);
    double worst = 0;
    for (int64_t l = 0; l + 1 < e.layers; ++l)
        worst = std::max(worst, maxAbsDiff(lens[l], model(dir).decoder.lensLogits(refH[l + 1][0].index_select(0, image))));
    const double last = maxAbsDiff(lens[e.layers - 1], refL.index_select(0, image));
    std::printf("qwen25vl-tiny-a lens at %lld image positions: max|d| layers 0..%lld %.3g, last layer vs logits %.3g\n",
                (long long)e.positions, (long long)e.layers - 2, worst, last);
    EXPECT_LE(worst, kTol);
    EXPECT_LE(last, kTol);
}
