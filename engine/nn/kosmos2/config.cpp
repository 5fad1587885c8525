#include "nn/kosmos2/config.h"

#include <sstream>

namespace gc::nn::kosmos2 {

namespace {

template <typename T>
T get(const nlohmann::json &j, const char *key, T def, const std::string &where)
{
    if (!j.contains(key) || j[key].is_null())
        return def;
    try {
        return j[key].get<T>();
    } catch (const std::exception &) {
        throw io::FormatError(where + ": '" + key + "' has the wrong type");
    }
}

std::string shapeText(const std::vector<int64_t> &s)
{
    std::ostringstream o;
    o << "[";
    for (size_t i = 0; i < s.size(); ++i)
        o << (i ? ", " : "") << s[i];
    o << "]";
    return o.str();
}

void positive(int64_t v, const char *what, const std::string &where)
{
    if (v <= 0)
        throw io::FormatError(where + ": " + what + " must be positive");
}

} // namespace

Config parseConfig(const nlohmann::json &j, const std::string &where)
{
    const std::string type = get<std::string>(j, "model_type", "", where);
    if (type != "kosmos-2")
        throw io::FormatError(where + ": model_type is '" + type + "', expected 'kosmos-2'");
    if (!j.contains("text_config") || !j["text_config"].is_object() || !j.contains("vision_config") ||
        !j["vision_config"].is_object())
        throw io::FormatError(where + ": text_config / vision_config missing");
    Config c;
    const auto &v = j["vision_config"], &t = j["text_config"];
    c.latentQueryNum = get<int64_t>(j, "latent_query_num", 64, where);
    c.tieWordEmbeddings = get<bool>(j, "tie_word_embeddings", get<bool>(t, "tie_word_embeddings", true, where), where);
    c.vision.hiddenSize = get<int64_t>(v, "hidden_size", 1024, where);
    c.vision.intermediateSize = get<int64_t>(v, "intermediate_size", 4096, where);
    c.vision.layers = get<int64_t>(v, "num_hidden_layers", 24, where);
    c.vision.heads = get<int64_t>(v, "num_attention_heads", 16, where);
    c.vision.imageSize = get<int64_t>(v, "image_size", 224, where);
    c.vision.patchSize = get<int64_t>(v, "patch_size", 14, where);
    c.vision.channels = get<int64_t>(v, "num_channels", 3, where);
    c.vision.layerNormEps = get<double>(v, "layer_norm_eps", 1e-5, where);
    c.vision.act = get<std::string>(v, "hidden_act", "quick_gelu", where);
    c.text.vocabSize = get<int64_t>(t, "vocab_size", 65037, where);
    c.text.embedDim = get<int64_t>(t, "embed_dim", 2048, where);
    c.text.layers = get<int64_t>(t, "layers", 24, where);
    c.text.heads = get<int64_t>(t, "attention_heads", 32, where);
    c.text.ffnDim = get<int64_t>(t, "ffn_dim", 8192, where);
    c.text.layerNormEps = get<double>(t, "layer_norm_eps", 1e-5, where);
    c.text.scaleEmbedding = get<bool>(t, "scale_embedding", true, where);
    c.text.maxPositions = get<int64_t>(t, "max_position_embeddings", 2048, where);
    c.text.padId = get<int64_t>(t, "pad_token_id", 1, where);
    c.text.bosId = get<int64_t>(t, "bos_token_id", 0, where);
    c.text.eosId = get<int64_t>(t, "eos_token_id", 2, where);
    c.text.noRepeatNgramSize = get<int64_t>(t, "no_repeat_ngram_size", 3, where);
    c.text.act = get<std::string>(t, "activation_function", "gelu", where);

    for (auto [val, name] : {std::pair{c.vision.hiddenSize, "vision hidden_size"},
                             {c.vision.layers, "vision num_hidden_layers"},
                             {c.vision.heads, "vision num_attention_heads"},
                             {c.vision.patchSize, "patch_size"}, {c.vision.imageSize, "image_size"},
                             {c.text.embedDim, "text embed_dim"}, {c.text.layers, "text layers"},
                             {c.text.heads, "text attention_heads"}, {c.text.vocabSize, "vocab_size"},
                             {c.latentQueryNum, "latent_query_num"}})
        positive(val, name, where);
    if (c.vision.hiddenSize % c.vision.heads)
        throw io::FormatError(where + ": vision hidden_size is not a multiple of num_attention_heads");
    if (c.text.embedDim % c.text.heads)
        throw io::FormatError(where + ": text embed_dim is not a multiple of attention_heads");
    if (c.vision.imageSize % c.vision.patchSize)
        throw io::FormatError(where + ": image_size is not a multiple of patch_size");
    if (c.vision.act != "quick_gelu" && c.vision.act != "gelu")
        throw io::FormatError(where + ": unsupported vision hidden_act '" + c.vision.act + "'");
    if (c.text.act != "gelu")
        throw io::FormatError(where + ": unsupported text activation_function '" + c.text.act + "'");
    return c;
}

std::vector<ExpectedTensor> expectedTensors(const Config &c, bool withLmHead)
{
    std::vector<ExpectedTensor> out;
    const int64_t dv = c.vision.hiddenSize, iv = c.vision.intermediateSize, p = c.vision.patchSize;
    const int64_t d = c.text.embedDim, f = c.text.ffnDim;
    auto add = [&](std::string n, std::vector<int64_t> s) { out.push_back({std::move(n), std::move(s)}); };
    auto lin = [&](const std::string &n, int64_t o, int64_t i) {
        add(n + ".weight", {o, i});
        add(n + ".bias", {o});
    };
    auto norm = [&](const std::string &n, int64_t dim) {
        add(n + ".weight", {dim});
        add(n + ".bias", {dim});
    };
    const std::string vm = "vision_model.model.";
    add(vm + "embeddings.class_embedding", {dv});
    add(vm + "embeddings.patch_embedding.weight", {dv, c.vision.channels, p, p});
    add(vm + "embeddings.position_embedding.weight", {c.vision.tokens(), dv});
    norm(vm + "pre_layrnorm", dv);
    for (int64_t l = 0; l < c.vision.layers; ++l) {
        const std::string b = vm + "encoder.layers." + std::to_string(l) + ".";
        for (const char *proj : {"q_proj", "k_proj", "v_proj", "out_proj"})
            lin(b + "self_attn." + proj, dv, dv);
        norm(b + "layer_norm1", dv);
        lin(b + "mlp.fc1", iv, dv);
        lin(b + "mlp.fc2", dv, iv);
        norm(b + "layer_norm2", dv);
    }
    norm(vm + "post_layernorm", dv);
    lin("image_to_text_projection.dense", d, dv);
    add("image_to_text_projection.latent_query", {c.latentQueryNum, d});
    for (const char *proj : {"q_proj", "k_proj", "v_proj", "out_proj"})
        lin(std::string("image_to_text_projection.x_attn.") + proj, d, d);
    add("text_model.model.embed_tokens.weight", {c.text.vocabSize, d});
    for (int64_t l = 0; l < c.text.layers; ++l) {
        const std::string b = "text_model.model.layers." + std::to_string(l) + ".";
        for (const char *proj : {"q_proj", "k_proj", "v_proj", "out_proj"})
            lin(b + "self_attn." + proj, d, d);
        norm(b + "self_attn.inner_attn_ln", d);
        norm(b + "self_attn_layer_norm", d);
        lin(b + "ffn.fc1", f, d);
        norm(b + "ffn.ffn_layernorm", f);
        lin(b + "ffn.fc2", d, f);
        norm(b + "final_layer_norm", d);
    }
    norm("text_model.model.layer_norm", d);
    if (withLmHead)
        add("text_model.lm_head.weight", {c.text.vocabSize, d});
    return out;
}

bool validateWeights(const Config &c, const io::SafeTensors &w)
{
    const bool lmHead = w.find("text_model.lm_head.weight") != nullptr;
    if (!lmHead && !c.tieWordEmbeddings)
        throw io::FormatError("checkpoint: missing tensor 'text_model.lm_head.weight' "
                              "(config.json says tie_word_embeddings is false)");
    for (const ExpectedTensor &e : expectedTensors(c, lmHead)) {
        const io::TensorView *t = w.find(e.name);
        if (!t)
            throw io::FormatError("checkpoint: missing tensor '" + e.name + "' (expected shape " +
                                  shapeText(e.shape) + ")");
        if (t->shape != e.shape)
            throw io::FormatError("checkpoint: tensor '" + e.name + "' has shape " + shapeText(t->shape) +
                                  " but config.json implies " + shapeText(e.shape) + " (in " + t->file + ")");
        if (t->dtype != io::DType::F32 && t->dtype != io::DType::F16 && t->dtype != io::DType::BF16)
            throw io::FormatError("checkpoint: tensor '" + e.name + "' has dtype " + t->dtypeText +
                                  "; only F32, F16 and BF16 are supported");
    }
    return lmHead;
}

} // namespace gc::nn::kosmos2
