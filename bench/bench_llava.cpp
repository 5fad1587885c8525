// LLaVA-1.5-7B at its real size with random weights (a bf16 checkpoint, as llava-hf's is): CLIP ViT-L/14-336,
// the 4096-wide 32-layer LLaMA decoder with its 32064-row vocabulary, on a 336 px image (576 image tokens), in
// bf16, q8 and q4; f32 (28 GB of weights) is reported as not run where it does not fit in memory. Vision time,
// time to first token for the image tokens and the prompt, decode speed against the bandwidth bound, a follow-up
// turn and peak RSS, against this machine's bandwidth and GEMM rate measured in the same run. Each format runs in
// a child process of its own, so that its peak RSS is its own.

#include "chat_bench.h"
#include "nn/llava/config.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace fs = std::filesystem;
namespace lv = gc::nn::llava;
using namespace bench;

namespace {

constexpr int kImageSize = 336;

// llava-hf/llava-1.5-7b-hf's config.json with `layers` text layers (at most 32); the image and pad ids are the
// stand-in tokenizer's.
nlohmann::json realConfig(int layers)
{
    return {{"architectures", {"LlavaForConditionalGeneration"}},
            {"model_type", "llava"},
            {"ignore_index", -100},
            {"image_token_index", 330},
            {"pad_token_id", 331},
            {"projector_hidden_act", "gelu"},
            {"vision_feature_layer", -2},
            {"vision_feature_select_strategy", "default"},
            {"tie_word_embeddings", false},
            {"torch_dtype", "bfloat16"},
            {"text_config",
             {{"model_type", "llama"},
              {"hidden_size", 4096},
              {"intermediate_size", 11008},
              {"num_hidden_layers", layers},
              {"num_attention_heads", 32},
              {"num_key_value_heads", 32},
              {"max_position_embeddings", 4096},
              {"rms_norm_eps", 1e-5},
              {"rope_theta", 10000.0},
              {"vocab_size", 32064},
              {"pad_token_id", 331}}},
            {"vision_config",
             {{"model_type", "clip_vision_model"},
              {"hidden_size", 1024},
              {"intermediate_size", 4096},
              {"num_hidden_layers", 24},
              {"num_attention_heads", 16},
              {"image_size", kImageSize},
              {"patch_size", 14},
              {"projection_dim", 768},
              {"hidden_act", "quick_gelu"},
              {"layer_norm_eps", 1e-5}}}};
}

void makeFolder(const fs::path &dir, const nlohmann::json &config)
{
    copyProcessorFiles(GC_BENCH_TOKENIZER_DIR, dir,
                       {"tokenizer.model", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json"});
    std::ofstream(dir / "config.json") << config.dump(2);
    std::ofstream(dir / "generation_config.json")
        << nlohmann::json{{"bos_token_id", 1}, {"eos_token_id", 2}, {"pad_token_id", 331}}.dump();
    nlohmann::json pre = nlohmann::json::parse(std::ifstream(fs::path(GC_BENCH_TOKENIZER_DIR) / "preprocessor_config.json"));
    pre["size"] = {{"shortest_edge", kImageSize}};
    pre["crop_size"] = {{"height", kImageSize}, {"width", kImageSize}};
    std::ofstream(dir / "processor" / "preprocessor_config.json") << pre.dump(2);
}

} // namespace

int main(int argc, char **argv)
{
    Options defaults;
    defaults.dir = "/tmp/bench/llava-1.5-7b";
    defaults.newTokens = 8;
    defaults.formats = {"f32", "bf16", "q8", "q4"};
    defaults.maxLayers = 32;
    const std::optional<Options> parsed = parseOptions(argc, argv, defaults);
    if (!parsed)
        return 2;
    const Options &o = *parsed;
    TurnPlan plan{"What is in this image?", "Where is it?", 640, 480};
    plan.coldTurn = false; // a whole vision and prefill pass at this size
    plan.followUpTokens = 2;
    if (!o.child.empty())
        return measureFormat(o, plan);

    const nlohmann::json config = realConfig(o.layers);
    const lv::Config cfg = lv::parseConfig(config, "bench config");
    const auto &tc = cfg.text;
    const auto &vc = cfg.vision;
    ModelBench m;
    m.title = "LLaVA-1.5-7B (real widths and vocabulary, " + std::to_string(tc.layers) +
              " of 32 text layers, random bf16 weights), a 640x480 image cropped to " + std::to_string(kImageSize) +
              " px (" + std::to_string(cfg.imageTokens()) + " image tokens):";
    m.makeFolder = [&](const fs::path &dir) { makeFolder(dir, config); };
    gc::nn::expectClipVisionTensors(m.tensors, vc, lv::kVisionPrefix);
    const std::string p = lv::kProjectorPrefix;
    gc::nn::expectLinear(m.tensors, p + "linear_1", tc.hidden, vc.hiddenSize);
    gc::nn::expectLinear(m.tensors, p + "linear_2", tc.hidden, tc.hidden);
    for (const auto &t : gc::nn::ropeDecoderTensors(tc, lv::decoderNames(), true))
        m.tensors.push_back(t);
    m.isNorm = [](const std::string &name) {
        return name.find("norm") != std::string::npos || name.find("layrnorm") != std::string::npos;
    };
    m.dtype = Dtype::BF16;
    m.cacheBytesPerPosition = f32CacheBytesPerPosition(tc.kvHeads * tc.headDim, tc.layers);
    m.readPerToken = [](const std::string &name) {
        return name.rfind("language_model.model.layers.", 0) == 0 || name == "language_model.lm_head.weight";
    };
    const double n = static_cast<double>(vc.tokens()), dv = static_cast<double>(vc.hiddenSize);
    const double layersRun = static_cast<double>(cfg.visionLayersRun());
    m.visionFlops = 2.0 * n * layersRun * (4.0 * dv * dv + 2.0 * dv * static_cast<double>(vc.intermediateSize)) +
                    4.0 * n * n * dv * layersRun +
                    2.0 * static_cast<double>(cfg.imageTokens()) * (dv + static_cast<double>(tc.hidden)) * tc.hidden;
    m.prefillFlops = [&](int64_t promptTokens) {
        const double L = static_cast<double>(promptTokens), d = static_cast<double>(tc.hidden);
        const double layer = 4.0 * d * d + 3.0 * d * static_cast<double>(tc.intermediate);
        return 2.0 * L * layer * tc.layers + 4.0 * L * L * d * tc.layers + 2.0 * d * tc.vocabSize;
    };
    return runBench(o, m);
}
