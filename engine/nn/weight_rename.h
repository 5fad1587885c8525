#pragma once

// A checkpoint read under other tensor names: how a family reads the names a later transformers version
// saves under the ones its model uses. Plain C++.

#include "io/safetensors.h"

#include <functional>
#include <string>

namespace gc::nn {

// Every tensor renamed by `rename` (the bytes are shared, not copied). FormatError when two names map onto one.
[[nodiscard]] io::SafeTensors withRenamedTensors(io::SafeTensors &&weights,
                                                 const std::function<std::string(const std::string &)> &rename);

} // namespace gc::nn
