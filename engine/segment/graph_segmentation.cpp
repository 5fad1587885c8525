#include "segment/graph_segmentation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <vector>

namespace gc::seg::detail {

namespace {

struct Edge {
    float w;
    int a, b;
};

float colourStep(const cv::Vec3f &p, const cv::Vec3f &q)
{
    const cv::Vec3f d = p - q;
    return std::sqrt(d.dot(d));
}

// Relabels roots to 0..n-1 in raster order.
cv::Mat compact(const cv::Mat &raw, int *count)
{
    cv::Mat out(raw.size(), CV_32S);
    std::map<int, int> ids;
    for (int y = 0; y < raw.rows; ++y)
        for (int x = 0; x < raw.cols; ++x) {
            const int r = raw.at<int>(y, x);
            auto [it, fresh] = ids.emplace(r, int(ids.size()));
            out.at<int>(y, x) = it->second;
        }
    *count = int(ids.size());
    return out;
}

} // namespace

cv::Mat graphSegment(const cv::Mat &lab, double k, int minSize, int *count)
{
    CV_Assert(lab.type() == CV_32FC3);
    const int w = lab.cols, h = lab.rows;
    std::vector<Edge> edges;
    edges.reserve(size_t(w) * size_t(h) * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const cv::Vec3f &p = lab.at<cv::Vec3f>(y, x);
            const int i = y * w + x;
            if (x + 1 < w)
                edges.push_back({colourStep(p, lab.at<cv::Vec3f>(y, x + 1)), i, i + 1});
            if (y + 1 < h) {
                edges.push_back({colourStep(p, lab.at<cv::Vec3f>(y + 1, x)), i, i + w});
                if (x + 1 < w)
                    edges.push_back({colourStep(p, lab.at<cv::Vec3f>(y + 1, x + 1)), i, i + w + 1});
                if (x > 0)
                    edges.push_back({colourStep(p, lab.at<cv::Vec3f>(y + 1, x - 1)), i, i + w - 1});
            }
        }
    std::sort(edges.begin(), edges.end(), [](const Edge &a, const Edge &b) { return a.w < b.w; });

    DisjointSets sets(w * h);
    // Threshold(C) = max internal edge of C + k/|C|: two regions join when the edge between them is no
    // stronger than the variation already inside both.
    std::vector<float> threshold(size_t(w) * size_t(h), float(k));
    for (const Edge &e : edges) {
        int a = sets.find(e.a), b = sets.find(e.b);
        if (a == b || e.w > threshold[size_t(a)] || e.w > threshold[size_t(b)])
            continue;
        const int r = sets.join(a, b);
        threshold[size_t(r)] = e.w + float(k / sets.size(r));
    }
    for (const Edge &e : edges) {
        const int a = sets.find(e.a), b = sets.find(e.b);
        if (a != b && (sets.size(a) < minSize || sets.size(b) < minSize))
            sets.join(a, b);
    }
    cv::Mat raw(h, w, CV_32S);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            raw.at<int>(y, x) = sets.find(y * w + x);
    return compact(raw, count);
}

cv::Mat mergeRegions(const cv::Mat &labels, int count, const cv::Mat &lab, const MergeRules &rules, int *outCount)
{
    struct Region {
        double area = 0;
        double boundary = 0; // pixel edges with other regions and the image border
        cv::Vec3d sum{0, 0, 0};
        bool alive = true;
        [[nodiscard]] cv::Vec3d mean() const { return sum * (1.0 / std::max(1.0, area)); }
    };
    struct Boundary {
        double length = 0;
        double step = 0; // summed colour step across the boundary
    };
    std::vector<Region> regions(static_cast<size_t>(count));
    std::map<std::pair<int, int>, Boundary> boundaries;
    const auto touch = [&](int a, int b, float step) {
        regions[size_t(a)].boundary += 1;
        regions[size_t(b)].boundary += 1;
        if (a > b)
            std::swap(a, b);
        Boundary &bd = boundaries[{a, b}];
        bd.length += 1;
        bd.step += step;
    };
    for (int y = 0; y < labels.rows; ++y)
        for (int x = 0; x < labels.cols; ++x) {
            const int a = labels.at<int>(y, x);
            const cv::Vec3f &p = lab.at<cv::Vec3f>(y, x);
            regions[size_t(a)].area += 1;
            regions[size_t(a)].sum += cv::Vec3d(p[0], p[1], p[2]);
            // a strip along the frame is as thin as one between two regions
            regions[size_t(a)].boundary += (x == 0) + (y == 0) + (x + 1 == labels.cols) + (y + 1 == labels.rows);
            if (x + 1 < labels.cols && labels.at<int>(y, x + 1) != a)
                touch(a, labels.at<int>(y, x + 1), colourStep(p, lab.at<cv::Vec3f>(y, x + 1)));
            if (y + 1 < labels.rows && labels.at<int>(y + 1, x) != a)
                touch(a, labels.at<int>(y + 1, x), colourStep(p, lab.at<cv::Vec3f>(y + 1, x)));
        }

    std::vector<int> target(static_cast<size_t>(count));
    std::iota(target.begin(), target.end(), 0);
    const double total = double(labels.rows) * labels.cols;
    // Regions below this size are "fragments" that should merge before any object-sized pair.
    const double objectSize = total / (3.0 * std::max(1, rules.maxRegions));
    // Too small, or a rim or crack a few pixels wide (little area for its boundary): never a mark of its own.
    const auto fragment = [&](const Region &r) {
        return r.area < rules.minSize || r.area < rules.thinRatio * r.boundary;
    };
    int alive = count;
    while (!boundaries.empty()) {
        bool anyFragment = false, background = false;
        for (const Region &r : regions) {
            anyFragment |= r.alive && fragment(r);
            background |= r.alive && r.area > rules.backgroundFraction * total;
        }
        double bestCost = std::numeric_limits<double>::max();
        std::pair<int, int> best{-1, -1};
        for (const auto &[key, bd] : boundaries) {
            const Region &ra = regions[size_t(key.first)], &rb = regions[size_t(key.second)];
            if (anyFragment && !fragment(ra) && !fragment(rb))
                continue;
            const double smaller = std::min(ra.area, rb.area);
            const cv::Vec3d d = ra.mean() - rb.mean();
            const double colour = std::sqrt(d.dot(d));
            const double edge = bd.step / bd.length;
            const double sizeWeight = std::sqrt(std::min(1.0, smaller / objectSize));
            const double cost = (rules.colourWeight * colour + edge) * sizeWeight;
            if (cost < bestCost) {
                bestCost = cost;
                best = key;
            }
        }
        // the background is no mark, so it does not count against the limit
        const int counted = alive - (background ? 1 : 0);
        if (best.first < 0 || (!anyFragment && counted <= rules.maxRegions && bestCost >= rules.weakBoundary))
            break;
        const int keep = best.first, gone = best.second;
        const double shared = boundaries[best].length;
        regions[size_t(keep)].area += regions[size_t(gone)].area;
        regions[size_t(keep)].sum += regions[size_t(gone)].sum;
        regions[size_t(keep)].boundary += regions[size_t(gone)].boundary - 2 * shared;
        regions[size_t(gone)].alive = false;
        for (int &t : target)
            if (t == gone)
                t = keep;
        --alive;
        std::map<std::pair<int, int>, Boundary> next;
        for (const auto &[key, bd] : boundaries) {
            int a = key.first == gone ? keep : key.first;
            int b = key.second == gone ? keep : key.second;
            if (a == b)
                continue;
            if (a > b)
                std::swap(a, b);
            Boundary &n = next[{a, b}];
            n.length += bd.length;
            n.step += bd.step;
        }
        boundaries.swap(next);
    }
    cv::Mat merged(labels.size(), CV_32S);
    for (int y = 0; y < labels.rows; ++y)
        for (int x = 0; x < labels.cols; ++x)
            merged.at<int>(y, x) = target[size_t(labels.at<int>(y, x))];
    return compact(merged, outCount);
}

} // namespace gc::seg::detail
