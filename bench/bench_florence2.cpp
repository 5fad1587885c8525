// Florence-2-base at its real size with random weights, in each weight format: vision time, the encoder's pass,
// time to the <OD> answer with beam 3 and with greedy (a fixed number of new tokens, so the runs compare),
// decode tokens/s and peak RSS, set against this machine's memory bandwidth and fp32 GEMM rate measured in the
// same run. Each format runs in a child process of its own, so that its peak RSS is its own.

#include "bench_common.h"
#include "nn/florence2/bart_config.h"
#include "nn/florence2/vision_config.h"
#include "quant/weight_format.h"
#include "runtime/local_model.h"

#include <ATen/Parallel.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
namespace f2 = gc::nn::florence2;
using namespace bench;
using gc::quant::WeightFormat;

namespace {

constexpr int kImageSize = 768;

nlohmann::json realConfig()
{
    // Florence-2-base's config.json (spec section 1), spelled out so nothing is implied.
    return {{"model_type", "florence2"},
            {"architectures", {"Florence2ForConditionalGeneration"}},
            {"is_encoder_decoder", true},
            {"vocab_size", 51289},
            {"projection_dim", 768},
            {"bos_token_id", 0},
            {"eos_token_id", 2},
            {"pad_token_id", 1},
            {"vision_config",
             {{"model_type", "davit"},
              {"dim_embed", {128, 256, 512, 1024}},
              {"num_heads", {4, 8, 16, 32}},
              {"num_groups", {4, 8, 16, 32}},
              {"depths", {1, 1, 9, 1}},
              {"patch_size", {7, 3, 3, 3}},
              {"patch_stride", {4, 2, 2, 2}},
              {"patch_padding", {3, 1, 1, 1}},
              {"patch_prenorm", {false, true, true, true}},
              {"window_size", 12},
              {"projection_dim", 768},
              {"image_pos_embed", {{"type", "learned_abs_2d"}, {"max_pos_embeddings", 50}}},
              {"visual_temporal_embedding", {{"type", "COSINE"}, {"max_temporal_embeddings", 100}}},
              {"image_feature_source", {"spatial_avg_pool", "temporal_avg_pool"}}}},
            {"text_config",
             {{"model_type", "florence2_language"},
              {"d_model", 768},
              {"encoder_layers", 6},
              {"decoder_layers", 6},
              {"encoder_attention_heads", 12},
              {"decoder_attention_heads", 12},
              {"encoder_ffn_dim", 3072},
              {"decoder_ffn_dim", 3072},
              {"vocab_size", 51289},
              {"max_position_embeddings", 1024},
              {"activation_function", "gelu"},
              {"scale_embedding", false},
              {"normalize_before", false},
              {"add_final_layer_norm", false},
              {"tie_word_embeddings", true},
              {"pad_token_id", 1},
              {"bos_token_id", 0},
              {"eos_token_id", 2},
              {"decoder_start_token_id", 2},
              {"forced_bos_token_id", 0},
              {"forced_eos_token_id", 2},
              {"num_beams", 3},
              {"early_stopping", true},
              {"no_repeat_ngram_size", 3},
              {"length_penalty", 1.0}}}};
}

void makeFolder(const fs::path &dir, const nlohmann::json &config)
{
    copyProcessorFiles(GC_BENCH_TOKENIZER_DIR, dir, {"vocab.json", "merges.txt", "added_tokens.json"});
    std::ofstream(dir / "config.json") << config.dump(2);
    nlohmann::json pre = nlohmann::json::parse(std::ifstream(fs::path(GC_BENCH_TOKENIZER_DIR) / "preprocessor_config.json"));
    pre["size"] = {{"height", kImageSize}, {"width", kImageSize}};
    pre["crop_size"] = pre["size"];
    pre["image_seq_length"] = 577;
    std::ofstream(dir / "processor" / "preprocessor_config.json") << pre.dump(2);
}

std::vector<gc::nn::ExpectedTensor> tensorsOf(const f2::VisionConfig &v, const f2::BartConfig &t)
{
    std::vector<gc::nn::ExpectedTensor> out, optional;
    f2::expectVisionTensors(out, v, false);
    f2::expectBartTensors(out, t, false);
    f2::bartOptionalTensors(optional, t);
    for (const auto &e : optional) // the bias the real checkpoint stores; the tied tables it leaves out
        if (e.name.find("final_logits_bias") != std::string::npos)
            out.push_back(e);
    return out;
}

// Random weights end an answer at a random step; </s> gets a large negative logit bias so that every run
// writes exactly the tokens asked for (the forced </s> at the limit still ends it).
void banEos(const fs::path &file, int64_t eos)
{
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    uint64_t n = 0;
    f.read(reinterpret_cast<char *>(&n), 8);
    std::string header(n, '\0');
    f.read(header.data(), static_cast<std::streamsize>(n));
    const nlohmann::json h = nlohmann::json::parse(header);
    const uint64_t begin = h[std::string(f2::kLanguagePrefix) + "final_logits_bias"]["data_offsets"][0];
    const float ban = -1e4f;
    f.seekp(static_cast<std::streamoff>(8 + n + begin + 4 * static_cast<uint64_t>(eos)));
    f.write(reinterpret_cast<const char *>(&ban), 4);
    if (!f)
        throw std::runtime_error("cannot patch " + file.string());
}

int64_t matrixBytes(WeightFormat f, const std::vector<gc::nn::ExpectedTensor> &tensors,
                    const std::function<bool(const std::string &)> &take)
{
    int64_t bytes = 0;
    for (const auto &t : tensors)
        if (t.shape.size() == 2 && take(t.name))
            bytes += gc::quant::matrixBytes(f, t.shape[0], t.shape[1]);
    return bytes;
}

struct Run {
    double visionS = 0, prefillS = 0, decodeS = 0;
    int64_t tokens = 0;
    [[nodiscard]] double answerS() const { return visionS + prefillS + decodeS; }
    [[nodiscard]] double tokensPerS() const { return tokens > 1 ? static_cast<double>(tokens - 1) / decodeS : 0; }
};

nlohmann::json toJson(const gc::runtime::GenerationResult &r)
{
    return {{"vision", r.visionMs / 1e3}, {"prefill", r.prefillMs / 1e3}, {"decode", r.decodeMs / 1e3},
            {"tokens", r.tokens.size()}, {"promptTokens", r.promptTokens.size()}};
}

Run fromJson(const nlohmann::json &j)
{
    return {j["vision"].get<double>(), j["prefill"].get<double>(), j["decode"].get<double>(), j["tokens"].get<int64_t>()};
}

// One format in this process: load, a warm-up answer (the first touch of every weight page), then <OD> greedy
// and with beam 3, each on an image of its own so that the vision tower runs every time; the result into its
// result file as JSON.
int runFormat(const Options &o)
{
    const std::string &format = o.child;
    gc::runtime::LocalModel model;
    const std::optional<double> loadS = loadModel(model, o);
    if (!loadS)
        return 1;
    gc::runtime::GenerationParams gp;
    gp.numBeams = 1;
    gp.maxNewTokens = 2;
    (void)model.generate(syntheticImage(640, 480, 1), "<OD>", gp);
    gp.maxNewTokens = o.newTokens;
    const gc::runtime::GenerationResult greedy = model.generate(syntheticImage(800, 600, 2), "<OD>", gp);
    gp.numBeams = 3;
    const gc::runtime::GenerationResult beam = model.generate(syntheticImage(1024, 768, 3), "<OD>", gp);
    for (const auto *r : {&greedy, &beam})
        if (!r->status.ok()) {
            std::fprintf(stderr, "%s: generate failed: %s\n", format.c_str(), r->status.message.c_str());
            return 1;
        }
    std::ofstream(resultFile(o, format)) << nlohmann::json{{"format", format},
                                                           {"load", *loadS},
                                                           {"weightBytes", model.info().parameterBytes},
                                                           {"greedy", toJson(greedy)},
                                                           {"beam", toJson(beam)},
                                                           {"peakRss", peakRssBytes()}}
                                                .dump();
    return 0;
}

// FLOPs of the DaViT tower at kImageSize: the linear layers, the patch convolutions and both attentions.
double visionFlops(const f2::VisionConfig &v)
{
    double flops = 0, side = kImageSize, channels = 3;
    for (size_t i = 0; i < v.stages(); ++i) {
        side = std::floor((side + 2.0 * v.patchPadding[i] - v.patchSize[i]) / v.patchStride[i]) + 1;
        const double n = side * side, c = static_cast<double>(v.dims[i]);
        flops += 2.0 * n * c * channels * v.patchSize[i] * v.patchSize[i];
        const double linear = 2.0 * n * 12.0 * c * c; // qkv 3C², proj C², fc1 and fc2 4C² each, per block
        const double window = 4.0 * n * static_cast<double>(v.windowSize * v.windowSize) * c;
        const double channel = 4.0 * n * c * (c / static_cast<double>(v.groups[i]));
        flops += static_cast<double>(v.depths[i]) * (2.0 * linear + window + channel);
        channels = c;
    }
    return flops;
}

} // namespace

int main(int argc, char **argv)
{
    Options defaults;
    defaults.dir = "/tmp/bench/florence2";
    defaults.newTokens = 20;
    defaults.formats = {"f32", "bf16", "q8", "q4"};
    const std::optional<Options> parsed = parseOptions(argc, argv, defaults);
    if (!parsed)
        return 2;
    const Options &o = *parsed;
    if (!o.child.empty())
        return runFormat(o);
    const fs::path &dir = o.dir;

    const nlohmann::json config = realConfig();
    const f2::VisionConfig vcfg = f2::parseVisionConfig(config, "bench config");
    const f2::BartConfig tcfg = f2::parseBartConfig(config["text_config"], "bench config");
    const Machine machine = measureMachine();
    const double bw = machine.bandwidth, gemm = machine.gemm;

    makeFolder(dir, config);
    const fs::path weights = dir / "model.safetensors";
    const auto tensors = tensorsOf(vcfg, tcfg);
    const double fileBytes = 4.0 * static_cast<double>(parameterCount(tensors));
    const auto t = Clock::now();
    if (writeRandomWeights(weights, tensors, [](const std::string &name) { return name.find("norm") != std::string::npos; })) {
        banEos(weights, tcfg.eosId);
        std::printf("wrote %.2f GB of random weights in %.1f s\n", fileBytes / 1e9, secondsSince(t));
    } else {
        std::printf("reusing the random weights in %s\n", dir.c_str());
    }

    // What one decode step reads per format: every decoder matrix but the cross-attention keys' and values' (run
    // once, at prefill) and the head; plus the cached cross-attention keys and values, f32 in every format.
    const std::string dec = std::string(f2::kLanguagePrefix) + "model.decoder.";
    const auto readPerStep = [&](const std::string &n) {
        if (n.find("shared.weight") != std::string::npos)
            return true; // the tied head
        return n.rfind(dec, 0) == 0 && n.find("embed_positions") == std::string::npos &&
               n.find("encoder_attn.k_proj") == std::string::npos && n.find("encoder_attn.v_proj") == std::string::npos;
    };
    const double d = static_cast<double>(tcfg.dModel), ffn = static_cast<double>(tcfg.decoderFfn);
    const double layerParams = 4.0 * d * d + 2.0 * d * ffn;

    std::printf("\n%-5s %7s %9s %8s %8s %9s %9s %9s %9s %9s %9s %9s\n", "fmt", "load s", "weights", "vision",
                "encoder", "greedy", "greedy", "beam3", "beam3", "peak RSS", "RSS/", "decode/");
    std::printf("%-5s %7s %9s %8s %8s %9s %9s %9s %9s %9s %9s %9s\n", "", "", "GB", "s", "s", "answer s", "tok/s",
                "answer s", "tok/s", "GB", "weights", "bw bound");
    std::printf("(encoder: the prefill, i.e. the encoder's pass, the cross-attention keys and values and the first "
                "decoder step; answer: image to the <OD> answer; decode/bw bound: greedy tok/s against bandwidth / "
                "bytes a step reads)\n");
    std::vector<std::pair<std::string, Run>> greedyRuns;
    std::vector<std::string> notes;
    for (const std::string &format : o.formats) {
        const auto f = gc::quant::parseWeightFormat(format);
        const std::optional<nlohmann::json> child = runChild(o, format);
        if (!child) {
            std::fprintf(stderr, "%s: the child run failed\n", format.c_str());
            return 1;
        }
        const nlohmann::json &j = *child;
        const Run g = fromJson(j["greedy"]), b = fromJson(j["beam"]);
        const double wb = j["weightBytes"].get<double>(), rss = j["peakRss"].get<double>();
        const double S = j["greedy"]["promptTokens"].get<double>();
        const double stepBytes = static_cast<double>(matrixBytes(*f, tensors, readPerStep)) +
                                 4.0 * 2.0 * S * d * static_cast<double>(tcfg.decoderLayers);
        const double bound = bw / stepBytes;
        std::printf("%-5s %7.2f %9.3f %8.2f %8.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %8.0f%%\n", format.c_str(),
                    j["load"].get<double>(), wb / 1e9, g.visionS, g.prefillS, g.answerS(), g.tokensPerS(), b.answerS(),
                    b.tokensPerS(), rss / 1e9, rss / wb, 100.0 * g.tokensPerS() / bound);
        std::fflush(stdout);
        const double encoderFlops = 2.0 * S * layerParams * static_cast<double>(tcfg.encoderLayers) +
                                    4.0 * S * S * d * static_cast<double>(tcfg.encoderLayers);
        std::ostringstream n;
        n.precision(3);
        n << format << ": vision " << visionFlops(vcfg) / g.visionS / 1e9 << " GFLOP/s ("
          << 100.0 * visionFlops(vcfg) / g.visionS / gemm << "% of GEMM); encoder+first step "
          << encoderFlops / g.prefillS / 1e9 << " GFLOP/s (" << 100.0 * encoderFlops / g.prefillS / gemm
          << "% of GEMM); a decode step reads " << stepBytes / 1e6 << " MB (weights "
          << static_cast<double>(matrixBytes(*f, tensors, readPerStep)) / 1e6 << " MB + cross K/V of " << S
          << " positions), bound " << bound << " tok/s; " << g.tokens << " new tokens";
        notes.push_back(n.str());
        greedyRuns.emplace_back(format, g);
    }
    std::printf("\n");
    for (const std::string &n : notes)
        std::printf("%s\n", n.c_str());
    for (const auto &[format, g] : greedyRuns)
        if (format != greedyRuns.front().first)
            std::printf("%s decode rate = %.2f x %s's\n", format.c_str(), g.tokensPerS() / greedyRuns.front().second.tokensPerS(),
                        greedyRuns.front().first.c_str());
    std::printf("load average at end %s\n", loadAverage().c_str());
    if (!o.keep)
        fs::remove_all(dir);
    return 0;
}
