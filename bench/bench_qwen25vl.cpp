// Qwen2.5-VL-3B at its real size with random weights (a bf16 checkpoint, as the released one is), in f32, bf16,
// q8 and q4, on a 640x480 image: vision time, time to first token, decode speed against the bandwidth bound, a
// follow-up turn and peak RSS, against this machine's bandwidth and GEMM rate measured in the same run and issue
// 19's targets. Each format runs in a child process of its own, so that its peak RSS is its own.

#include "chat_bench.h"
#include "nn/qwen25vl/config.h"
#include "nn/qwen25vl/vision_config.h"
#include "nn/qwen25vl/weight_names.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace fs = std::filesystem;
namespace qv = gc::nn::qwen25vl;
using namespace bench;

namespace {

constexpr int kWidth = 640, kHeight = 480;

// Qwen2.5-VL-3B-Instruct's config.json (spec section 1) with `layers` text layers and vision blocks (at most 36
// and 32); the special ids are the stand-in tokenizer's.
nlohmann::json realConfig(int layers)
{
    const int visionDepth = std::min(layers, 32);
    nlohmann::json fullAtt = nlohmann::json::array();
    for (int b : {7, 15, 23, 31})
        if (b < visionDepth)
            fullAtt.push_back(b);
    if (fullAtt.empty()) // a tower cut below block 7 keeps one full-attention block, its last
        fullAtt.push_back(visionDepth - 1);
    return {{"architectures", {"Qwen2_5_VLForConditionalGeneration"}},
            {"model_type", "qwen2_5_vl"},
            {"hidden_act", "silu"},
            {"hidden_size", 2048},
            {"intermediate_size", 11008},
            {"num_hidden_layers", layers},
            {"num_attention_heads", 16},
            {"num_key_value_heads", 2},
            {"vocab_size", 151936},
            {"tie_word_embeddings", true},
            {"rms_norm_eps", 1e-6},
            {"rope_theta", 1000000.0},
            {"rope_scaling", {{"type", "mrope"}, {"mrope_section", {16, 24, 24}}}},
            {"max_position_embeddings", 128000},
            {"use_sliding_window", false},
            {"sliding_window", 32768},
            {"max_window_layers", 70},
            {"torch_dtype", "bfloat16"},
            // the tiny fixture's tokenizer's ids (its added_tokens.json)
            {"bos_token_id", 346},
            {"eos_token_id", 348},
            {"pad_token_id", 346},
            {"vision_start_token_id", 355},
            {"vision_end_token_id", 356},
            {"vision_token_id", 357},
            {"image_token_id", 358},
            {"video_token_id", 359},
            {"vision_config",
             {{"depth", visionDepth},
              {"hidden_size", 1280},
              {"intermediate_size", 3420},
              {"num_heads", 16},
              {"hidden_act", "silu"},
              {"in_chans", 3},
              {"patch_size", 14},
              {"spatial_patch_size", 14},
              {"temporal_patch_size", 2},
              {"spatial_merge_size", 2},
              {"window_size", 112},
              {"fullatt_block_indexes", fullAtt},
              {"out_hidden_size", 2048},
              {"tokens_per_second", 2},
              {"model_type", "qwen2_5_vl"}}}};
}

void makeFolder(const fs::path &dir, const nlohmann::json &config)
{
    copyProcessorFiles(GC_BENCH_TOKENIZER_DIR, dir,
                       {"vocab.json", "merges.txt", "added_tokens.json", "special_tokens_map.json", "tokenizer_config.json"});
    std::ofstream(dir / "config.json") << config.dump(2);
    // Greedy, so that every format computes the same kind of step (the released file samples with top_k 1).
    std::ofstream(dir / "generation_config.json")
        << nlohmann::json{{"do_sample", false}, {"repetition_penalty", 1.05}, {"eos_token_id", {348, 346}}}.dump();
    nlohmann::json pre = nlohmann::json::parse(std::ifstream(fs::path(GC_BENCH_TOKENIZER_DIR) / "preprocessor_config.json"));
    pre["min_pixels"] = 3136; // the real preprocessor_config.json (spec section 3)
    pre["max_pixels"] = 12845056;
    pre["size"] = {{"shortest_edge", 3136}, {"longest_edge", 12845056}};
    pre["patch_size"] = 14;
    std::ofstream(dir / "processor" / "preprocessor_config.json") << pre.dump(2);
}

} // namespace

int main(int argc, char **argv)
{
    Options defaults;
    defaults.dir = "/tmp/bench/qwen25vl-3b";
    defaults.newTokens = 8;
    defaults.formats = {"f32", "bf16", "q8", "q4"};
    defaults.maxLayers = 36;
    const std::optional<Options> parsed = parseOptions(argc, argv, defaults);
    if (!parsed)
        return 2;
    const Options &o = *parsed;
    TurnPlan plan{"What is in this image?", "Where is it?", kWidth, kHeight};
    plan.coldTurn = false; // a whole vision and prefill pass at this size
    plan.followUpTokens = 2;
    if (!o.child.empty())
        return measureFormat(o, plan);

    const nlohmann::json config = realConfig(o.layers);
    const qv::Config cfg = qv::parseConfig(config, "bench config");
    const qv::VisionConfig vc = qv::parseVisionConfig(config, "bench config");
    const auto &tc = cfg.text;
    ModelBench m;
    m.title = "Qwen2.5-VL-3B (real widths and vocabulary, " + std::to_string(tc.layers) + " of 36 text layers, " +
              std::to_string(vc.depth) + " of 32 vision blocks, random bf16 weights), a " + std::to_string(kWidth) +
              "x" + std::to_string(kHeight) + " image:";
    m.makeFolder = [&](const fs::path &dir) { makeFolder(dir, config); };
    qv::expectVisionTensors(m.tensors, vc, qv::kVisionPrefix);
    for (const auto &t : gc::nn::ropeDecoderTensors(tc, {"model.", "lm_head"}, !tc.tieWordEmbeddings))
        m.tensors.push_back(t);
    m.isNorm = [](const std::string &name) {
        return name.find("norm") != std::string::npos || name.find("ln_q") != std::string::npos;
    };
    m.dtype = Dtype::BF16;
    m.cacheBytesPerPosition = f32CacheBytesPerPosition(tc.kvHeads * tc.headDim, tc.layers);
    m.readPerToken = [](const std::string &name) {
        return name.rfind("model.layers.", 0) == 0 || name == "model.embed_tokens.weight"; // the tied head
    };
    // smart_resize of the image (spec section 3): each side rounded to a multiple of 28 within the pixel limits.
    const double unit = static_cast<double>(vc.patchSize * vc.mergeSize);
    const double patches = std::round(kHeight / unit) * std::round(kWidth / unit) * static_cast<double>(vc.mergeUnit());
    const double dv = static_cast<double>(vc.hiddenSize), iv = static_cast<double>(vc.intermediateSize);
    const double window = static_cast<double>(vc.windowTokens() * vc.windowTokens() * vc.mergeUnit());
    double attention = 0;
    for (int64_t b = 0; b < vc.depth; ++b)
        attention += 4.0 * patches * (vc.fullAttention(b) ? patches : window) * dv;
    m.visionFlops = 2.0 * patches * (static_cast<double>(vc.patchDim()) * dv +
                                     static_cast<double>(vc.depth) * (4.0 * dv * dv + 3.0 * dv * iv)) +
                    attention + 2.0 * (patches / vc.mergeUnit()) * (16.0 * dv * dv + 4.0 * dv * tc.hidden);
    m.prefillFlops = [&](int64_t promptTokens) {
        const double L = static_cast<double>(promptTokens), d = static_cast<double>(tc.hidden);
        const double kv = static_cast<double>(tc.kvHeads * tc.headDim), heads = static_cast<double>(tc.heads * tc.headDim);
        const double layer = d * heads * 2.0 + 2.0 * d * kv + 3.0 * d * static_cast<double>(tc.intermediate);
        return 2.0 * L * layer * tc.layers + 4.0 * L * L * heads * tc.layers + 2.0 * d * tc.vocabSize;
    };
    return runBench(o, m);
}
