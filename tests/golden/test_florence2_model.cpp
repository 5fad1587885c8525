// Florence-2 end to end through LocalModel on the florence2-tiny fixture: the architecture table finds it,
// the fixture's prompt gives its input_ids after the image slots, beam-3 (generation_config.json's
// settings) and greedy generations give the reference's tokens exactly, and the dump reproduces pixel
// values bit for bit, the image features, the encoder output and every greedy step's raw logits within
// 1e-4.

#include "golden_util.h"

#include "io/image_loader.h"
#include "io/model_folder.h"
#include "runtime/architectures.h"
#include "runtime/local_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <unistd.h>

using namespace golden;
namespace rt = gc::runtime;
namespace fs = std::filesystem;

namespace {

const std::string kDir = fixture("florence2-tiny");
constexpr int64_t kImageTokens = 10; // 96 px: a 3x3 grid and the mean token
constexpr int64_t kNewTokens = 14;   // the reference's max_new_tokens

rt::LocalModel &model()
{
    static rt::LocalModel m;
    if (!m.isLoaded()) {
        const rt::Status s = m.load(kDir);
        EXPECT_TRUE(s.ok()) << s.message;
    }
    return m;
}

const gc::io::RgbImage &image()
{
    static const gc::io::RgbImage img = gc::io::loadImageRgb(kDir + "/image0.png");
    return img;
}

// The reference's sequences without their leading decoder start token.
std::vector<int64_t> generated(const std::string &name)
{
    std::vector<int64_t> s = toVector(npy(name, kDir));
    return {s.begin() + 1, s.end()};
}

rt::GenerationResult ask(std::optional<int64_t> beams)
{
    rt::GenerationParams p;
    p.maxNewTokens = kNewTokens;
    p.numBeams = beams;
    return model().generate(image(), "<CAPTION>", p);
}

} // namespace

TEST(Florence2Model, LoadsThroughTheArchitectureTable)
{
    const rt::ModelInfo i = model().info();
    EXPECT_EQ(i.architecture, "florence-2");
    EXPECT_EQ(i.dialect, "florence2");
    EXPECT_EQ(i.imageSize, 96);
    EXPECT_EQ(i.vocabSize, 1345);
    EXPECT_TRUE(i.regionInput);
    EXPECT_TRUE(i.masks);
    EXPECT_TRUE(i.ocr);
    EXPECT_FALSE(i.multiTurn);
    for (const char *task : {"detect", "caption", "ocr-regions", "grounded-caption", "segment", "region"})
        EXPECT_NE(std::find(i.tasks.begin(), i.tasks.end(), task), i.tasks.end()) << task;
}

TEST(Florence2Model, PromptIsTheImageSlotsThenTheProcessorsIds)
{
    const std::vector<int64_t> ids = model().promptIds("<CAPTION>", {});
    ASSERT_EQ(ids.size(), static_cast<size_t>(kImageTokens) + 11);
    EXPECT_EQ(std::vector<int64_t>(ids.begin() + kImageTokens, ids.end()), toVector(npy("input_ids", kDir)));
}

TEST(Florence2Model, BeamSearchOfTheGenerationConfigGivesTheReferenceTokens)
{
    const rt::GenerationResult r = ask(std::nullopt); // generation_config.json: num_beams 3
    ASSERT_TRUE(r.status.ok()) << r.status.message;
    EXPECT_EQ(r.tokens, generated("gen_beam3_sequences"));
}

TEST(Florence2Model, GreedyGivesTheReferenceTokens)
{
    const rt::GenerationResult r = ask(1);
    ASSERT_TRUE(r.status.ok()) << r.status.message;
    EXPECT_EQ(r.tokens, generated("gen_greedy_sequences"));
    // the dialect reads the answer alone: the prompt went to the encoder
    EXPECT_EQ(r.rawText, r.answerText);
}

TEST(Florence2Model, BatchesGiveWhatEachPromptGivesAlone)
{
    rt::GenerationParams p;
    p.maxNewTokens = kNewTokens;
    for (const int64_t beams : {1, 3}) {
        p.numBeams = beams;
        const std::vector<rt::GenerationResult> rs = model().generateBatch({image(), image()}, {"<CAPTION>", "<CAPTION>"}, p);
        ASSERT_EQ(rs.size(), 2u);
        for (const rt::GenerationResult &r : rs)
            EXPECT_EQ(r.tokens, generated(beams == 1 ? "gen_greedy_sequences" : "gen_beam3_sequences")) << beams;
    }
}

TEST(Florence2Model, DumpReproducesTheReferenceTensors)
{
    const fs::path dir = fs::temp_directory_path() / ("gc_florence2_dump_" + std::to_string(::getpid()));
    const std::vector<int64_t> answer = generated("gen_greedy_sequences");
    const rt::Status s = model().dump(image(), "<CAPTION>", dir.string(), answer);
    ASSERT_TRUE(s.ok()) << s.message;
    const auto dumped = [&](const std::string &name) { return npy(name, dir.string()); };
    EXPECT_TRUE(at::equal(dumped("pixel_values"), npy("pixel_values", kDir)));
    EXPECT_LE(maxAbsDiff(dumped("image_features"), npy("image_features", kDir)), 1e-4);
    EXPECT_LE(maxAbsDiff(dumped("encoder_last_hidden_state"), npy("encoder_last_hidden_state", kDir)), 1e-4);
    const at::Tensor steps = dumped("step_logits"), ref = npy("gen_greedy_logits", kDir).squeeze(1);
    ASSERT_EQ(steps.sizes(), ref.sizes());
    const double d = maxAbsDiff(steps, ref);
    std::printf("max|d| step_logits %.3g\n", d);
    EXPECT_LE(d, 1e-4);
    // a decoder-only model's files are not written for an encoder-decoder one
    EXPECT_FALSE(fs::exists(dir / "logits.npy"));
    fs::remove_all(dir);
}

TEST(Florence2Model, FollowUpIsRefusedClearly)
{
    ASSERT_TRUE(ask(1).status.ok());
    const rt::GenerationResult r = model().followUp("and then?", {});
    EXPECT_FALSE(r.status.ok());
}

// A config.json that describes another model than the weights is refused with the first mismatch named.
TEST(Florence2Model, CheckpointThatDisagreesWithItsConfigIsABadModel)
{
    const fs::path dir = fs::temp_directory_path() / ("gc_florence2_bad_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::copy(kDir, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    for (fs::directory_entry e : fs::recursive_directory_iterator(dir))
        fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    const nlohmann::json good = nlohmann::json::parse(std::ifstream(kDir + "/config.json"));
    const std::pair<const char *, std::function<void(nlohmann::json &)>> cases[] = {
        {"text_config.encoder_layers", [](nlohmann::json &c) { c["text_config"]["encoder_layers"] = 3; }},
        {"vision_config.depths[2]", [](nlohmann::json &c) { c["vision_config"]["depths"] = {1, 1, 3, 1}; }},
        {"has shape", [](nlohmann::json &c) { c["vision_config"]["mlp_ratio"] = 2.0; }},
        {"d_model", [](nlohmann::json &c) { c["projection_dim"] = 40; }},
    };
    for (const auto &[expected, edit] : cases) {
        nlohmann::json cfg = good;
        edit(cfg);
        std::ofstream(dir / "config.json") << cfg.dump();
        rt::LocalModel m;
        const rt::Status s = m.load(dir.string());
        EXPECT_EQ(s.code, rt::StatusCode::BadModel) << expected << ": " << s.message;
        EXPECT_NE(s.message.find(expected), std::string::npos) << s.message;
    }
    fs::remove_all(dir);
}

// The app's token limit is the user's, the same for every model: beyond the decoder's 64 learned positions the
// answer stops at their end instead of failing ("position 64 is past the model's 64 positions", seen in the app).
TEST(Florence2Model, ATokenLimitBeyondTheDecodersPositionsStopsAtTheirEnd)
{
    for (int64_t beams : {1, 3}) {
        rt::GenerationParams p;
        p.maxNewTokens = 1000;
        p.numBeams = beams;
        const rt::GenerationResult r = model().generate(image(), "<OD>", p);
        ASSERT_TRUE(r.status.ok()) << beams << " beam(s): " << r.status.message;
        EXPECT_LE(r.tokens.size(), 63u) << beams << " beam(s)";
    }
}

// The app leaves the answer length to the model: Florence-2's is the reference usage's 1024 (an <OD> answer
// on a busy image is long), not the 64 other models get, capped by the decoder's positions when generating.
TEST(Florence2Model, ItsDefaultAnswerLengthIsTheReferenceUsages)
{
    const gc::io::ModelFolder folder = gc::io::openModelFolder(kDir);
    rt::LoadContext ctx;
    ctx.progress = [](double, const char *) {};
    const std::unique_ptr<rt::Architecture> arch = rt::findArchitecture(folder.config).load(folder, ctx);
    EXPECT_EQ(arch->defaultMaxNewTokens(), 1024);
    EXPECT_EQ(arch->maxNewTokens(), 63);
}

// A beam search's answer exists only when it ends: its steps come through onProgress while it runs, then its
// best beam's tokens through onToken, as a streamed answer's would (the app reads both alike). A streamed
// answer reports no search steps.
TEST(Florence2Model, ABeamSearchReportsItsStepsThenItsTokens)
{
    for (int64_t beams : {3, 1}) {
        std::vector<std::string> events;
        std::vector<int64_t> streamed;
        std::string text;
        rt::GenerationParams p;
        p.maxNewTokens = kNewTokens;
        p.numBeams = beams;
        p.onProgress = [&](int64_t step, int64_t max) {
            EXPECT_EQ(max, kNewTokens);
            events.push_back("step " + std::to_string(step));
        };
        p.onToken = [&](int64_t token, const std::string &piece) {
            events.push_back("token");
            streamed.push_back(token);
            text += piece;
        };
        const rt::GenerationResult r = model().generate(image(), "<CAPTION>", p);
        ASSERT_TRUE(r.status.ok()) << r.status.message;
        EXPECT_EQ(streamed, r.tokens) << beams << " beam(s)";
        EXPECT_EQ(text, r.answerText) << beams << " beam(s)";
        const auto firstToken = std::find(events.begin(), events.end(), "token");
        if (beams == 1) {
            EXPECT_EQ(firstToken, events.begin()); // no steps: it streams
        } else {
            ASSERT_NE(firstToken, events.begin());
            EXPECT_EQ(events.front(), "step 1");
            EXPECT_TRUE(std::all_of(firstToken, events.end(), [](const std::string &e) { return e == "token"; }));
        }
    }
}
