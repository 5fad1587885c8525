#pragma once

// Internal: the over-segmentation behind automatic Set-of-Mark marks. Felzenszwalb-Huttenlocher graph
// segmentation (superpixels that follow colour edges) followed by greedy merging of adjacent regions
// into a readable number of object-sized ones. OpenCV types: only segment/*.cpp include this.

#include <opencv2/core.hpp>

namespace gc::seg::detail {

// `lab`: CV_32FC3 (OpenCV's float Lab). Returns CV_32S labels 0..count-1. `k` sets the scale (larger =
// bigger regions); components smaller than `minSize` pixels are merged into a neighbour.
[[nodiscard]] cv::Mat graphSegment(const cv::Mat &lab, double k, int minSize, int *count);

// Merges adjacent regions, cheapest first, until at most `maxRegions` remain and none is smaller than
// `minSize` pixels. The cost of a merge is the colour difference of the two regions plus the mean colour
// step along their shared boundary, scaled down for small regions so that fragments go first. Returns
// relabelled CV_32S labels 0..count-1.
[[nodiscard]] cv::Mat mergeRegions(const cv::Mat &labels, int count, const cv::Mat &lab, int maxRegions, int minSize,
                                   int *outCount);

} // namespace gc::seg::detail
