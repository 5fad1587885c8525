// `groundchat-cli ask` end to end on the fixture folder, through runAsk itself.

#include "args.h"
#include "cli_ask.h"
#include "io/npy.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;

namespace {
std::string fixture() { return std::string(GC_TEST_DATA) + "/kosmos2-tiny-a"; }
} // namespace

TEST(CliAsk, JsonCarriesTokensAndGroundedResult)
{
    const fs::path dump = fs::temp_directory_path() / ("gc_ask_dump_" + std::to_string(::getpid()));
    const fs::path overlay = dump / "overlay.png";
    fs::create_directories(dump);
    testing::internal::CaptureStdout();
    const int rc = gc::cli::runAsk({"--model", fixture(), "--image", fixture() + "/image0.png", "--prompt",
                                    "<grounding>An image of", "--max-new-tokens", "16", "--json", "--dump",
                                    dump.string(), "--overlay", overlay.string()});
    const std::string out = testing::internal::GetCapturedStdout();
    ASSERT_EQ(rc, 0);
    const nlohmann::json j = nlohmann::json::parse(out);
    EXPECT_EQ(j["dialect"], "kosmos2");
    EXPECT_EQ(j["tokens"].get<std::vector<int64_t>>(), gc::io::readNpy(fixture() + "/gen_nrng3_new_tokens.npy").i64);
    EXPECT_TRUE(j.contains("entities"));
    EXPECT_TRUE(fs::exists(overlay));
    // The dump reproduces the fixture's tensors (pixel values bit for bit).
    EXPECT_EQ(gc::io::readNpy((dump / "pixel_values.npy").string()).f32,
              gc::io::readNpy(fixture() + "/pixel_values.npy").f32);
    const auto logits = gc::io::readNpy((dump / "logits.npy").string());
    const auto ref = gc::io::readNpy(fixture() + "/logits.npy");
    ASSERT_EQ(logits.shape, ref.shape);
    float worst = 0;
    for (size_t i = 0; i < ref.f32.size(); ++i)
        worst = std::max(worst, std::abs(logits.f32[i] - ref.f32[i]));
    EXPECT_LE(worst, 1e-4f);
    fs::remove_all(dump);
}

TEST(CliAsk, GreedyOverrideAndErrors)
{
    testing::internal::CaptureStdout();
    gc::cli::runAsk({"--model", fixture(), "--image", fixture() + "/image0.png", "--prompt", "<grounding>An image of",
                     "--max-new-tokens", "16", "--json", "--no-repeat-ngram-size", "0"});
    const nlohmann::json j = nlohmann::json::parse(testing::internal::GetCapturedStdout());
    EXPECT_EQ(j["tokens"].get<std::vector<int64_t>>(), gc::io::readNpy(fixture() + "/gen_greedy_new_tokens.npy").i64);

    EXPECT_THROW(gc::cli::runAsk({"--model", fixture(), "--image", fixture() + "/image0.png"}), gc::cli::UsageError);
    EXPECT_THROW(gc::cli::runAsk({"--model", fixture(), "--image", fixture() + "/nope.png", "--prompt", "x"}),
                 gc::cli::InputError);
    EXPECT_THROW(gc::cli::runAsk({"--model", "/nonexistent", "--image", fixture() + "/image0.png", "--prompt", "x"}),
                 gc::cli::InputError);
    EXPECT_THROW(gc::cli::runAsk({"--model", fixture(), "--image", fixture() + "/image0.png", "--prompt", "x",
                                  "--top-p", "abc"}),
                 gc::cli::UsageError);
}

namespace {

std::string qwenFixture() { return std::string(GC_TEST_DATA) + "/qwen25vl-tiny-a"; }

const char *kQwenPrompt = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
                          "<|vision_start|><|image_pad|><|vision_end|>What is in the image?<|im_end|>\n"
                          "<|im_start|>assistant\n";

nlohmann::json askJson(const std::vector<std::string> &args)
{
    testing::internal::CaptureStdout();
    const int rc = gc::cli::runAsk(args);
    const std::string out = testing::internal::GetCapturedStdout();
    EXPECT_EQ(rc, 0);
    return nlohmann::json::parse(out);
}

} // namespace

// The acceptance contract: --raw-prompt in the model's markup with its image placeholder, --json with the tokens,
// --dump with the processor's patch matrix and the logits over the prompt.
TEST(CliAsk, Qwen25VlRawPromptTokensAndDump)
{
    const std::string dir = qwenFixture();
    const fs::path dump = fs::temp_directory_path() / ("gc_ask_qwen_" + std::to_string(::getpid()));
    const nlohmann::json j = askJson({"--model", dir, "--image", dir + "/image0.png", "--prompt", kQwenPrompt,
                                      "--raw-prompt", "--max-new-tokens", "12", "--json", "--dump", dump.string()});
    EXPECT_EQ(j["dialect"], "qwen2.5-vl");
    EXPECT_EQ(j["tokens"].get<std::vector<int64_t>>(), gc::io::readNpy(dir + "/gen_greedy_new_tokens.npy").i64);
    const auto pv = gc::io::readNpy((dump / "pixel_values.npy").string());
    const auto pvRef = gc::io::readNpy(dir + "/pixel_values.npy");
    EXPECT_EQ(pv.shape, pvRef.shape);
    EXPECT_EQ(pv.f32, pvRef.f32);
    const auto logits = gc::io::readNpy((dump / "logits.npy").string());
    const auto ref = gc::io::readNpy(dir + "/logits.npy");
    ASSERT_EQ(logits.shape, ref.shape);
    float worst = 0;
    for (size_t i = 0; i < ref.f32.size(); ++i)
        worst = std::max(worst, std::abs(logits.f32[i] - ref.f32[i]));
    EXPECT_LE(worst, 1e-4f);
    fs::remove_all(dump);

    const nlohmann::json banned = askJson({"--model", dir, "--image", dir + "/image0.png", "--prompt", kQwenPrompt,
                                           "--raw-prompt", "--max-new-tokens", "12", "--no-repeat-ngram-size", "3",
                                           "--json"});
    EXPECT_EQ(banned["tokens"].get<std::vector<int64_t>>(), gc::io::readNpy(dir + "/gen_nrng3_new_tokens.npy").i64);
}

// Without --raw-prompt the prompt is the user's message and the chat template is applied: the fixture's prompt.
TEST(CliAsk, Qwen25VlChatTemplateAndPlaceholderErrors)
{
    const std::string dir = qwenFixture();
    const nlohmann::json j = askJson({"--model", dir, "--image", dir + "/image0.png", "--prompt",
                                      "What is in the image?", "--max-new-tokens", "12", "--json"});
    EXPECT_EQ(j["tokens"].get<std::vector<int64_t>>(), gc::io::readNpy(dir + "/gen_greedy_new_tokens.npy").i64);
    // a raw prompt must say where the image goes, once
    EXPECT_THROW(gc::cli::runAsk({"--model", dir, "--image", dir + "/image0.png", "--prompt", "no image here",
                                  "--raw-prompt", "--json"}),
                 gc::cli::InputError);
    EXPECT_THROW(gc::cli::runAsk({"--model", dir, "--image", dir + "/image0.png", "--prompt",
                                  "<|image_pad|><|image_pad|>", "--raw-prompt", "--json"}),
                 gc::cli::InputError);
}

// --resize-max-pixels: the model sees the image at fewer pixels, so the prompt has fewer image tokens (its dump's
// input ids) and pixel_values fewer patch rows; a model with a fixed square refuses the option.
TEST(CliAsk, Qwen25VlResizeBoundsChangeTheImageTokens)
{
    const std::string dir = qwenFixture();
    const auto inputIds = [&](std::vector<std::string> extra) {
        const fs::path dump = fs::temp_directory_path() / ("gc_ask_qwen_px_" + std::to_string(::getpid()));
        std::vector<std::string> argv{"--model", dir, "--image", dir + "/image0.png", "--prompt", "What?",
                                      "--max-new-tokens", "1", "--json", "--dump", dump.string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        (void)askJson(argv);
        const size_t n = gc::io::readNpy((dump / "input_ids.npy").string()).i64.size();
        const size_t rows = static_cast<size_t>(gc::io::readNpy((dump / "pixel_values.npy").string()).shape.at(0));
        fs::remove_all(dump);
        return std::pair{n, rows};
    };
    const auto [idsFull, rowsFull] = inputIds({});
    const auto [idsSmall, rowsSmall] = inputIds({"--resize-max-pixels", "1024"});
    EXPECT_LT(idsSmall, idsFull);
    EXPECT_EQ((rowsFull - rowsSmall) / 4, idsFull - idsSmall); // one token per 2x2 merged patches
    EXPECT_THROW(gc::cli::runAsk({"--model", dir, "--image", dir + "/image0.png", "--prompt", "What?",
                                  "--resize-min-pixels", "4096", "--resize-max-pixels", "1024", "--json"}),
                 gc::cli::InputError);
}
