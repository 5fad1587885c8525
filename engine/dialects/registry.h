#pragma once

#include "dialect.h"

namespace gc::dialects {

// Every dialect GroundChat speaks, in display order.
[[nodiscard]] const std::vector<const Dialect *> &all();
// nullptr when the id is unknown. Accepts the ids listed by all() and a few aliases ("qwen2_5_vl").
[[nodiscard]] const Dialect *find(std::string_view id);
// Picks a dialect from a model name ("Qwen/Qwen2.5-VL-7B-Instruct" -> qwen2.5-vl); nullptr if none fits.
[[nodiscard]] const Dialect *forModelName(std::string_view modelName);

} // namespace gc::dialects
