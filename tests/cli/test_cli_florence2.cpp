// `groundchat-cli ask` on an encoder-decoder model, the florence2-tiny fixture, as the contract
// has it: --task builds the processor's prompt, --num-beams picks beam search or greedy, --json's
// "tokens" are the generated ids after the decoder start token, and --dump writes the encoder-decoder
// tensors (step_logits of the greedy run) instead of the decoder-only logits.npy.

#include "cli_runner.h"

#include "io/npy.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kDir = std::string(GC_TEST_DATA) + "/florence2-tiny";

// index.json's sequence for `run` ("beam3", "greedy") without its leading decoder start token.
std::vector<int64_t> reference(const std::string &run)
{
    const json ix = json::parse(std::ifstream(kDir + "/index.json"));
    std::vector<int64_t> s = ix["generate"][run]["sequences"][0].get<std::vector<int64_t>>();
    return {s.begin() + 1, s.end()};
}

CliResult ask(std::vector<std::string> extra)
{
    std::vector<std::string> args{"ask", "--model", kDir, "--image", kDir + "/image0.png", "--max-new-tokens", "14", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return runCli(args);
}

} // namespace

TEST(CliFlorence2, TaskBuildsTheProcessorsPromptAndBeamSearchGivesTheReferenceTokens)
{
    for (const char *task : {"CAPTION", "<CAPTION>", "caption"}) {
        const CliResult r = ask({"--task", task});
        ASSERT_EQ(r.exitCode, 0) << task << ": " << r.err;
        const json j = json::parse(r.out);
        EXPECT_EQ(j["dialect"], "florence2");
        EXPECT_EQ(j["tokens"].get<std::vector<int64_t>>(), reference("beam3")) << task;
    }
}

TEST(CliFlorence2, GreedyRunDumpsTheEncoderDecoderTensors)
{
    const fs::path dump = fs::temp_directory_path() / ("gc_cli_florence2_" + std::to_string(::getpid()));
    const CliResult r = ask({"--prompt", "<CAPTION>", "--num-beams", "1", "--dump", dump.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["tokens"].get<std::vector<int64_t>>(), reference("greedy"));

    EXPECT_EQ(gc::io::readNpy((dump / "pixel_values.npy").string()).f32, gc::io::readNpy(kDir + "/pixel_values.npy").f32);
    for (const char *name : {"image_features", "encoder_last_hidden_state"})
        EXPECT_EQ(gc::io::readNpy((dump / (std::string(name) + ".npy")).string()).shape,
                  gc::io::readNpy(kDir + "/" + name + ".npy").shape)
            << name;
    const gc::io::NpyArray steps = gc::io::readNpy((dump / "step_logits.npy").string());
    const gc::io::NpyArray ref = gc::io::readNpy(kDir + "/gen_greedy_logits.npy"); // [steps, 1, V]
    ASSERT_EQ(steps.shape, (std::vector<int64_t>{ref.shape[0], ref.shape[2]}));
    float worst = 0;
    for (size_t i = 0; i < ref.f32.size(); ++i)
        worst = std::max(worst, std::abs(steps.f32[i] - ref.f32[i]));
    EXPECT_LE(worst, 1e-4f);
    EXPECT_FALSE(fs::exists(dump / "logits.npy"));
    fs::remove_all(dump);
}

// --weights q8 reaches Florence-2's layers: the answer comes, and the dumped image features are computed in
// 8 bits (not the float32 reference's to rounding), near it: the whole tower, whose layers' own errors (each
// within q8's 1 %, test_weight_formats) add up along it.
TEST(CliFlorence2, WeightsQ8AnswersInEightBits)
{
    const fs::path dump = fs::temp_directory_path() / ("gc_cli_florence2_q8_" + std::to_string(::getpid()));
    const CliResult r = ask({"--task", "OD", "--num-beams", "1", "--weights", "q8", "--dump", dump.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["dialect"], "florence2");
    EXPECT_FALSE(j["tokens"].empty());
    const std::vector<float> got = gc::io::readNpy((dump / "image_features.npy").string()).f32;
    const std::vector<float> ref = gc::io::readNpy(kDir + "/image_features.npy").f32;
    ASSERT_EQ(got.size(), ref.size());
    double diff = 0, norm = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
        diff += (got[i] - ref[i]) * double(got[i] - ref[i]);
        norm += ref[i] * double(ref[i]);
    }
    const double relative = std::sqrt(diff / norm);
    EXPECT_GT(relative, 1e-5) << "computed in float32";
    EXPECT_LE(relative, 0.02);
    fs::remove_all(dump);
}

TEST(CliFlorence2, TaskMisuseIsAUsageError)
{
    EXPECT_EQ(ask({"--task", "NO_SUCH_TASK"}).exitCode, 2);
    EXPECT_EQ(ask({"--task", "OD", "--prompt", "a cat"}).exitCode, 2);           // <OD> takes no input
    EXPECT_EQ(ask({"--task", "CAPTION_TO_PHRASE_GROUNDING"}).exitCode, 2);       // needs its phrase
    EXPECT_EQ(ask({"--task", "CAPTION", "--num-beams", "0"}).exitCode, 2);
    const CliResult noPrompt = runCli({"ask", "--model", kDir, "--image", kDir + "/image0.png"});
    EXPECT_EQ(noPrompt.exitCode, 2);
}

TEST(CliFlorence2, PhraseTaskRunsAndDecodesWithItsGrammar)
{
    const CliResult r = ask({"--task", "CAPTION_TO_PHRASE_GROUNDING", "--prompt", "a dog", "--num-beams", "1"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["dialect"], "florence2");
    // forced BOS first, and an end within the 14 new tokens (forced EOS at the last)
    const std::vector<int64_t> t = j["tokens"].get<std::vector<int64_t>>();
    ASSERT_FALSE(t.empty());
    EXPECT_LE(t.size(), 14u);
    EXPECT_EQ(t.front(), 0);
    EXPECT_EQ(t.back(), 2);
}
