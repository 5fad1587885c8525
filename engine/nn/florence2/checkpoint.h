#pragma once

// A Florence-2 checkpoint's layout checked against its config.json: every tensor the vision side and the
// language model read, with its shape and dtype, and nothing else. Plain C++, no libtorch.

#include "nn/florence2/bart_config.h"
#include "nn/florence2/vision_config.h"

namespace gc::nn::florence2 {

// `weights` under remote-code names (weight_names.h). Throws io::FormatError naming the first
// mismatch: a layer count other than the config's, a missing tensor, another shape or dtype, or a tensor
// no Florence-2 model with this config has.
void validateWeights(const VisionConfig &vision, const BartConfig &text, const io::SafeTensors &weights);

} // namespace gc::nn::florence2
