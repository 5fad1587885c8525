#pragma once

// Internal: the over-segmentation behind automatic Set-of-Mark marks. Felzenszwalb-Huttenlocher graph
// segmentation (superpixels that follow colour edges) followed by greedy merging of adjacent regions
// into a readable number of object-sized ones. OpenCV types: only segment/*.cpp include this.

#include <opencv2/core.hpp>

namespace gc::seg::detail {

// `lab`: CV_32FC3 (OpenCV's float Lab). Returns CV_32S labels 0..count-1. `k` sets the scale (larger =
// bigger regions); components smaller than `minSize` pixels are merged into a neighbour.
[[nodiscard]] cv::Mat graphSegment(const cv::Mat &lab, double k, int minSize, int *count);

struct MergeRules {
    int maxRegions = 20; // at most this many, not counting the background
    double backgroundFraction = 0.5; // a region over this share of the image is the background
    int minSize = 4;     // pixels; smaller regions always merge
    double thinRatio = 1.6;    // regions with less area than this times their boundary (rims, cracks) always merge
    double weakBoundary = 12;  // neighbours whose merge cost is below this always merge (Lab units)
    double colourWeight = 0.3; // of the regions' mean colour difference, next to the step along their boundary
};

// Merges adjacent regions, cheapest first, until no fragment (small or thin region) and no weak boundary is
// left and at most `maxRegions` remain. The cost of a merge is the mean colour step along the shared boundary
// plus a share of the regions' colour difference (a smooth gradient has a weak boundary but a large
// difference), scaled down for small regions so that fragments go first. Returns relabelled CV_32S labels
// 0..count-1.
[[nodiscard]] cv::Mat mergeRegions(const cv::Mat &labels, int count, const cv::Mat &lab, const MergeRules &rules,
                                   int *outCount);

} // namespace gc::seg::detail
