#include "nn/florence2/bart_config.h"

namespace gc::nn::florence2 {

namespace {

// A token id processor setting: null or absent turns it off.
int64_t optionalTokenId(const nlohmann::json &t, const char *key, int64_t def, int64_t vocab, const std::string &where)
{
    if (t.contains(key) && t[key].is_null())
        return -1;
    return configInteger(t, key, def, 0, vocab - 1, where, "text_config.");
}

} // namespace

BartConfig parseBartConfig(const nlohmann::json &t, const std::string &where)
{
    if (!t.is_object())
        throw io::FormatError(where + ": text_config is missing");
    constexpr int64_t kDim = 1 << 16, kLayers = 1000, kVocab = 10000000;
    const char *s = "text_config.";
    BartConfig c;
    c.vocabSize = configInteger(t, "vocab_size", c.vocabSize, 1, kVocab, where, s);
    c.dModel = configInteger(t, "d_model", c.dModel, 1, kDim, where, s);
    c.maxPositions = configInteger(t, "max_position_embeddings", c.maxPositions, 1, 1 << 20, where, s);
    c.encoderLayers = configInteger(t, "encoder_layers", c.encoderLayers, 1, kLayers, where, s);
    c.encoderHeads = configInteger(t, "encoder_attention_heads", c.encoderHeads, 1, 1024, where, s);
    c.encoderFfn = configInteger(t, "encoder_ffn_dim", c.encoderFfn, 1, 4 * kDim, where, s);
    c.decoderLayers = configInteger(t, "decoder_layers", c.decoderLayers, 1, kLayers, where, s);
    c.decoderHeads = configInteger(t, "decoder_attention_heads", c.decoderHeads, 1, 1024, where, s);
    c.decoderFfn = configInteger(t, "decoder_ffn_dim", c.decoderFfn, 1, 4 * kDim, where, s);
    c.scaleEmbedding = configValue<bool>(t, "scale_embedding", c.scaleEmbedding, where);
    c.tieWordEmbeddings = configValue<bool>(t, "tie_word_embeddings", c.tieWordEmbeddings, where);
    c.padId = configInteger(t, "pad_token_id", c.padId, 0, c.vocabSize - 1, where, s);
    c.bosId = configInteger(t, "bos_token_id", c.bosId, 0, c.vocabSize - 1, where, s);
    c.eosId = configInteger(t, "eos_token_id", c.eosId, 0, c.vocabSize - 1, where, s);
    c.decoderStartId = configInteger(t, "decoder_start_token_id", c.decoderStartId, 0, c.vocabSize - 1, where, s);
    c.numBeams = configInteger(t, "num_beams", c.numBeams, 1, 64, where, s);
    c.noRepeatNgramSize = configInteger(t, "no_repeat_ngram_size", c.noRepeatNgramSize, 0, 100, where, s);
    c.forcedBosId = optionalTokenId(t, "forced_bos_token_id", c.forcedBosId, c.vocabSize, where);
    c.forcedEosId = optionalTokenId(t, "forced_eos_token_id", c.forcedEosId, c.vocabSize, where);
    c.earlyStopping = configValue<bool>(t, "early_stopping", c.earlyStopping, where);
    c.lengthPenalty = configValue<double>(t, "length_penalty", c.lengthPenalty, where);

    for (const auto &[heads, what] : {std::pair{c.encoderHeads, "encoder_attention_heads"},
                                      std::pair{c.decoderHeads, "decoder_attention_heads"}})
        if (c.dModel % heads)
            throw io::FormatError(where + ": text_config.d_model " + std::to_string(c.dModel) +
                                  " is not a multiple of text_config." + what + " " + std::to_string(heads));
    const std::string act = configValue<std::string>(t, "activation_function", "gelu", where);
    if (act != "gelu")
        throw io::FormatError(where + ": unsupported text_config.activation_function '" + act + "'");
    return c;
}

void expectBartTensors(std::vector<ExpectedTensor> &out, const BartConfig &c, bool withLmHead)
{
    const std::string m = std::string(kLanguagePrefix) + "model.";
    const int64_t d = c.dModel, positions = c.maxPositions + 2; // BART's learned positions start at 2
    out.push_back({m + "shared.weight", {c.vocabSize, d}});
    for (const char *side : {"encoder", "decoder"}) {
        const bool dec = side[0] == 'd';
        const std::string p = m + side + ".";
        out.push_back({p + "embed_positions.weight", {positions, d}});
        expectNorm(out, p + "layernorm_embedding", d);
        const int64_t layers = dec ? c.decoderLayers : c.encoderLayers, ffn = dec ? c.decoderFfn : c.encoderFfn;
        for (int64_t l = 0; l < layers; ++l) {
            const std::string b = p + "layers." + std::to_string(l) + ".";
            for (const char *attn : dec ? std::vector<const char *>{"self_attn", "encoder_attn"}
                                        : std::vector<const char *>{"self_attn"}) {
                for (const char *proj : {"q_proj", "k_proj", "v_proj", "out_proj"})
                    expectLinear(out, b + attn + "." + proj, d, d);
                expectNorm(out, b + attn + "_layer_norm", d);
            }
            expectLinear(out, b + "fc1", ffn, d);
            expectLinear(out, b + "fc2", d, ffn);
            expectNorm(out, b + "final_layer_norm", d);
        }
    }
    if (withLmHead)
        out.push_back({bartLmHeadName(), {c.vocabSize, d}});
}

void bartOptionalTensors(std::vector<ExpectedTensor> &out, const BartConfig &c)
{
    const std::string m = std::string(kLanguagePrefix) + "model.";
    out.push_back({m + "encoder.embed_tokens.weight", {c.vocabSize, c.dModel}});
    out.push_back({m + "decoder.embed_tokens.weight", {c.vocabSize, c.dModel}});
    out.push_back({std::string(kLanguagePrefix) + "final_logits_bias", {1, c.vocabSize}});
}

runtime::SamplingParams generationDefaults(const BartConfig &c)
{
    runtime::SamplingParams p;
    p.eosId = c.eosId;
    p.padId = c.padId;
    p.numBeams = c.numBeams;
    p.noRepeatNgramSize = c.noRepeatNgramSize;
    p.forcedBosId = c.forcedBosId;
    p.forcedEosId = c.forcedEosId;
    p.lengthPenalty = c.lengthPenalty;
    p.earlyStopping = c.earlyStopping ? runtime::SamplingParams::EarlyStopping::WhenFull
                                      : runtime::SamplingParams::EarlyStopping::Heuristic;
    return p;
}

std::string bartLmHeadName() { return std::string(kLanguagePrefix) + "lm_head.weight"; }

} // namespace gc::nn::florence2
