#pragma once

// Florence-2's image processor (CLIPImageProcessor as the processor configures it): a direct bicubic
// resize to size (768x768 in the released models; a fixture's own size from its preprocessor_config.json),
// x/255 and the ImageNet mean and std. Plain C++.

#include "nn/preprocess.h"

#include <nlohmann/json.hpp>

namespace gc::nn::florence2 {

// preprocessor_config.json over the released processor's settings.
[[nodiscard]] ClipPreprocessConfig preprocessConfig(const nlohmann::json &preprocessorConfig);

} // namespace gc::nn::florence2
