#include "nn/kosmos2/config.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <tuple>

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

// An integer hyper-parameter within [lo, hi]: a fraction or a bool is an error (not rounded), and the
// bounds keep every size the model derives from it far from what a real checkpoint could hold, so that
// nothing is allocated for an absurd value before the tensors say otherwise.
int64_t integer(const nlohmann::json &j, const char *key, int64_t def, int64_t lo, int64_t hi, const std::string &where,
                const char *section)
{
    if (!j.contains(key) || j[key].is_null())
        return def;
    const std::string name = std::string(section) + key;
    if (!j[key].is_number_integer())
        throw io::FormatError(where + ": '" + name + "' is " + j[key].dump() + ", not an integer");
    const int64_t v = j[key].is_number_unsigned() && j[key].get<uint64_t>() > uint64_t(hi) ? hi + 1 : j[key].get<int64_t>();
    if (v < lo || v > hi)
        throw io::FormatError(where + ": '" + name + "' is " + j[key].dump() + ", outside " + std::to_string(lo) +
                              ".." + std::to_string(hi));
    return v;
}

// The number of "<prefix><n>." layers the checkpoint stores (the highest n plus one; 0 when none).
int64_t storedLayers(const io::SafeTensors &w, const std::string &prefix)
{
    int64_t n = 0;
    for (const auto &[name, t] : w.tensors()) {
        if (name.compare(0, prefix.size(), prefix) != 0)
            continue;
        const size_t dot = name.find('.', prefix.size());
        const std::string index = name.substr(prefix.size(), dot - prefix.size());
        if (!index.empty() && index.size() < 10 && index.find_first_not_of("0123456789") == std::string::npos)
            n = std::max<int64_t>(n, std::stoll(index) + 1);
    }
    return n;
}

// Buffers that some exports save although the model computes them; never read.
bool ignoredBuffer(const std::string &name) { return name == "vision_model.model.embeddings.position_ids"; }

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
    constexpr int64_t kDim = 1 << 16, kLayers = 1000, kVocab = 10000000;
    const char *top = "", *vis = "vision_config.", *txt = "text_config.";
    c.latentQueryNum = integer(j, "latent_query_num", 64, 1, 4096, where, top);
    c.tieWordEmbeddings = get<bool>(j, "tie_word_embeddings", get<bool>(t, "tie_word_embeddings", true, where), where);
    c.vision.hiddenSize = integer(v, "hidden_size", 1024, 1, kDim, where, vis);
    c.vision.intermediateSize = integer(v, "intermediate_size", 4096, 1, 4 * kDim, where, vis);
    c.vision.layers = integer(v, "num_hidden_layers", 24, 1, kLayers, where, vis);
    c.vision.heads = integer(v, "num_attention_heads", 16, 1, 1024, where, vis);
    c.vision.imageSize = integer(v, "image_size", 224, 1, 4096, where, vis);
    c.vision.patchSize = integer(v, "patch_size", 14, 1, 1024, where, vis);
    c.vision.channels = integer(v, "num_channels", 3, 1, 4, where, vis);
    c.vision.layerNormEps = get<double>(v, "layer_norm_eps", 1e-5, where);
    c.vision.act = get<std::string>(v, "hidden_act", "quick_gelu", where);
    c.text.vocabSize = integer(t, "vocab_size", 65037, 1, kVocab, where, txt);
    c.text.embedDim = integer(t, "embed_dim", 2048, 1, kDim, where, txt);
    c.text.layers = integer(t, "layers", 24, 1, kLayers, where, txt);
    c.text.heads = integer(t, "attention_heads", 32, 1, 1024, where, txt);
    c.text.ffnDim = integer(t, "ffn_dim", 8192, 1, 4 * kDim, where, txt);
    c.text.layerNormEps = get<double>(t, "layer_norm_eps", 1e-5, where);
    c.text.scaleEmbedding = get<bool>(t, "scale_embedding", true, where);
    c.text.maxPositions = integer(t, "max_position_embeddings", 2048, 1, 1 << 20, where, txt);
    c.text.padId = integer(t, "pad_token_id", 1, 0, c.text.vocabSize - 1, where, txt);
    c.text.bosId = integer(t, "bos_token_id", 0, 0, c.text.vocabSize - 1, where, txt);
    c.text.eosId = integer(t, "eos_token_id", 2, 0, c.text.vocabSize - 1, where, txt);
    c.text.noRepeatNgramSize = integer(t, "no_repeat_ngram_size", 3, 0, 100, where, txt);
    c.text.act = get<std::string>(t, "activation_function", "gelu", where);

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
    // the layer counts first: they decide how long the list of expected tensors is
    for (const auto &[prefix, declared, key] :
         {std::tuple{std::string("vision_model.model.encoder.layers."), c.vision.layers, "vision_config.num_hidden_layers"},
          std::tuple{std::string("text_model.model.layers."), c.text.layers, "text_config.layers"}}) {
        const int64_t stored = storedLayers(w, prefix);
        if (stored != declared)
            throw io::FormatError("checkpoint: config.json says " + std::string(key) + " is " + std::to_string(declared) +
                                  " but the checkpoint stores " + std::to_string(stored) + " layers (" + prefix + "*)");
    }
    const bool lmHead = w.find("text_model.lm_head.weight") != nullptr;
    if (!lmHead && !c.tieWordEmbeddings)
        throw io::FormatError("checkpoint: missing tensor 'text_model.lm_head.weight' "
                              "(config.json says tie_word_embeddings is false)");
    std::set<std::string> used;
    for (const ExpectedTensor &e : expectedTensors(c, lmHead)) {
        used.insert(e.name);
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
    // a tensor the model would not read means the config describes another model than the weights
    for (const auto &[name, t] : w.tensors())
        if (!used.count(name) && !ignoredBuffer(name))
            throw io::FormatError("checkpoint: tensor '" + name + "' (in " + t.file +
                                  ") is not part of a Kosmos-2 model with this config.json");
    return lmHead;
}

} // namespace gc::nn::kosmos2
