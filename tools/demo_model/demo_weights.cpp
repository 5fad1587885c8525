#include "demo_weights.h"

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace gc::demo {

nlohmann::json demoConfig(int64_t vocab)
{
    // Sizes chosen to train in well under an hour on two cores: a 128 px image in 8x8 patches of 16,
    // 32 latent queries, three 128-wide layers on each side. The grounding grid stays Kosmos-2's 32x32.
    const int64_t v = (vocab + 7) / 8 * 8;
    return {{"architectures", {"Kosmos2ForConditionalGeneration"}},
            {"model_type", "kosmos-2"},
            {"latent_query_num", 32},
            {"torch_dtype", "float32"},
            {"text_config",
             {{"model_type", "kosmos_2_text_model"}, {"vocab_size", v}, {"embed_dim", 128}, {"layers", 3},
              {"attention_heads", 4}, {"ffn_dim", 512}, {"activation_function", "gelu"}, {"layer_norm_eps", 1e-5},
              {"scale_embedding", true}, {"max_position_embeddings", 2048}, {"bos_token_id", 0},
              {"pad_token_id", 1}, {"eos_token_id", 2}, {"no_repeat_ngram_size", 0}, {"tie_word_embeddings", true},
              {"dropout", 0.0}, {"attention_dropout", 0.0}, {"activation_dropout", 0.0}, {"init_std", 0.02}}},
            {"vision_config",
             {{"model_type", "kosmos_2_vision_model"}, {"hidden_size", 128}, {"intermediate_size", 512},
              {"num_hidden_layers", 3}, {"num_attention_heads", 4}, {"image_size", kImageSize},
              {"patch_size", 16}, {"num_channels", 3}, {"hidden_act", "quick_gelu"}, {"layer_norm_eps", 1e-5}}}};
}

std::map<std::string, at::Tensor> initWeights(const nn::kosmos2::Config &cfg, int64_t firstPatchId)
{
    std::map<std::string, at::Tensor> w;
    for (const auto &e : nn::kosmos2::expectedTensors(cfg, false)) {
        const std::string &n = e.name;
        const bool isNorm = n.find("norm") != std::string::npos || n.find("layrnorm") != std::string::npos ||
                            n.find("inner_attn_ln") != std::string::npos;
        const bool isBias = n.size() > 5 && n.compare(n.size() - 5, 5, ".bias") == 0;
        at::Tensor t;
        if (isNorm)
            t = isBias ? at::zeros(e.shape) : at::ones(e.shape);
        else if (isBias)
            t = at::zeros(e.shape);
        else if (n == "image_to_text_projection.dense.weight")
            t = at::randn(e.shape); // its input is L2-normalised: unit-size outputs need unit-size weights
        else if (n == "image_to_text_projection.latent_query")
            t = at::randn(e.shape);
        else if (e.shape.size() == 2 && n.find("embed") == std::string::npos)
            t = at::randn(e.shape) / std::sqrt(3.0 * double(e.shape[1])); // PyTorch's Linear default scale
        else
            t = at::randn(e.shape) * (n.find("embed_tokens") != std::string::npos ? 0.09 : 0.02);
        w[n] = t;
    }
    // 2-D code for <patch_index_k>: half the dimensions encode the column, half the row.
    at::Tensor emb = w.at("text_model.model.embed_tokens.weight");
    const int64_t D = cfg.text.embedDim, q = D / 4;
    for (int64_t k = 0; k < 1024 && firstPatchId + k < emb.size(0); ++k) {
        const double col = double(k % 32), row = double(k / 32);
        at::Tensor r = emb[firstPatchId + k];
        for (int64_t i = 0; i < q; ++i) {
            const double f = std::pow(32.0, -double(i) / double(q)) * 1.3;
            r[2 * i].fill_(0.09 * std::sin(col * f));
            r[2 * i + 1].fill_(0.09 * std::cos(col * f));
            r[2 * q + 2 * i].fill_(0.09 * std::sin(row * f));
            r[2 * q + 2 * i + 1].fill_(0.09 * std::cos(row * f));
        }
    }
    return w;
}

void saveSafetensors(const std::string &path, const nn::kosmos2::Config &cfg,
                     const std::map<std::string, at::Tensor> &weights)
{
    const auto expected = nn::kosmos2::expectedTensors(cfg, false);
    nlohmann::json h = nlohmann::json::object();
    h["__metadata__"] = {{"format", "pt"}};
    uint64_t off = 0;
    std::vector<at::Tensor> data;
    for (const auto &e : expected) {
        at::Tensor t = weights.at(e.name).detach().to(at::kFloat).contiguous();
        const uint64_t n = uint64_t(t.numel()) * 4;
        h[e.name] = {{"dtype", "F32"}, {"shape", e.shape}, {"data_offsets", {off, off + n}}};
        off += n;
        data.push_back(t);
    }
    std::string hs = h.dump();
    hs.append((8 - hs.size() % 8) % 8, ' ');
    std::ofstream out(path, std::ios::binary);
    const uint64_t hn = hs.size();
    out.write(reinterpret_cast<const char *>(&hn), 8);
    out << hs;
    for (const at::Tensor &t : data)
        out.write(static_cast<const char *>(t.data_ptr()), std::streamsize(t.numel() * 4));
    if (!out)
        throw std::runtime_error("cannot write " + path);
}

} // namespace gc::demo
