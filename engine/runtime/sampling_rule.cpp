#include "runtime/sampling_rule.h"

#include "io/safetensors.h"

#include <stdexcept>

namespace gc::runtime {

SamplingParams folderSamplingDefaults(const nlohmann::json &generationConfig, SamplingParams p, int64_t maxNewTokens)
{
    const nlohmann::json &gc = generationConfig;
    if (const auto eos = gc.find("eos_token_id"); eos != gc.end() && !eos->is_null()) {
        // one id, or a list whose first is the one pads follow and whose others end an answer too
        const std::vector<int64_t> ids =
            eos->is_array() ? eos->get<std::vector<int64_t>>() : std::vector<int64_t>{eos->get<int64_t>()};
        if (ids.empty())
            throw io::FormatError("generation_config.json: eos_token_id is an empty list");
        p.eosId = ids.front();
        p.moreEosIds.assign(ids.begin() + 1, ids.end());
    }
    p.repetitionPenalty = gc.value("repetition_penalty", 1.0);
    if (!(p.repetitionPenalty > 0))
        throw io::FormatError("generation_config.json: repetition_penalty must be positive");
    p.padId = gc.value("pad_token_id", p.padId);
    p.noRepeatNgramSize = gc.value("no_repeat_ngram_size", p.noRepeatNgramSize);
    p.numBeams = gc.value("num_beams", p.numBeams);
    p.lengthPenalty = gc.value("length_penalty", p.lengthPenalty);
    if (const auto es = gc.find("early_stopping"); es != gc.end() && !es->is_null()) {
        if (es->is_string() && es->get<std::string>() == "never")
            p.earlyStopping = SamplingParams::EarlyStopping::Never;
        else if (es->is_boolean())
            p.earlyStopping = es->get<bool>() ? SamplingParams::EarlyStopping::WhenFull : SamplingParams::EarlyStopping::Heuristic;
        else
            throw io::FormatError("generation_config.json: early_stopping must be true, false or \"never\"");
    }
    // null switches a forced token off
    for (auto [key, id] : {std::pair{"forced_bos_token_id", &p.forcedBosId}, std::pair{"forced_eos_token_id", &p.forcedEosId}})
        if (const auto f = gc.find(key); f != gc.end())
            *id = f->is_null() ? -1 : f->get<int64_t>();
    p.doSample = gc.value("do_sample", false);
    p.temperature = gc.value("temperature", 1.0);
    p.topK = gc.value("top_k", int64_t(50));
    p.topP = gc.value("top_p", 1.0);
    p.maxNewTokens = gc.value("max_new_tokens", maxNewTokens);
    return p;
}

SamplingParams resolveSampling(const SamplingParams &defaults, const GenerationParams &g)
{
    SamplingParams p = defaults;
    if (g.maxNewTokens) p.maxNewTokens = *g.maxNewTokens;
    if (g.temperature) p.temperature = *g.temperature;
    if (g.topP) p.topP = *g.topP;
    if (g.topK) p.topK = *g.topK;
    if (g.seed) p.seed = *g.seed;
    if (g.noRepeatNgramSize) p.noRepeatNgramSize = *g.noRepeatNgramSize;
    if (g.numBeams) p.numBeams = *g.numBeams;
    if (g.doSample)
        p.doSample = *g.doSample;
    else if (g.temperature || g.topP || g.topK)
        p.doSample = !(g.temperature && *g.temperature == 0.0);
    if (p.maxNewTokens < 0 || p.topK < 0 || p.topP <= 0.0 || p.topP > 1.0 || p.temperature < 0.0 ||
        p.noRepeatNgramSize < 0 || p.numBeams < 1 || p.numBeams > kMaxBeams)
        throw std::invalid_argument("generation parameters out of range (max-new-tokens >= 0, top-k >= 0, "
                                    "0 < top-p <= 1, temperature >= 0, no-repeat-ngram-size >= 0, "
                                    "1 <= num-beams <= " + std::to_string(kMaxBeams) + ")");
    return p;
}

} // namespace gc::runtime
