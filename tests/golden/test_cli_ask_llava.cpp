// `groundchat-cli ask` on the LLaVA fixture: the chat template around the question, greedy and 3-gram-ban tokens,
// the dialect that matches the preprocessing, and the dump (pixel_values bit for bit, logits over the merged
// sequence's positions).

#include "args.h"
#include "cli_ask.h"
#include "io/npy.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

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
