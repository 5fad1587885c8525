#pragma once

// A mask from a map of where a model looked (an attention map or a logit-lens map), as VL-SAM makes masks
// from attention: the map's hottest cell becomes a positive point and its coldest cells negative points, the
// segmenter turns that point set into a mask, and the next set starts from the hottest cell the masks so
// far do not cover yet. The masks of the sets that lie on the hot part of the map are merged. One set is
// often not enough: a click on one part of an object (one colour of a two-coloured thing) grows only that
// part, while the map is hot over all of it.
//
// Threading: as the segmenter it is given (one thread at a time).

#include "core/heatmap.h"
#include "core/rle.h"
#include "segment/segmenter.h"

#include <string>
#include <vector>

namespace gc::seg {

struct MapSegmentOptions {
    int iterations = 4;        // point sets at most
    int negatives = 3;         // the coldest cells, the same in every set
    double hotFraction = 0.5;  // a cell can seed a set when it reaches this share of the map's range
    // A set's mask is kept when at least `onHotShare` of its pixels lie on cells that reach `warmFraction`
    // (a mask that leaked into the background is dropped).
    double warmFraction = 0.25;
    double onHotShare = 0.5;
};

struct MapPointSet {
    std::vector<PointPrompt> points;
    bool kept = false; // its mask is part of the merged one
};

struct MapSegmentResult {
    std::string error; // empty when a mask was made
    Mask mask;         // the merged mask, image size
    double score = 0;  // the lowest score among the kept masks
    std::vector<MapPointSet> sets;
    [[nodiscard]] bool ok() const { return error.empty(); }
    // The points of the kept sets, negatives once (what a refining click adds to).
    [[nodiscard]] std::vector<PointPrompt> keptPoints() const;
};

// The segmenter must hold the image (Segmenter::setImage). The grid's values may be on any scale.
[[nodiscard]] MapSegmentResult segmentFromMap(Segmenter &segmenter, const HeatGrid &grid,
                                              const MapSegmentOptions &options = {});

} // namespace gc::seg
