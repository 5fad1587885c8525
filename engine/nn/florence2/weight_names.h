#pragma once

// Florence-2 checkpoints come under two sets of tensor names: the remote code's, which the hub
// checkpoints (microsoft/Florence-2-base|large and their -ft fine-tunes) use and which the model reads,
// and the native transformers port's ("florence-community" copies), renamed by its conversion script.
// This is the one place that maps the second onto the first. Plain C++.

#include "io/safetensors.h"

#include <string>

namespace gc::nn::florence2 {

// The remote-code name of a native-port tensor name; any other name comes back unchanged. The native
// projection Linear becomes "image_projection.weight" ([out, in]), not the remote "image_projection"
// ([in, out]), so that its layout stays known (see vision_config.h).
[[nodiscard]] std::string remoteName(const std::string &name);

// Whether the checkpoint uses the native port's names (everything under "model." and "lm_head.").
[[nodiscard]] bool hasNativeNames(const io::SafeTensors &weights);

// The checkpoint under remote-code names: unchanged when it has them, else every tensor renamed with
// remoteName (the bytes are shared, not copied). FormatError when two names map onto one.
[[nodiscard]] io::SafeTensors withRemoteNames(io::SafeTensors &&weights);

} // namespace gc::nn::florence2
