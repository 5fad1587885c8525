// Kosmos-2 at its real size with random weights: vision time, time to first token, decode speed,
// a follow-up turn's time to first token and peak RSS, set against this machine's measured memory
// bandwidth and fp32 GEMM rate.

#include "io/safetensors.h"
#include "nn/kosmos2/config.h"
#include "runtime/local_model.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

namespace fs = std::filesystem;
namespace k2 = gc::nn::kosmos2;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double peakRssBytes()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) * 1024.0;
    return 0;
}

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

// Writes model.safetensors with uniform weights of variance 1/fan_in (LayerNorms 1/0), streaming
// through a small buffer so the process never holds the 6.7 GB itself.
void writeWeights(const fs::path &file, const k2::Config &cfg)
{
    const auto tensors = k2::expectedTensors(cfg, false);
    nlohmann::json h = nlohmann::json::object();
    h["__metadata__"] = {{"format", "pt"}};
    uint64_t off = 0;
    for (const auto &t : tensors) {
        uint64_t n = 1;
        for (int64_t d : t.shape)
            n *= static_cast<uint64_t>(d);
        h[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {off, off + n * 4}}};
        off += n * 4;
    }
    std::string hs = h.dump();
    hs.append((8 - hs.size() % 8) % 8, ' ');
    std::ofstream out(file, std::ios::binary);
    const uint64_t hn = hs.size();
    out.write(reinterpret_cast<const char *>(&hn), 8);
    out << hs;
    std::mt19937_64 rng(1234);
    std::vector<float> buf(1 << 22);
    for (const auto &t : tensors) {
        uint64_t n = 1;
        for (int64_t d : t.shape)
            n *= static_cast<uint64_t>(d);
        const bool norm = t.name.find("norm") != std::string::npos || t.name.find("layrnorm") != std::string::npos ||
                          t.name.find("inner_attn_ln") != std::string::npos;
        const bool isWeight = t.name.size() > 7 && t.name.compare(t.name.size() - 7, 7, ".weight") == 0;
        const double fanIn = t.shape.size() >= 2 ? static_cast<double>(n / static_cast<uint64_t>(t.shape[0]))
                                                  : static_cast<double>(t.shape.back());
        const float a = static_cast<float>(std::sqrt(3.0 / fanIn));
        for (uint64_t done = 0; done < n;) {
            const size_t m = static_cast<size_t>(std::min<uint64_t>(buf.size(), n - done));
            for (size_t i = 0; i < m; ++i) {
                if (norm)
                    buf[i] = isWeight ? 1.0f : 0.0f;
                else // 24 random bits are plenty for a timing run
                    buf[i] = a * (static_cast<float>(rng() >> 40) * (2.0f / 16777216.0f) - 1.0f);
            }
            out.write(reinterpret_cast<const char *>(buf.data()), static_cast<std::streamsize>(m * 4));
            done += m;
        }
    }
    if (!out)
        throw std::runtime_error("cannot write " + file.string());
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

gc::io::RgbImage syntheticImage(int w, int h, int seed)
{
    gc::io::RgbImage img;
    img.width = w;
    img.height = h;
    img.pixels.resize(static_cast<size_t>(w) * h * 3);
    for (size_t i = 0; i < img.pixels.size(); ++i)
        img.pixels[i] = static_cast<uint8_t>((i * 2654435761u + static_cast<size_t>(seed) * 97u) >> 13);
    return img;
}

// Best of a few full reads of a buffer far larger than the caches.
double measureBandwidth()
{
    at::Tensor big = at::ones({256ll << 20}, at::kFloat); // 1 GiB
    double best = 1e30;
    for (int i = 0; i < 4; ++i) {
        const auto t = Clock::now();
        volatile float s = big.sum().item<float>();
        (void)s;
        best = std::min(best, secondsSince(t));
    }
    return static_cast<double>(big.numel()) * 4.0 / best;
}

// The best rate over square and model-shaped products (x W^T as the layers compute it).
double measureGemm()
{
    const int64_t shapes[][3] = {{2048, 2048, 2048}, {4096, 4096, 4096}, {512, 2048, 8192}, {257, 1024, 4096}};
    double bestRate = 0;
    for (const auto &s : shapes) {
        at::Tensor a = at::rand({s[0], s[1]}), w = at::rand({s[2], s[1]});
        (void)at::linear(a, w);
        double best = 1e30;
        for (int i = 0; i < 3; ++i) {
            const auto t = Clock::now();
            at::Tensor c = at::linear(a, w);
            best = std::min(best, secondsSince(t));
        }
        const double rate = 2.0 * s[0] * s[1] * s[2] / best;
        std::printf("  gemm %lldx%lldx%lld: %.1f GFLOP/s\n", static_cast<long long>(s[0]), static_cast<long long>(s[1]),
                    static_cast<long long>(s[2]), rate / 1e9);
        bestRate = std::max(bestRate, rate);
    }
    return bestRate;
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
    uint64_t expectBytes = 0;
    for (const auto &t : k2::expectedTensors(cfg, false)) {
        uint64_t n = 4;
        for (int64_t d : t.shape)
            n *= static_cast<uint64_t>(d);
        expectBytes += n;
    }
    if (!fs::exists(weights) || fs::file_size(weights) < expectBytes) {
        const auto t = Clock::now();
        writeWeights(weights, cfg);
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
