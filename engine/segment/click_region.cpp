#include "segment/click_region.h"

#include "segment/cv_bridge.h"
#include "segment/graph_segmentation.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace gc::seg {

namespace {

// Steps are bucketed at this many levels per Lab unit: a counting sort instead of a comparison sort.
constexpr double kLevelsPerUnit = 8;
constexpr int kLevels = 2048;

// Edge e joins pixel e / 2 to its right (even e) or lower (odd e) neighbour.
struct Steps {
    std::vector<int> order; // edges, weakest first
    std::vector<int> level; // of each edge in `order`
};

Steps sortedSteps(const cv::Mat &lab)
{
    const int w = lab.cols, h = lab.rows;
    std::vector<uint16_t> levelOf(size_t(w) * size_t(h) * 2, uint16_t(kLevels)); // kLevels: no such edge
    std::vector<int> count(kLevels + 1, 0);
    const auto level = [](const cv::Vec3f &p, const cv::Vec3f &q) {
        const cv::Vec3f d = p - q;
        return uint16_t(std::min(kLevels - 1, int(std::sqrt(d.dot(d)) * kLevelsPerUnit)));
    };
    for (int y = 0; y < h; ++y) {
        const cv::Vec3f *row = lab.ptr<cv::Vec3f>(y);
        const cv::Vec3f *below = y + 1 < h ? lab.ptr<cv::Vec3f>(y + 1) : nullptr;
        for (int x = 0; x < w; ++x) {
            const size_t e = (size_t(y) * size_t(w) + size_t(x)) * 2;
            if (x + 1 < w)
                levelOf[e] = level(row[x], row[x + 1]);
            if (below)
                levelOf[e + 1] = level(row[x], below[x]);
            ++count[levelOf[e]];
            ++count[levelOf[e + 1]];
        }
    }
    std::vector<int> start(kLevels + 1, 0);
    for (int l = 1; l <= kLevels; ++l)
        start[size_t(l)] = start[size_t(l - 1)] + count[size_t(l - 1)];
    Steps s;
    s.order.resize(size_t(start[kLevels]));
    s.level.resize(s.order.size());
    for (size_t e = 0; e < levelOf.size(); ++e)
        if (levelOf[e] < kLevels) {
            const int at = start[levelOf[e]]++;
            s.order[size_t(at)] = int(e);
            s.level[size_t(at)] = levelOf[e];
        }
    return s;
}

// The pixels an edge joins.
std::pair<int, int> ends(int e, int width)
{
    const int p = e / 2;
    return {p, (e % 2) ? p + width : p + 1};
}

// One positive point's region as the step limit rises: after the join at `order` position `at`, at step
// `level`, it has `area` pixels.
struct Growth {
    int at;
    int level;
    int area;
};

// The position in the edge order after which the seed's region is the most stable one: the state that
// lasts over the widest range of step levels (growing by no more than the tolerance). -1: the seed pixel
// alone. `end` is the level at which the region stops being allowed (it takes in a negative point or
// becomes background).
int mostStable(const std::vector<Growth> &chain, int endLevel, const ClickRegionOptions &options, int minArea)
{
    int bestAt = -1;
    double bestSpan = -1;
    size_t j = 0;
    for (size_t i = 0; i < chain.size(); ++i) {
        j = std::max(j, i + 1);
        const double limit = chain[i].area * (1 + options.growthTolerance);
        while (j < chain.size() && chain[j].area <= limit)
            ++j;
        if (chain[i].area < minArea)
            continue;
        const int until = j < chain.size() ? chain[j].level : endLevel;
        const double span = until - chain[i].level;
        // ties go to the larger region: a later i
        if (span >= bestSpan) {
            bestSpan = span;
            bestAt = chain[j - 1].at;
        }
    }
    return bestAt;
}

} // namespace

Mask growFromPoints(const io::RgbImage &image, const std::vector<PointPrompt> &points, const ClickRegionOptions &options)
{
    const int W = image.width, H = image.height;
    if (validateImage(image).size() || std::none_of(points.begin(), points.end(), [](const PointPrompt &p) { return p.positive; }))
        return Mask(std::max(0, W), std::max(0, H));
    const double s = std::min(1.0, double(std::max(16, options.workingSide)) / std::max(W, H));
    const cv::Size work(std::max(1, int(std::lround(W * s))), std::max(1, int(std::lround(H * s))));
    cv::Mat small;
    cv::resize(detail::rgbView(image), small, work, 0, 0, cv::INTER_AREA);
    if (options.smoothing > 0)
        cv::GaussianBlur(small, small, cv::Size(0, 0), options.smoothing);
    cv::Mat lab;
    small.convertTo(lab, CV_32FC3, 1.0 / 255.0);
    cv::cvtColor(lab, lab, cv::COLOR_RGB2Lab);

    const int w = work.width, n = work.area();
    const auto pixel = [&](const PointF &p) {
        const int x = std::clamp(int(std::floor(p.x * s)), 0, w - 1);
        const int y = std::clamp(int(std::floor(p.y * s)), 0, work.height - 1);
        return y * w + x;
    };
    std::vector<int> positive;
    std::vector<char> negative(size_t(n), 0); // per root: holds a negative point
    for (const PointPrompt &p : points) {
        if (p.positive)
            positive.push_back(pixel(p.point));
        else
            negative[size_t(pixel(p.point))] = 1;
    }
    const int minArea = std::max(4, int(options.minAreaFraction * n));
    const int maxArea = int(options.maxAreaFraction * n);

    const Steps steps = sortedSteps(lab);
    std::vector<std::vector<Growth>> chains(positive.size());
    std::vector<int> endLevel(positive.size(), kLevels);
    std::vector<char> done(positive.size(), 0);
    std::vector<char> holdsPositive(size_t(n), 0); // per root
    for (int p : positive)
        holdsPositive[size_t(p)] = 1;
    size_t open = positive.size();
    {
        detail::DisjointSets sets(n);
        for (size_t k = 0; k < steps.order.size() && open > 0; ++k) {
            const auto [u, v] = ends(steps.order[k], w);
            const int a = sets.find(u), b = sets.find(v);
            if (a == b)
                continue;
            const int r = sets.join(a, b);
            const int other = r == a ? b : a;
            negative[size_t(r)] |= negative[size_t(other)];
            holdsPositive[size_t(r)] |= holdsPositive[size_t(other)];
            if (!holdsPositive[size_t(r)])
                continue;
            for (size_t i = 0; i < positive.size(); ++i) {
                if (done[i] || sets.find(positive[i]) != r)
                    continue;
                if (negative[size_t(r)] || sets.size(r) > maxArea) {
                    done[i] = 1;
                    endLevel[i] = steps.level[k];
                    --open;
                } else {
                    chains[i].push_back({int(k), steps.level[k], sets.size(r)});
                }
            }
        }
    }

    // Replays the joins up to each chosen position and takes the seed's component there.
    std::vector<std::pair<int, int>> chosen; // (position, seed)
    for (size_t i = 0; i < positive.size(); ++i)
        chosen.emplace_back(mostStable(chains[i], endLevel[i], options, minArea), positive[i]);
    std::sort(chosen.begin(), chosen.end());
    cv::Mat region = cv::Mat::zeros(work, CV_8UC1);
    detail::DisjointSets sets(n);
    size_t k = 0;
    for (const auto &[at, seed] : chosen) {
        for (; int(k) <= at; ++k) {
            const auto [u, v] = ends(steps.order[k], w);
            const int a = sets.find(u), b = sets.find(v);
            if (a != b)
                sets.join(a, b);
        }
        const int root = sets.find(seed);
        uint8_t *out = region.ptr<uint8_t>();
        for (int p = 0; p < n; ++p)
            if (sets.find(p) == root)
                out[p] = 255;
    }
    // The smoothed outline's blended pixels join the region only at about the outline's own step, after the
    // region was chosen; half of that blend is the object's.
    if (options.outlinePixels > 0)
        cv::dilate(region, region, cv::getStructuringElement(cv::MORPH_CROSS, {2 * options.outlinePixels + 1, 2 * options.outlinePixels + 1}));
    if (region.size() != cv::Size(W, H)) {
        cv::Mat up;
        cv::resize(region, up, cv::Size(W, H), 0, 0, cv::INTER_LINEAR);
        region = up > 127;
    }
    return detail::toMask(region);
}

} // namespace gc::seg
