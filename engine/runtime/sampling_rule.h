#pragma once

// When sampling is on, and with what: one rule for every caller (the app's settings, the CLI's options,
// a model folder's generation_config.json), so that the same options give the same answer everywhere.
// Plain C++.

#include "runtime/local_model.h"
#include "runtime/sampling.h"

#include <nlohmann/json.hpp>

namespace gc::runtime {

inline constexpr int64_t kMaxBeams = 64;

// A model folder's defaults: generation_config.json's fields over the architecture's (as transformers'
// GenerationConfig reads them; a field it lacks keeps transformers' default, not the architecture's; the beam
// settings and forced tokens keep the architecture's; max_new_tokens falls back to `maxNewTokens`, the
// architecture's Architecture::defaultMaxNewTokens). Throws io::FormatError for a field of the wrong type.
[[nodiscard]] SamplingParams folderSamplingDefaults(const nlohmann::json &generationConfig, SamplingParams architecture,
                                                    int64_t maxNewTokens = kDefaultMaxNewTokens);

// The options given over the defaults. An explicit doSample wins. Otherwise any sampling option
// (temperature, top-p, top-k) turns sampling on, as the reference's do_sample=True with those warpers
// would, except temperature 0, which asks for greedy decoding; a seed alone changes nothing, it only
// fixes the draws of a sampling model; with none of them the defaults decide.
// Throws std::invalid_argument for values out of range.
[[nodiscard]] SamplingParams resolveSampling(const SamplingParams &defaults, const GenerationParams &options);

} // namespace gc::runtime
