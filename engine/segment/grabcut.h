#pragma once

// The built-in segmenter: OpenCV GrabCut seeded by the box and the points, then cleaned up
// (mask_refine.h). Points without a box first grow the clicked object's region (click_region.h), whose box
// GrabCut then works in. Always available, no model file; good on objects whose colours differ from
// their surroundings, weak on camouflage and thin structures.

#include "segment/click_region.h"
#include "segment/segmenter.h"

namespace gc::seg {

struct GrabCutOptions {
    int iterations = 5;
    // GrabCut is O(pixels x iterations); the region of interest is scaled down to this longest side
    // first and the mask scaled back up, which keeps a click interactive on large photos.
    int maxWorkingSide = 480;
    // Seed disc radius around each clicked point, as a fraction of the ROI's shorter side (min 2 px).
    double seedRadiusFraction = 0.02;
    // Gaussian sigma (working pixels) applied before GrabCut; noise otherwise blurs the colour models.
    double smoothing = 0.8;
    bool refine = true;
    // Points without a box: GrabCut runs on the box of the region grown from them (click_region.h), widened
    // by this fraction of its longer side on every side (at least 4 px) so that GrabCut sees the background.
    ClickRegionOptions click;
    double grownBoxMargin = 0.05;
};

// The score of a GrabCut mask is a heuristic, not a predicted IoU: the IoU between GrabCut's raw
// output and the refined mask, times a penalty when the mask covers nearly all or almost none of the
// box. Clean, well-separated objects score near 1. For points without a box it is further multiplied by the
// IoU between the grown region and the final mask.
[[nodiscard]] std::unique_ptr<Segmenter> makeGrabCutSegmenter(const GrabCutOptions &options = {});

} // namespace gc::seg
