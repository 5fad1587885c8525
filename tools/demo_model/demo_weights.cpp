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
            {"latent_query_num", kGrid * kGrid},
            {"torch_dtype", "float32"},
            // what demo/tasks.cpp teaches, as dialect task ids (the app offers these presets)
            {"groundchat_tasks", nlohmann::json::array({"grounded-caption", "refer", "region", "count", "chat"})},
            {"text_config",
             {{"model_type", "kosmos_2_text_model"}, {"vocab_size", v}, {"embed_dim", 128}, {"layers", 3},
              {"attention_heads", 4}, {"ffn_dim", 512}, {"activation_function", "gelu"}, {"layer_norm_eps", 1e-5},
              {"scale_embedding", true}, {"max_position_embeddings", 2048}, {"bos_token_id", 0},
              {"pad_token_id", 1}, {"eos_token_id", 2}, {"no_repeat_ngram_size", 0}, {"tie_word_embeddings", true},
              {"dropout", 0.0}, {"attention_dropout", 0.0}, {"activation_dropout", 0.0}, {"init_std", 0.02}}},
            {"vision_config",
             {{"model_type", "kosmos_2_vision_model"}, {"hidden_size", 128}, {"intermediate_size", 512},
              {"num_hidden_layers", 3}, {"num_attention_heads", 4}, {"image_size", kImageSize},
              {"patch_size", kImageSize / kGrid}, {"num_channels", 3}, {"hidden_act", "quick_gelu"}, {"layer_norm_eps", 1e-5}}}};
}

namespace {

// A 2-D sinusoidal code of the point (x, y) in [0, 1]^2: `n` frequencies per axis, sin and cos.
std::vector<float> planeCode(double x, double y, int n)
{
    std::vector<float> c;
    for (double v : {x, y})
        for (int k = 0; k < n; ++k) {
            const double f = std::pow(16.0, double(k) / double(n - 1)); // 1 .. 16 radians over the image
            c.push_back(float(std::sin(f * v)));
            c.push_back(float(std::cos(f * v)));
        }
    return c;
}

} // namespace

void gridAlignedVisionInit(const nn::kosmos2::Config &cfg, std::map<std::string, at::Tensor> &w)
{
    const int64_t Dv = cfg.vision.hiddenSize, D = cfg.text.embedDim, H = cfg.text.heads, hd = D / H;
    const int64_t g = cfg.vision.imageSize / cfg.vision.patchSize;
    if (Dv != D || cfg.latentQueryNum != g * g || hd < kCodeDims || Dv < 2 * kCodeDims)
        throw std::invalid_argument("grid-aligned init needs equal widths, one latent query per patch and heads "
                                    "of at least " + std::to_string(kCodeDims) + " dimensions");
    at::NoGradGuard ng;
    const int64_t P0 = Dv - kCodeDims; // the position subspace of the vision stream
    const std::string vm = "vision_model.model.";
    // Patch content never writes the position subspace; each patch's position code lives there alone.
    w.at(vm + "embeddings.patch_embedding.weight").narrow(0, P0, kCodeDims).zero_();
    at::Tensor pos = w.at(vm + "embeddings.position_embedding.weight");
    pos.zero_();
    std::vector<at::Tensor> codes;
    for (int64_t i = 0; i < g * g; ++i) {
        const std::vector<float> c = planeCode((double(i % g) + 0.5) / double(g), (double(i / g) + 0.5) / double(g),
                                               int(kCodeDims / 4));
        at::Tensor t = at::from_blob(const_cast<float *>(c.data()), {kCodeDims}, at::kFloat).clone();
        pos[1 + i].narrow(0, P0, kCodeDims).copy_(t);
        codes.push_back(t);
    }
    // The encoder layers start out leaving that subspace alone (their output rows there are zero).
    for (int64_t l = 0; l < cfg.vision.layers; ++l) {
        const std::string b = vm + "encoder.layers." + std::to_string(l) + ".";
        for (const char *m : {"self_attn.out_proj", "mlp.fc2"}) {
            w.at(b + m + ".weight").narrow(0, P0, kCodeDims).zero_();
            w.at(b + m + ".bias").narrow(0, P0, kCodeDims).zero_();
        }
    }
    // The resampler starts as a router: latent query i looks for the position code of patch i (its
    // own code sits in dims [0, kCodeDims) where keys do not read, so queries do not find each other),
    // and passes that patch's features through.
    const std::string p = "image_to_text_projection.";
    const double unit = std::sqrt(double(D)); // features are L2-normalised: unit-size elements out
    w.at(p + "dense.weight").copy_(at::eye(D) * unit);
    at::Tensor lq = w.at(p + "latent_query");
    lq.zero_();
    at::Tensor q = w.at(p + "x_attn.q_proj.weight"), k = w.at(p + "x_attn.k_proj.weight");
    q.zero_();
    k.zero_();
    for (int64_t h = 0; h < H; ++h)
        for (int64_t m = 0; m < kCodeDims; ++m) {
            q[h * hd + m][m] = 1.0f;
            k[h * hd + m][P0 + m] = 1.0f;
        }
    for (int64_t i = 0; i < g * g; ++i)
        lq[i].narrow(0, 0, kCodeDims).copy_(codes[size_t(i)] * kRouterSharpness);
    w.at(p + "x_attn.v_proj.weight").copy_(at::eye(D));
    w.at(p + "x_attn.out_proj.weight").copy_(at::eye(D) / unit); // the text side scales embeddings by sqrt(D)
}

void imageAttentionInit(const nn::kosmos2::Config &cfg, std::map<std::string, at::Tensor> &w)
{
    at::NoGradGuard ng;
    const int64_t D = cfg.text.embedDim, hd = D / cfg.text.heads;
    // The flag: one dimension that image embeddings carry (through the resampler's output bias) and text
    // does not: word embeddings are zero there, and it is the slowest sine of the position code, ~0 for the
    // first few hundred positions.
    const int64_t flag = D / 2 - 1;
    w.at("image_to_text_projection.x_attn.out_proj.bias")[flag].fill_(kImageFlag / std::sqrt(double(D)));
    w.at("text_model.model.embed_tokens.weight").select(1, flag).zero_();
    // In head 0 of every text layer, keys see the flag along a fixed direction u and every query carries u
    // (its bias), so that head starts out attending to the image tokens, which the loss would otherwise
    // learn to ignore before their features become useful.
    at::Tensor u = at::randn({hd});
    u = u / u.norm();
    for (int64_t l = 0; l < cfg.text.layers; ++l) {
        const std::string b = "text_model.model.layers." + std::to_string(l) + ".self_attn.";
        w.at(b + "k_proj.weight").select(1, flag).narrow(0, 0, hd).copy_(u * kImageKey);
        w.at(b + "q_proj.bias").narrow(0, 0, hd).copy_(u * kImageQuery);
    }
}

std::map<std::string, at::Tensor> initWeights(const nn::kosmos2::Config &cfg, int64_t firstPatchId, bool sharedCellCode)
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
    gridAlignedVisionInit(cfg, w);
    imageAttentionInit(cfg, w);
    at::Tensor emb = w.at("text_model.model.embed_tokens.weight");
    const int64_t D = cfg.text.embedDim;
    if (!sharedCellCode) {
        // 2-D code for <patch_index_k>: half the dimensions encode the column, half the row. The output
        // layer is tied to these rows, so nearby cells score alike.
        const int64_t q = D / 4;
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
    // The variant (--shared-cell-code): the cell centre (u, v) in [0, 1]^2 coded in the last kCodeDims
    // dimensions exactly as the vision position embeddings code patches, so a cell token and the image
    // embedding of its patch start out alike, and finer frequencies in the other dimensions.
    const int64_t fine = (D - kCodeDims) / 4;
    for (int64_t k = 0; k < 1024 && firstPatchId + k < emb.size(0); ++k) {
        const double u = (double(k % 32) + 0.5) / 32, v = (double(k / 32) + 0.5) / 32;
        at::Tensor r = emb[firstPatchId + k];
        const std::vector<float> coarse = planeCode(u, v, int(kCodeDims / 4));
        for (int64_t i = 0; i < kCodeDims; ++i)
            r[D - kCodeDims + i].fill_(0.09 * coarse[size_t(i)]);
        for (int64_t i = 0; i < fine; ++i) {
            const double f = 2.0 * std::pow(50.0, double(i) / double(fine - 1)); // 2 .. 100 radians per image side
            r[2 * i].fill_(0.09 * std::sin(u * f));
            r[2 * i + 1].fill_(0.09 * std::cos(u * f));
            r[2 * fine + 2 * i].fill_(0.09 * std::sin(v * f));
            r[2 * fine + 2 * i + 1].fill_(0.09 * std::cos(v * f));
        }
    }
    emb.select(1, D / 2 - 1).zero_(); // text never carries the image flag (imageAttentionInit)
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
