#pragma once

// Internal: the over-segmentation behind automatic Set-of-Mark marks. Felzenszwalb-Huttenlocher graph
// segmentation (superpixels that follow colour edges) followed by greedy merging of adjacent regions
// into a readable number of object-sized ones. OpenCV types: only segment/*.cpp include this.

#include <opencv2/core.hpp>

#include <numeric>
#include <vector>

namespace gc::seg::detail {

// Union-find over pixel indices with union by size and path halving.
class DisjointSets {
public:
    explicit DisjointSets(int n) : m_parent(static_cast<size_t>(n)), m_size(static_cast<size_t>(n), 1)
    {
        std::iota(m_parent.begin(), m_parent.end(), 0);
    }
    int find(int x)
    {
        while (m_parent[size_t(x)] != x) {
            m_parent[size_t(x)] = m_parent[size_t(m_parent[size_t(x)])]; // path halving
            x = m_parent[size_t(x)];
        }
        return x;
    }
    int join(int a, int b)
    {
        if (m_size[size_t(a)] < m_size[size_t(b)])
            std::swap(a, b);
        m_parent[size_t(b)] = a;
        m_size[size_t(a)] += m_size[size_t(b)];
        return a;
    }
    [[nodiscard]] int size(int root) const { return m_size[size_t(root)]; }

private:
    std::vector<int> m_parent;
    std::vector<int> m_size;
};

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
