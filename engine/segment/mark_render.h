#pragma once

// A copy of the image with the marks burnt in, for models that must *see* the numbers (the app draws
// marks live on its canvas instead). Reentrant.

#include "io/image_loader.h"
#include "segment/marks.h"

#include <vector>

namespace gc::seg {

struct MarkRenderOptions {
    bool outlines = true;    // region boundaries, so the model can tell where a number's region ends
    double labelRadius = 0;  // 0 = markLabelRadius(image size); use the value the marks were placed with
};

[[nodiscard]] io::RgbImage renderMarkedImage(const io::RgbImage &image, const std::vector<Mark> &marks,
                                             const MarkRenderOptions &options = {});

} // namespace gc::seg
