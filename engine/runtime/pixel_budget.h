#pragma once

// The pixel budget of a model folder whose processor resizes each image to a number of pixels between two bounds
// (Qwen2.5-VL's smart_resize; RuntimeSettings::minPixels/maxPixels), read from the folder's config files alone,
// and the image tokens an image gets under bounds a user may choose. Plain C++, for the app and the CLI.

#include "core/geometry.h"
#include "runtime/local_model.h"

#include <cstdint>
#include <string>

namespace gc::runtime {

struct PixelBudget {
    Status status;                        // why the folder could not be read
    bool applies = false;                 // its architecture resizes images to a pixel budget
    int64_t minPixels = 0, maxPixels = 0; // the folder's own bounds (preprocessor_config.json)
    int64_t patchSize = 0, mergeSize = 0; // image sides are multiples of patch × merge; a token is merge² patches
};

[[nodiscard]] PixelBudget pixelBudget(const std::string &folder);

// The image tokens an image of `image` pixels becomes with the bounds minPixels..maxPixels (0: the folder's);
// 0 when the budget does not apply, the image is empty or the bounds are invalid.
[[nodiscard]] int64_t imageTokens(const PixelBudget &budget, SizeI image, int64_t minPixels, int64_t maxPixels);

} // namespace gc::runtime
