#pragma once

// Qwen2.5-VL checkpoints come under two sets of tensor names: the 4.49 layout of the released checkpoints
// ("visual.", "model.", "lm_head.") and the one transformers saves from about 4.52 on ("model.visual.",
// "model.language_model.", "lm_head."). This is the one place that maps the second onto the first, which is
// what the model reads. Plain C++.

#include "io/safetensors.h"

#include <string>

namespace gc::nn::qwen25vl {

inline constexpr const char *kVisionPrefix = "visual.";

// The 4.49 name of a later layout's tensor name; any other name comes back unchanged.
[[nodiscard]] std::string releasedName(const std::string &name);

// The checkpoint under the 4.49 names: unchanged when it has them, else every tensor renamed with releasedName
// (the bytes are shared, not copied). FormatError when two names map onto one.
[[nodiscard]] io::SafeTensors withReleasedNames(io::SafeTensors &&weights);

} // namespace gc::nn::qwen25vl
