// Kosmos-2 at its real size with random weights, in every weight format: vision time, time to first token,
// decode speed, a follow-up turn's time to first token and peak RSS, set against this machine's memory bandwidth
// and fp32 GEMM rate measured in the same run, and against issue 19's targets. Each format runs in a child
// process of its own (this program with --child), so that its peak RSS is its own; the weights are written once.

#include "chat_bench.h"
#include "nn/kosmos2/config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace fs = std::filesystem;
namespace k2 = gc::nn::kosmos2;
using namespace bench;

namespace {

// `layers` below 24 keeps every width and the vocabulary but fewer text and vision layers: a quicker run on a busy
// machine, whose per-token figures still come from the model as loaded.
nlohmann::json realConfig(int layers)
{
    // The class defaults of the real checkpoint (spec section 1), spelled out so nothing is implied.
    return {{"model_type", "kosmos-2"},
            {"latent_query_num", 64},
            {"tie_word_embeddings", true},
            {"text_config",
             {{"vocab_size", 65037}, {"embed_dim", 2048}, {"layers", layers}, {"attention_heads", 32}, {"ffn_dim", 8192},
              {"activation_function", "gelu"}, {"layer_norm_eps", 1e-5}, {"scale_embedding", true},
              {"max_position_embeddings", 2048}, {"pad_token_id", 1}, {"bos_token_id", 0}, {"eos_token_id", 2},
              {"no_repeat_ngram_size", 3}, {"model_type", "kosmos_2_text_model"}}},
            {"vision_config",
             {{"hidden_size", 1024}, {"intermediate_size", 4096}, {"num_hidden_layers", layers},
              {"num_attention_heads", 16}, {"image_size", 224}, {"patch_size", 14}, {"hidden_act", "quick_gelu"},
              {"layer_norm_eps", 1e-5}, {"model_type", "kosmos_2_vision_model"}}}};
}

void makeFolder(const fs::path &dir, const nlohmann::json &config)
{
    copyProcessorFiles(GC_BENCH_TOKENIZER_DIR, dir,
                       {"sentencepiece.bpe.model", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json"});
    std::ofstream(dir / "config.json") << config.dump(2);
    std::ofstream(dir / "generation_config.json") << nlohmann::json{{"no_repeat_ngram_size", 3}}.dump();
    std::ofstream(dir / "processor" / "preprocessor_config.json")
        << nlohmann::json{{"size", {{"height", 224}, {"width", 224}}}}.dump();
}

} // namespace

int main(int argc, char **argv)
{
    Options defaults;
    defaults.dir = "/tmp/bench/kosmos2";
    defaults.formats = {"f32", "bf16", "f16", "q8", "q4"};
    defaults.maxLayers = 24;
    const std::optional<Options> parsed = parseOptions(argc, argv, defaults);
    if (!parsed)
        return 2;
    const Options &o = *parsed;
    if (!o.child.empty())
        return measureFormat(o, {"<grounding>An image of", "What is it doing?"});
    Options run = o;
    // f32 is every ratio's base: measured first.
    if (std::find(run.formats.begin(), run.formats.end(), "f32") == run.formats.end())
        run.formats.insert(run.formats.begin(), "f32");
    const k2::Config cfg = k2::parseConfig(realConfig(o.layers), "bench config");
    const auto &tc = cfg.text;
    const auto &vc = cfg.vision;
    // FLOPs: 2 per multiply-add of every weight matrix use, plus attention.
    const double visTokens = static_cast<double>(vc.tokens());
    ModelBench m;
    m.title = "Kosmos-2 (real widths and vocabulary, " + std::to_string(o.layers) +
              " of 24 text and vision layers, random weights):";
    m.makeFolder = [&](const fs::path &dir) { makeFolder(dir, realConfig(o.layers)); };
    m.tensors = k2::expectedTensors(cfg, false);
    m.isNorm = [](const std::string &name) {
        return name.find("norm") != std::string::npos || name.find("layrnorm") != std::string::npos ||
               name.find("inner_attn_ln") != std::string::npos;
    };
    m.cacheBytesPerPosition = f32CacheBytesPerPosition(tc.embedDim, tc.layers);
    m.visionFlops =
        2.0 * visTokens * (4.0 * vc.hiddenSize * vc.hiddenSize + 2.0 * vc.hiddenSize * vc.intermediateSize) * vc.layers +
        4.0 * visTokens * visTokens * vc.hiddenSize * vc.layers;
    m.prefillFlops = [&](int64_t promptTokens) {
        const double L = static_cast<double>(promptTokens);
        const double textLayerParams = 4.0 * tc.embedDim * tc.embedDim + 2.0 * tc.embedDim * tc.ffnDim;
        return 2.0 * L * textLayerParams * tc.layers + 4.0 * L * L * tc.embedDim * tc.layers +
               2.0 * tc.vocabSize * tc.embedDim;
    };
    return runBench(run, m);
}
