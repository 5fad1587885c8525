#include "nn/kosmos2/config.h"

#include <set>
#include <tuple>

namespace gc::nn::kosmos2 {

namespace {

// Buffers that some exports save although the model computes them; never read.
bool ignoredBuffer(const std::string &name) { return name == std::string(kVisionPrefix) + "embeddings.position_ids"; }

} // namespace

Config parseConfig(const nlohmann::json &j, const std::string &where)
{
    const std::string type = configValue<std::string>(j, "model_type", "", where);
    if (type != "kosmos-2" && !type.empty()) // none: the architecture table chose by class name
        throw io::FormatError(where + ": model_type is '" + type + "', expected 'kosmos-2'");
    if (!j.contains("text_config") || !j["text_config"].is_object() || !j.contains("vision_config") ||
        !j["vision_config"].is_object())
        throw io::FormatError(where + ": text_config / vision_config missing");
    Config c;
    const auto &t = j["text_config"];
    constexpr int64_t kDim = 1 << 16, kLayers = 1000, kVocab = 10000000;
    const char *txt = "text_config.";
    c.latentQueryNum = configInteger(j, "latent_query_num", 64, 1, 4096, where, "");
    c.tieWordEmbeddings =
        configValue<bool>(j, "tie_word_embeddings", configValue<bool>(t, "tie_word_embeddings", true, where), where);
    c.vision = parseClipVisionConfig(j["vision_config"], where, "vision_config.");
    c.text.vocabSize = configInteger(t, "vocab_size", 65037, 1, kVocab, where, txt);
    c.text.embedDim = configInteger(t, "embed_dim", 2048, 1, kDim, where, txt);
    c.text.layers = configInteger(t, "layers", 24, 1, kLayers, where, txt);
    c.text.heads = configInteger(t, "attention_heads", 32, 1, 1024, where, txt);
    c.text.ffnDim = configInteger(t, "ffn_dim", 8192, 1, 4 * kDim, where, txt);
    c.text.layerNormEps = configValue<double>(t, "layer_norm_eps", 1e-5, where);
    c.text.scaleEmbedding = configValue<bool>(t, "scale_embedding", true, where);
    c.text.maxPositions = configInteger(t, "max_position_embeddings", 2048, 1, 1 << 20, where, txt);
    c.text.padId = configInteger(t, "pad_token_id", 1, 0, c.text.vocabSize - 1, where, txt);
    c.text.bosId = configInteger(t, "bos_token_id", 0, 0, c.text.vocabSize - 1, where, txt);
    c.text.eosId = configInteger(t, "eos_token_id", 2, 0, c.text.vocabSize - 1, where, txt);
    c.text.noRepeatNgramSize = configInteger(t, "no_repeat_ngram_size", 3, 0, 100, where, txt);
    c.text.act = configValue<std::string>(t, "activation_function", "gelu", where);

    if (c.text.embedDim % c.text.heads)
        throw io::FormatError(where + ": text embed_dim is not a multiple of attention_heads");
    if (c.text.act != "gelu")
        throw io::FormatError(where + ": unsupported text activation_function '" + c.text.act + "'");
    return c;
}

std::vector<ExpectedTensor> expectedTensors(const Config &c, bool withLmHead)
{
    std::vector<ExpectedTensor> out;
    const int64_t d = c.text.embedDim, f = c.text.ffnDim;
    expectClipVisionTensors(out, c.vision, kVisionPrefix);
    expectLinear(out, "image_to_text_projection.dense", d, c.vision.hiddenSize);
    out.push_back({"image_to_text_projection.latent_query", {c.latentQueryNum, d}});
    for (const char *proj : {"q_proj", "k_proj", "v_proj", "out_proj"})
        expectLinear(out, std::string("image_to_text_projection.x_attn.") + proj, d, d);
    out.push_back({"text_model.model.embed_tokens.weight", {c.text.vocabSize, d}});
    for (int64_t l = 0; l < c.text.layers; ++l) {
        const std::string b = "text_model.model.layers." + std::to_string(l) + ".";
        for (const char *proj : {"q_proj", "k_proj", "v_proj", "out_proj"})
            expectLinear(out, b + "self_attn." + proj, d, d);
        expectNorm(out, b + "self_attn.inner_attn_ln", d);
        expectNorm(out, b + "self_attn_layer_norm", d);
        expectLinear(out, b + "ffn.fc1", f, d);
        expectNorm(out, b + "ffn.ffn_layernorm", f);
        expectLinear(out, b + "ffn.fc2", d, f);
        expectNorm(out, b + "final_layer_norm", d);
    }
    expectNorm(out, "text_model.model.layer_norm", d);
    if (withLmHead)
        out.push_back({"text_model.lm_head.weight", {c.text.vocabSize, d}});
    return out;
}

bool validateWeights(const Config &c, const io::SafeTensors &w)
{
    // the layer counts first: they decide how long the list of expected tensors is
    for (const auto &[prefix, declared, key] :
         {std::tuple{clipVisionLayerPrefix(kVisionPrefix), c.vision.layers, "vision_config.num_hidden_layers"},
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
        checkTensor(w, e);
    }
    // a tensor the model would not read means the config describes another model than the weights
    for (const auto &[name, t] : w.tensors())
        if (!used.count(name) && !ignoredBuffer(name))
            throw io::FormatError("checkpoint: tensor '" + name + "' (in " + t.file +
                                  ") is not part of a Kosmos-2 model with this config.json");
    return lmHead;
}

} // namespace gc::nn::kosmos2
