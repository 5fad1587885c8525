// `groundchat-cli explain`: on the LLaVA fixture its dump against the fixture's logit lens and attention to the
// image (|Δ| ≤ 1e-4, image positions in sequence order), its JSON (grid on the image, the word's probability
// from that lens), the overlay PNG and the refusals; on the Qwen2.5-VL fixture the last layer's lens against the
// reference logits at the image positions, on its 5 × 6 grid of merged patches.

#include "args.h"
#include "cli_explain.h"
#include "io/image_loader.h"
#include "io/model_folder.h"
#include "io/npy.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

std::string data(const std::string &name) { return std::string(GC_TEST_DATA) + "/" + name; }

nlohmann::json explain(const std::vector<std::string> &args)
{
    testing::internal::CaptureStdout();
    int rc = -1;
    std::string error;
    try {
        rc = gc::cli::runExplain(args);
    } catch (const std::exception &e) {
        error = e.what();
    }
    const std::string out = testing::internal::GetCapturedStdout();
    EXPECT_EQ(rc, 0) << error;
    return rc == 0 ? nlohmann::json::parse(out) : nlohmann::json::object();
}

float worstDifference(const std::vector<float> &a, const std::vector<float> &b)
{
    EXPECT_EQ(a.size(), b.size());
    float worst = 0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

fs::path scratch(const char *what) { return fs::temp_directory_path() / (what + std::to_string(::getpid())); }

} // namespace

TEST(CliExplain, LlavaDumpMatchesTheFixtureLensAndAttention)
{
    const fs::path dump = scratch("gc_explain_llava_"), overlay = scratch("gc_explain_overlay_").string() + ".png";
    const std::string llava = data("llava-tiny-a");
    // the question goes into the chat template: the fixture's prompt
    const nlohmann::json j = explain({"--model", llava, "--image", llava + "/image0.png", "--prompt",
                                      "What is shown in this image?", "--json", "--dump", dump.string(), "--word",
                                      "the", "--layer", "1", "--overlay", overlay.string()});
    const auto lens = gc::io::readNpy((dump / "logit_lens.npy").string());
    const auto lensRef = gc::io::readNpy(llava + "/logit_lens_image.npy");
    EXPECT_EQ(lens.shape, lensRef.shape); // [3 layers, 16 image positions, 332]
    EXPECT_LE(worstDifference(lens.f32, lensRef.f32), 1e-4f);
    const auto att = gc::io::readNpy((dump / "attention_to_image.npy").string());
    const auto attRef = gc::io::readNpy(llava + "/attn_last_to_image.npy");
    EXPECT_EQ(att.shape, attRef.shape);
    EXPECT_LE(worstDifference(att.f32, attRef.f32), 1e-4f);

    EXPECT_EQ(j["layers"], 3);
    EXPECT_EQ(j["positions"], 16);
    EXPECT_EQ(j["layer"], 1);
    EXPECT_EQ(j["grid"]["rows"], 4);
    EXPECT_EQ(j["grid"]["cols"], 4);
    EXPECT_EQ(j["grid"]["area"], nlohmann::json({4.0, 0.0, 41.0, 37.0})); // the centre crop of 45 × 37
    EXPECT_EQ(j["attention"][1].get<std::vector<float>>(),
              std::vector<float>(att.f32.begin() + 16, att.f32.begin() + 32));
    // the word's probability is the lens's softmax at its token, the cells of layer 1 are its row
    const int64_t token = j["word"]["tokens"][0], V = lensRef.shape[2];
    for (int64_t p = 0; p < 16; ++p) {
        const float *logits = lensRef.f32.data() + (16 + p) * V;
        double sum = 0;
        for (int64_t v = 0; v < V; ++v)
            sum += std::exp(double(logits[v]) - double(logits[token]));
        EXPECT_NEAR(j["word"]["probability"][1][p].get<double>(), 1 / sum, 1e-5);
        EXPECT_EQ(j["cells"][p], j["word"]["probability"][1][p]);
        EXPECT_EQ(j["top_tokens"][p].size(), 3u);
    }
    const gc::io::RgbImage drawn = gc::io::loadImageRgb(overlay.string());
    EXPECT_EQ(drawn.width, 45);
    EXPECT_EQ(drawn.height, 37);
    EXPECT_NE(drawn.pixels, gc::io::loadImageRgb(llava + "/image0.png").pixels);
    fs::remove_all(dump);
    fs::remove(overlay);
}

TEST(CliExplain, QwenLastLayerLensIsTheLogitsAtTheImagePositions)
{
    const std::string qwen = data("qwen25vl-tiny-a");
    const nlohmann::json index = gc::io::readJsonFile(qwen + "/index.json");
    const fs::path dump = scratch("gc_explain_qwen_");
    const nlohmann::json j = explain({"--model", qwen, "--image", qwen + "/image0.png", "--raw-prompt", "--prompt",
                                      index["prompts"][0].get<std::string>(), "--json", "--dump", dump.string()});
    EXPECT_EQ(j["grid"]["rows"], 5);
    EXPECT_EQ(j["grid"]["cols"], 6);
    EXPECT_EQ(j["grid"]["area"], nlohmann::json({0.0, 0.0, 45.0, 37.0}));
    const auto lens = gc::io::readNpy((dump / "logit_lens.npy").string());
    const auto logits = gc::io::readNpy(qwen + "/logits.npy");
    const auto ids = gc::io::readNpy(qwen + "/input_ids.npy");
    const int64_t imagePad = index["token_layout"]["special_tokens"]["<|image_pad|>"], V = logits.shape[2];
    ASSERT_EQ(lens.shape, (std::vector<int64_t>{j["layers"].get<int64_t>(), 30, V}));
    std::vector<float> want, last(lens.f32.end() - 30 * V, lens.f32.end());
    for (size_t i = 0; i < ids.i64.size(); ++i)
        if (ids.i64[i] == imagePad)
            want.insert(want.end(), logits.f32.begin() + int64_t(i) * V, logits.f32.begin() + int64_t(i + 1) * V);
    EXPECT_LE(worstDifference(last, want), 1e-4f);
    for (const auto &layer : j["attention"]) {
        double sum = 0;
        for (float a : layer.get<std::vector<float>>()) {
            EXPECT_GE(a, 0.0f);
            sum += a;
        }
        EXPECT_GT(sum, 0.0);
        EXPECT_LE(sum, 1.0 + 1e-5);
    }
    fs::remove_all(dump);
}

TEST(CliExplain, BadLayerAndUnsupportedModelAreErrors)
{
    const std::string llava = data("llava-tiny-a");
    EXPECT_THROW(gc::cli::runExplain({"--model", llava, "--image", llava + "/image0.png", "--prompt", "What?",
                                      "--layer", "3"}),
                 gc::cli::UsageError);
    // Florence-2 is an encoder-decoder: its decoder records nothing to explain
    const std::string florence = data("florence2-tiny");
    EXPECT_THROW(gc::cli::runExplain({"--model", florence, "--image", florence + "/image0.png", "--prompt", "<OD>"}),
                 gc::cli::InputError);
}
