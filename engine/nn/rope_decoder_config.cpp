#include "nn/rope_decoder_config.h"

#include <numeric>

namespace gc::nn {

namespace {

constexpr int64_t kMaxDim = 1 << 16, kMaxVocab = 1 << 22, kMaxLayers = 512;

double positiveNumber(const nlohmann::json &j, const char *key, double def, const std::string &where)
{
    if (!j.contains(key) || j[key].is_null())
        return def;
    if (!j[key].is_number() || !(j[key].get<double>() > 0))
        throw io::FormatError(where + ": '" + key + "' is " + j[key].dump() + ", not a positive number");
    return j[key].get<double>();
}

// rope_scaling: Qwen2-VL's mrope_section, or one of the scalings of RopeScaling.
void parseRopeScaling(const nlohmann::json &j, RopeDecoderConfig &c, const std::string &where)
{
    const auto it = j.find("rope_scaling");
    if (it == j.end() || it->is_null())
        return;
    if (!it->is_object())
        throw io::FormatError(where + ": 'rope_scaling' is not an object");
    // transformers 4.49 rewrites Qwen2-VL's type "mrope" to "default" and keeps mrope_section beside it; older
    // configs say "type" where newer ones say "rope_type".
    const std::string type = configValue<std::string>(*it, "rope_type", configValue<std::string>(*it, "type", "default", where), where);
    const std::string in = where + " (rope_scaling)";
    using T = RopeScaling::Type;
    if (type == "linear" || type == "dynamic" || type == "llama3") {
        c.ropeScaling.type = type == "linear" ? T::Linear : type == "dynamic" ? T::Dynamic : T::Llama3;
        if (!it->contains("factor"))
            throw io::FormatError(in + ": type '" + type + "' needs a factor");
        c.ropeScaling.factor = positiveNumber(*it, "factor", 1.0, in);
    }
    if (type == "llama3") {
        for (const char *key : {"low_freq_factor", "high_freq_factor", "original_max_position_embeddings"})
            if (!it->contains(key))
                throw io::FormatError(in + ": type 'llama3' needs " + key);
        c.ropeScaling.lowFreqFactor = positiveNumber(*it, "low_freq_factor", 1.0, in);
        c.ropeScaling.highFreqFactor = positiveNumber(*it, "high_freq_factor", 4.0, in);
        if (!(c.ropeScaling.highFreqFactor > c.ropeScaling.lowFreqFactor))
            throw io::FormatError(in + ": high_freq_factor must be above low_freq_factor");
        c.ropeScaling.originalMaxPositions = configInteger(*it, "original_max_position_embeddings", 8192, 1, 1 << 30, in, "");
    }
    if (c.ropeScaling.type == T::None && type != "default" && type != "mrope")
        throw io::FormatError(where + ": rope_scaling type '" + type +
                              "' is not supported (default, mrope, linear, dynamic or llama3)");
    c.mropeSection = configIntegerList(*it, "mrope_section", {}, 3, 3, 0, kMaxDim, where, "rope_scaling.");
    if (!c.mropeSection.empty() && c.ropeScaling.type != T::None)
        throw io::FormatError(where + ": rope_scaling type '" + type + "' does not apply to mrope_section");
    const int64_t sum = std::accumulate(c.mropeSection.begin(), c.mropeSection.end(), int64_t(0));
    if (!c.mropeSection.empty() && sum != c.headDim / 2)
        throw io::FormatError(where + ": rope_scaling.mrope_section sums to " + std::to_string(sum) +
                              ", not head_dim / 2 = " + std::to_string(c.headDim / 2));
}

} // namespace

RopeDecoderConfig parseRopeDecoderConfig(const nlohmann::json &j, const RopeDecoderDefaults &d, const std::string &where)
{
    if (!j.is_object())
        throw io::FormatError(where + ": the text model's config is not an object");
    RopeDecoderConfig c;
    c.hidden = configInteger(j, "hidden_size", c.hidden, 1, kMaxDim, where, "");
    c.intermediate = configInteger(j, "intermediate_size", c.intermediate, 1, 4 * kMaxDim, where, "");
    c.layers = configInteger(j, "num_hidden_layers", c.layers, 1, kMaxLayers, where, "");
    c.heads = configInteger(j, "num_attention_heads", c.heads, 1, kMaxDim, where, "");
    c.kvHeads = configInteger(j, "num_key_value_heads", c.heads, 1, c.heads, where, "");
    c.vocabSize = configInteger(j, "vocab_size", c.vocabSize, 1, kMaxVocab, where, "");
    if (c.heads % c.kvHeads)
        throw io::FormatError(where + ": num_attention_heads " + std::to_string(c.heads) +
                              " is not a multiple of num_key_value_heads " + std::to_string(c.kvHeads));
    const bool explicitHeadDim = j.contains("head_dim") && !j["head_dim"].is_null();
    if (!explicitHeadDim && c.hidden % c.heads)
        throw io::FormatError(where + ": hidden_size " + std::to_string(c.hidden) + " is not a multiple of " +
                              std::to_string(c.heads) + " heads");
    c.headDim = configInteger(j, "head_dim", c.hidden / c.heads, 2, kMaxDim, where, "");
    if (c.headDim % 2)
        throw io::FormatError(where + ": head_dim " + std::to_string(c.headDim) + " is odd; rotary needs pairs");
    c.rmsNormEps = positiveNumber(j, "rms_norm_eps", d.rmsNormEps, where);
    c.ropeTheta = positiveNumber(j, "rope_theta", d.ropeTheta, where);
    c.maxPositions = configInteger(j, "max_position_embeddings", d.maxPositions, 1, 1 << 30, where, "");
    const bool attentionBias = configValue<bool>(j, "attention_bias", false, where);
    c.qkvBias = d.qkvBias || attentionBias;
    c.outputBias = attentionBias;
    c.tieWordEmbeddings = configValue<bool>(j, "tie_word_embeddings", d.tieWordEmbeddings, where);
    parseRopeScaling(j, c, where);
    return c;
}

std::vector<ExpectedTensor> ropeDecoderTensors(const RopeDecoderConfig &c, const RopeDecoderNames &n, bool withLmHead)
{
    std::vector<ExpectedTensor> out;
    const int64_t D = c.hidden, q = c.heads * c.headDim, kv = c.kvHeads * c.headDim, I = c.intermediate;
    out.push_back({n.body + "embed_tokens.weight", {c.vocabSize, D}});
    auto linear = [&](const std::string &name, int64_t o, int64_t i, bool bias) {
        out.push_back({name + ".weight", {o, i}});
        if (bias)
            out.push_back({name + ".bias", {o}});
    };
    for (int64_t l = 0; l < c.layers; ++l) {
        const std::string p = n.body + "layers." + std::to_string(l) + ".";
        out.push_back({p + "input_layernorm.weight", {D}});
        linear(p + "self_attn.q_proj", q, D, c.qkvBias);
        linear(p + "self_attn.k_proj", kv, D, c.qkvBias);
        linear(p + "self_attn.v_proj", kv, D, c.qkvBias);
        linear(p + "self_attn.o_proj", D, q, c.outputBias);
        out.push_back({p + "post_attention_layernorm.weight", {D}});
        linear(p + "mlp.gate_proj", I, D, false);
        linear(p + "mlp.up_proj", I, D, false);
        linear(p + "mlp.down_proj", D, I, false);
    }
    out.push_back({n.body + "norm.weight", {D}});
    if (withLmHead)
        out.push_back({n.lmHead + ".weight", {c.vocabSize, D}});
    return out;
}

bool validateRopeDecoder(const RopeDecoderConfig &c, const RopeDecoderNames &n, const io::SafeTensors &w)
{
    const bool head = w.find(n.lmHead + ".weight") != nullptr;
    if (!head && !c.tieWordEmbeddings)
        throw io::FormatError("checkpoint: missing tensor '" + n.lmHead + ".weight' (config.json says tie_word_embeddings is false)");
    for (const ExpectedTensor &e : ropeDecoderTensors(c, n, head))
        checkTensor(w, e);
    const int64_t stored = storedLayers(w, n.body + "layers.");
    if (stored != c.layers)
        throw io::FormatError("checkpoint: " + std::to_string(stored) + " decoder layers stored but config.json says " +
                              std::to_string(c.layers));
    return head;
}

} // namespace gc::nn
