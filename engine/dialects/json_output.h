#pragma once

#include "core/grounded_text.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gc {

// The JSON shape of `groundchat-cli parse`:
// {"dialect", "text", "entities": [{"phrase", "span", "boxes", "points", "polygons", "quads", ...}]}
[[nodiscard]] nlohmann::json groundedTextToJson(const GroundedText &text, const std::string &dialectId);

// Keeps only entities whose phrase is one of `classes` (case-sensitive, trimmed) and sets their classId;
// the option several peers' parsers (supervision) offer. An empty list keeps everything.
void applyClassFilter(GroundedText &text, const std::vector<std::string> &classes);

} // namespace gc
