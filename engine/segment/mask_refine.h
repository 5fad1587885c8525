#pragma once

// Turns a raw segmentation (GrabCut's, a model's) into a clean object mask: speckle removed by an
// opening/closing, only the part connected to the seeds kept, small holes filled.

#include "core/rle.h"
#include "segment/segmenter.h"

namespace gc::seg {

struct RefineOptions {
    // Opening/closing kernel as a fraction of the mask's bounding-box shorter side (odd, 3..15 px);
    // 0 switches the morphology off.
    double morphologyFraction = 0.02;
    // Holes smaller than this fraction of the object's area are filled; bigger ones are kept (a ring
    // is a ring), and so is any hole holding a negative point.
    double maxHoleFraction = 0.05;
};

// Keeps the components that contain a positive point; when no point is positive or none lands on
// the mask, the largest component (inside the box, if there is one). Returns an empty mask of the
// same size when nothing is left.
[[nodiscard]] Mask refineMask(const Mask &raw, const Prompts &prompts, const RefineOptions &options = {});

} // namespace gc::seg
