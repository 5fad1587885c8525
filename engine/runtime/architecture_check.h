#pragma once

// Plain C++ (no libtorch types): whether a model's config.json names an architecture the runtime runs, so
// that a download can check config.json before it fetches the weights. Implemented beside the table.
#include <string>

namespace gc::runtime {

// "" when it does, else why not (naming the architectures it runs).
[[nodiscard]] std::string unsupportedArchitecture(const std::string &configJson);

} // namespace gc::runtime
