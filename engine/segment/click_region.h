#pragma once

// Clicks become a region without a model. The image's colour steps between neighbouring pixels, taken from
// the weakest up, join pixels into ever larger regions (Kruskal order, the component tree behind graph
// segmentation). The region holding a click grows as the allowed step rises; an object is the region that
// stays the same size over the widest range of steps: everything inside it joins at steps below its
// internal shading and noise, and it only grows again once the step reaches its outline's contrast.
// A negative point stops its positive points' regions before they would take it in; the regions of
// several positive points are united. Deterministic: no randomness anywhere.
//
// Threading: reentrant (no shared state).

#include "core/rle.h"
#include "io/image_loader.h"
#include "segment/segmenter.h"

#include <vector>

namespace gc::seg {

struct ClickRegionOptions {
    // The tree is built on the image scaled to this longest side: cost and memory grow with the pixels.
    int workingSide = 400;
    // Gaussian sigma (working pixels) before the steps are measured: pixel noise is not an outline.
    double smoothing = 1.0;
    // A region counts as unchanged while it grows by less than this share of its area (the pixels along
    // its outline, whose colour is a blend, join it late).
    double growthTolerance = 0.15;
    // Regions smaller than this share of the image are never chosen (a click is not on a single pixel).
    double minAreaFraction = 0.0003;
    // The chosen region grows by this many working pixels: the outline's blend (see `smoothing`) is half
    // the object's.
    int outlinePixels = 1;
    // Regions larger than this share are background, not an object.
    double maxAreaFraction = 0.6;
};

// The union of the regions the positive points pick out, image size; empty when no point is positive or
// the image is empty. Point coordinates are clamped into the image.
[[nodiscard]] Mask growFromPoints(const io::RgbImage &image, const std::vector<PointPrompt> &points,
                                  const ClickRegionOptions &options = {});

} // namespace gc::seg
