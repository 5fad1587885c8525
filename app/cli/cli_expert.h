#pragma once

#include "args.h"
#include "core/grounded_text.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gc::cli {

// --expert's value, checked ("none" without it); throws UsageError for anything else. Read before the model is asked.
[[nodiscard]] std::string expertOption(const Args &args);

// ask's --expert auto|florence2|demo|none (default none) and --expert-model DIR: when the answer has no boxes, a local
// grounding model (engine/expert: Florence-2 from --expert-model or the models GroundChat knows of, else the demo
// model) boxes its phrases. Its entities are added to `result` (for --overlay) and to out["entities"] marked
// "source": "expert", and out["tools"] says what ran, how long it took and how many boxes it made. Throws
// UsageError for a bad value, InputError when the expert cannot run.
void groundWithExpert(const Args &args, const std::string &imagePath, GroundedText &result, nlohmann::json &out);

} // namespace gc::cli
