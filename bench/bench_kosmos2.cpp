// Kosmos-2 at its real size with random weights: vision time, time to first token, decode speed,
// a follow-up turn's time to first token and peak RSS, set against this machine's measured memory
// bandwidth and fp32 GEMM rate.

#include "bench_common.h"
#include "io/safetensors.h"
#include "nn/kosmos2/config.h"
#include "runtime/local_model.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
namespace k2 = gc::nn::kosmos2;
using namespace bench;

namespace {

nlohmann::json realConfig()
{
    // The class defaults of the real checkpoint (spec section 1), spelled out so nothing is implied.
    return {{"model_type", "kosmos-2"},
            {"latent_query_num", 64},
            {"tie_word_embeddings", true},
            {"text_config",
             {{"vocab_size", 65037}, {"embed_dim", 2048}, {"layers", 24}, {"attention_heads", 32}, {"ffn_dim", 8192},
              {"activation_function", "gelu"}, {"layer_norm_eps", 1e-5}, {"scale_embedding", true},
              {"max_position_embeddings", 2048}, {"pad_token_id", 1}, {"bos_token_id", 0}, {"eos_token_id", 2},
              {"no_repeat_ngram_size", 3}, {"model_type", "kosmos_2_text_model"}}},
            {"vision_config",
             {{"hidden_size", 1024}, {"intermediate_size", 4096}, {"num_hidden_layers", 24},
              {"num_attention_heads", 16}, {"image_size", 224}, {"patch_size", 14}, {"hidden_act", "quick_gelu"},
              {"layer_norm_eps", 1e-5}, {"model_type", "kosmos_2_vision_model"}}}};
}

void makeFolder(const fs::path &dir, const nlohmann::json &config)
{
    fs::create_directories(dir / "processor");
    std::ofstream(dir / "config.json") << config.dump(2);
    std::ofstream(dir / "generation_config.json") << nlohmann::json{{"no_repeat_ngram_size", 3}}.dump();
    for (const char *f : {"sentencepiece.bpe.model", "tokenizer_config.json", "special_tokens_map.json",
                          "added_tokens.json"})
        fs::copy_file(fs::path(GC_BENCH_TOKENIZER_DIR) / f, dir / "processor" / f, fs::copy_options::overwrite_existing);
    std::ofstream(dir / "processor" / "preprocessor_config.json")
        << nlohmann::json{{"size", {{"height", 224}, {"width", 224}}}}.dump();
}

} // namespace

int main(int argc, char **argv)
{
    fs::path dir = fs::temp_directory_path() / "groundchat-bench-kosmos2";
    int64_t newTokens = 16;
    bool keep = false;
    int threads = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (a == "--new-tokens" && i + 1 < argc)
            newTokens = std::stoll(argv[++i]);
        else if (a == "--threads" && i + 1 < argc)
            threads = std::stoi(argv[++i]);
        else if (a == "--keep")
            keep = true;
        else {
            std::fprintf(stderr, "usage: bench_kosmos2 [--dir DIR] [--new-tokens N] [--threads N] [--keep]\n");
            return 2;
        }
    }
    const nlohmann::json config = realConfig();
    const k2::Config cfg = k2::parseConfig(config, "bench config");
    // libtorch's own default unless --threads: its intra-op pool on top of OpenBLAS's OpenMP threads
    // oversubscribes a small machine.
    const int cores = static_cast<int>(std::max(1l, ::sysconf(_SC_NPROCESSORS_ONLN)));
    if (threads > 0)
        at::set_num_threads(threads);
    std::printf("threads: libtorch %d, cores %d\n", at::get_num_threads(), cores);

    const double bw = measureBandwidth();
    const double gemm = measureGemm();
    std::printf("memory read bandwidth: %.2f GB/s\nfp32 GEMM (best shape): %.1f GFLOP/s\n", bw / 1e9, gemm / 1e9);

    makeFolder(dir, config);
    const fs::path weights = dir / "model.safetensors";
    const auto tensors = k2::expectedTensors(cfg, false);
    const uint64_t expectBytes = weightBytes(tensors);
    if (!fs::exists(weights) || fs::file_size(weights) < expectBytes) {
        const auto t = Clock::now();
        writeRandomWeights(weights, tensors, [](const std::string &name) {
            return name.find("norm") != std::string::npos || name.find("layrnorm") != std::string::npos ||
                   name.find("inner_attn_ln") != std::string::npos;
        });
        std::printf("wrote %.2f GB of random weights in %.1f s\n", static_cast<double>(expectBytes) / 1e9, secondsSince(t));
    }

    gc::runtime::LocalModel model;
    auto t = Clock::now();
    gc::runtime::LoadParams lp;
    lp.settings.threads = threads;
    gc::runtime::Status s = model.load(dir.string(), lp);
    if (!s.ok()) {
        std::fprintf(stderr, "load failed: %s\n", s.message.c_str());
        return 1;
    }
    const double loadS = secondsSince(t);
    const double weightBytes = static_cast<double>(model.info().parameterBytes);
    std::printf("load (mmap + validation): %.3f s, weights %.3f GB\n", loadS, weightBytes / 1e9);

    gc::runtime::GenerationParams gp;
    gp.maxNewTokens = newTokens;
    const std::string prompt = "<grounding>An image of";
    // Cold turn: also pays the page faults of the first touch of every weight page.
    gp.maxNewTokens = 2;
    gc::runtime::GenerationResult cold = model.generate(syntheticImage(640, 480, 1), prompt, gp);
    std::printf("cold first turn: vision %.2f s, prefill %.2f s (first touch of the mapped weights)\n",
                cold.visionMs / 1e3, cold.prefillMs / 1e3);

    gp.maxNewTokens = newTokens;
    gc::runtime::GenerationResult r = model.generate(syntheticImage(800, 600, 2), prompt, gp);
    if (!r.status.ok()) {
        std::fprintf(stderr, "generate failed: %s\n", r.status.message.c_str());
        return 1;
    }
    const int64_t L = static_cast<int64_t>(r.promptTokens.size());
    const double ttft = (r.visionMs + r.prefillMs) / 1e3;
    const int64_t steps = static_cast<int64_t>(r.tokens.size()) - 1;
    const double tokS = steps > 0 ? steps / (r.decodeMs / 1e3) : 0;

    gc::runtime::GenerationParams fp;
    fp.maxNewTokens = 4;
    gc::runtime::GenerationResult f = model.followUp("What is it doing?", fp);
    const double followTtft = f.prefillMs / 1e3;

    // FLOPs: 2 per multiply-add of every weight matrix use, plus attention.
    const auto &tc = cfg.text;
    const auto &vc = cfg.vision;
    const double textLayerParams = 4.0 * tc.embedDim * tc.embedDim + 2.0 * tc.embedDim * tc.ffnDim;
    const double prefillFlops = 2.0 * L * textLayerParams * tc.layers + 4.0 * L * L * tc.embedDim * tc.layers +
                                2.0 * tc.vocabSize * tc.embedDim;
    const double visTokens = static_cast<double>(vc.tokens());
    const double visionFlops = 2.0 * visTokens * (4.0 * vc.hiddenSize * vc.hiddenSize + 2.0 * vc.hiddenSize * vc.intermediateSize) * vc.layers +
                               4.0 * visTokens * visTokens * vc.hiddenSize * vc.layers;
    const double decodeBytes = 4.0 * (textLayerParams * tc.layers + static_cast<double>(tc.vocabSize) * tc.embedDim);
    const double rss = peakRssBytes();

    std::printf("\nprompt %lld tokens, %lld new tokens, %d threads\n", static_cast<long long>(L),
                static_cast<long long>(r.tokens.size()), at::get_num_threads());
    std::printf("vision (one 224x224 image):   %.2f s  (%.1f GFLOP/s = %.0f%% of GEMM rate)\n", r.visionMs / 1e3,
                visionFlops / (r.visionMs / 1e3) / 1e9, 100.0 * visionFlops / (r.visionMs / 1e3) / gemm);
    std::printf("prefill (text, %lld tokens):   %.2f s  (%.1f GFLOP/s = %.0f%% of GEMM rate)\n",
                static_cast<long long>(L), r.prefillMs / 1e3, prefillFlops / (r.prefillMs / 1e3) / 1e9,
                100.0 * prefillFlops / (r.prefillMs / 1e3) / gemm);
    std::printf("time to first token:          %.2f s  (vision + prefill)\n", ttft);
    std::printf("decode:                       %.2f tok/s  (bound bandwidth/bytes-per-token %.2f tok/s -> %.0f%%;"
                " bandwidth/all weight bytes %.2f tok/s -> %.0f%%)\n",
                tokS, bw / decodeBytes, 100.0 * tokS / (bw / decodeBytes), bw / weightBytes,
                100.0 * tokS / (bw / weightBytes));
    std::printf("follow-up turn TTFT:          %.3f s  (%lld new prompt tokens, %lld reused) = %.1f%% of first TTFT\n",
                followTtft, static_cast<long long>(f.promptTokens.size() - static_cast<size_t>(f.reusedTokens)),
                static_cast<long long>(f.reusedTokens), 100.0 * followTtft / ttft);
    std::printf("peak RSS:                     %.2f GB = %.3f x weight bytes\n", rss / 1e9, rss / weightBytes);
    if (!keep)
        fs::remove_all(dir);
    return 0;
}
