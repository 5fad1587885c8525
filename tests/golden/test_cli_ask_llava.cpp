// `groundchat-cli ask` on the LLaVA fixture: the chat template around the question, greedy and 3-gram-ban tokens,
// the dialect that matches the preprocessing, and the dump (pixel_values bit for bit, logits over the merged
// sequence's positions).

#include "args.h"
#include "cli_ask.h"
#include "io/npy.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

std::string llava() { return std::string(GC_TEST_DATA) + "/llava-tiny-a"; }

nlohmann::json ask(const std::vector<std::string> &extra)
{
    std::vector<std::string> args{"--model", llava(), "--image", llava() + "/image0.png", "--prompt",
                                  "What is shown in this image?", "--max-new-tokens", "12", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    testing::internal::CaptureStdout();
    const int rc = gc::cli::runAsk(args);
    const std::string out = testing::internal::GetCapturedStdout();
    EXPECT_EQ(rc, 0);
    return nlohmann::json::parse(out);
}

} // namespace

TEST(CliAskLlava, TokensDialectAndDump)
{
    const fs::path dump = fs::temp_directory_path() / ("gc_ask_llava_" + std::to_string(::getpid()));
    // the question goes into "USER: <image>\n… ASSISTANT:", the fixture's prompt
    const nlohmann::json j = ask({"--dump", dump.string()});
    EXPECT_EQ(j["tokens"].get<std::vector<int64_t>>(), gc::io::readNpy(llava() + "/gen_greedy_new_tokens.npy").i64);
    // the HF processor crops the centre: boxes are of that square
    EXPECT_EQ(j["dialect"], "llava-1.5-crop");
    EXPECT_EQ(gc::io::readNpy((dump / "pixel_values.npy").string()).f32,
              gc::io::readNpy(llava() + "/pixel_values.npy").f32);
    const auto logits = gc::io::readNpy((dump / "logits.npy").string());
    const auto ref = gc::io::readNpy(llava() + "/logits.npy");
    ASSERT_EQ(logits.shape, ref.shape); // [1, 45, V]: the image's 16 rows in place of its one id
    float worst = 0;
    for (size_t i = 0; i < ref.f32.size(); ++i)
        worst = std::max(worst, std::abs(logits.f32[i] - ref.f32[i]));
    EXPECT_LE(worst, 1e-4f);
    fs::remove_all(dump);

    const nlohmann::json n = ask({"--no-repeat-ngram-size", "3"});
    EXPECT_EQ(n["tokens"].get<std::vector<int64_t>>(), gc::io::readNpy(llava() + "/gen_nrng3_new_tokens.npy").i64);
}

// The template's text written out by hand is the same sequence: the same tokens, and the dialect reads only
// what the model wrote in both cases (not the question after <image>).
TEST(CliAskLlava, RawPromptReadsTheAnswerAsTheTemplateDoes)
{
    const nlohmann::json templated = ask({});
    const nlohmann::json raw =
        ask({"--raw-prompt", "--prompt", "USER: <image>\nWhat is shown in this image? ASSISTANT:"});
    EXPECT_EQ(raw["tokens"], templated["tokens"]);
    EXPECT_EQ(raw["raw"], templated["raw"]);
    EXPECT_EQ(raw["raw"].get<std::string>().find("What is shown"), std::string::npos);
}

namespace {

std::string gqa() { return std::string(GC_TEST_DATA) + "/llava-tiny-gqa"; }

// Row b of the reference's [B, S, V] logits where its merged mask is 1, in order.
std::vector<float> validLogitsRow(const std::string &dir, const std::string &prefix, size_t b)
{
    const auto logits = gc::io::readNpy(dir + "/" + prefix + "logits.npy");
    const auto mask = gc::io::readNpy(dir + "/merged_attention_mask.npy");
    const auto S = static_cast<size_t>(logits.shape[1]), V = static_cast<size_t>(logits.shape[2]);
    std::vector<float> out;
    for (size_t s = 0; s < S; ++s)
        if (mask.i64[b * S + s] == 1)
            out.insert(out.end(), logits.f32.begin() + static_cast<long>((b * S + s) * V),
                       logits.f32.begin() + static_cast<long>((b * S + s + 1) * V));
    return out;
}

std::vector<int64_t> tokensRow(const std::string &file, size_t b)
{
    const auto t = gc::io::readNpy(file);
    const auto n = static_cast<size_t>(t.shape[1]);
    return {t.i64.begin() + static_cast<long>(b * n), t.i64.begin() + static_cast<long>((b + 1) * n)};
}

// Runs every row of the batched fixture in `dir` alone through `ask --raw-prompt`: its tokens, its pixel values
// bit for bit and its logits over the merged sequence's valid positions, against the `prefix` tensors.
void expectRowsMatch(const std::string &dir, const std::string &prefix, const std::string &dialect)
{
    const nlohmann::json index = nlohmann::json::parse(std::ifstream(gqa() + "/index.json"));
    const auto prompts = index["prompts"].get<std::vector<std::string>>();
    const auto pixels = gc::io::readNpy(gqa() + "/" + prefix + "pixel_values.npy");
    const size_t perImage = pixels.f32.size() / static_cast<size_t>(pixels.shape[0]);
    for (size_t b = 0; b < prompts.size(); ++b) {
        SCOPED_TRACE("row " + std::to_string(b));
        const fs::path dump = fs::temp_directory_path() / ("gc_ask_llava_row_" + std::to_string(::getpid()));
        const std::vector<std::string> base{"--model", dir, "--image", gqa() + "/image" + std::to_string(b) + ".png",
                                            "--prompt", prompts[b], "--raw-prompt",
                                            "--max-new-tokens", "10", "--json"};
        std::vector<std::string> args = base;
        args.insert(args.end(), {"--dump", dump.string()});
        testing::internal::CaptureStdout();
        ASSERT_EQ(gc::cli::runAsk(args), 0);
        const nlohmann::json j = nlohmann::json::parse(testing::internal::GetCapturedStdout());
        EXPECT_EQ(j["dialect"], dialect);
        EXPECT_EQ(j["tokens"].get<std::vector<int64_t>>(), tokensRow(gqa() + "/" + prefix + "gen_greedy_new_tokens.npy", b));
        const auto pv = gc::io::readNpy((dump / "pixel_values.npy").string());
        EXPECT_EQ(pv.f32, std::vector<float>(pixels.f32.begin() + static_cast<long>(b * perImage),
                                             pixels.f32.begin() + static_cast<long>((b + 1) * perImage)));
        const auto logits = gc::io::readNpy((dump / "logits.npy").string());
        const std::vector<float> ref = validLogitsRow(gqa(), prefix, b);
        ASSERT_EQ(logits.f32.size(), ref.size());
        float worst = 0;
        for (size_t i = 0; i < ref.size(); ++i)
            worst = std::max(worst, std::abs(logits.f32[i] - ref[i]));
        EXPECT_LE(worst, 1e-4f);
        fs::remove_all(dump);

        args = base;
        args.insert(args.end(), {"--no-repeat-ngram-size", "3"});
        testing::internal::CaptureStdout();
        ASSERT_EQ(gc::cli::runAsk(args), 0);
        const nlohmann::json n = nlohmann::json::parse(testing::internal::GetCapturedStdout());
        EXPECT_EQ(n["tokens"].get<std::vector<int64_t>>(), tokensRow(gqa() + "/" + prefix + "gen_nrng3_new_tokens.npy", b));
    }
}

} // namespace

// The batched fixture (left padding, non-square images, grouped-query attention, rope_theta 5e5) row by row
// through the CLI contract, with the HF processor's centre crop.
TEST(CliAskLlava, BatchedFixtureRowByRowCentreCrop)
{
    expectRowsMatch(gqa(), "", "llava-1.5-crop");
}

// The same model with the original repo's image_aspect_ratio "pad" in its config.json: the images are centred on
// the mean colour, and the dialect reads boxes of that padded square.
TEST(CliAskLlava, BatchedFixtureRowByRowPadToSquare)
{
    const fs::path copy = fs::temp_directory_path() / ("gc_llava_pad_" + std::to_string(::getpid()));
    fs::remove_all(copy);
    fs::copy(gqa(), copy, fs::copy_options::recursive);
    for (auto &e : fs::recursive_directory_iterator(copy))
        fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    nlohmann::json cfg = nlohmann::json::parse(std::ifstream(copy / "config.json"));
    cfg["image_aspect_ratio"] = "pad";
    std::ofstream(copy / "config.json") << cfg.dump();
    expectRowsMatch(copy.string(), "pad_", "llava-1.5");
    fs::remove_all(copy);
}
