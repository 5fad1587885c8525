#include "segment/mask_refine.h"

#include "segment/cv_bridge.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace gc::seg {

namespace {

cv::Point clampedPixel(const PointF &p, int w, int h)
{
    return {std::clamp(int(std::floor(p.x)), 0, w - 1), std::clamp(int(std::floor(p.y)), 0, h - 1)};
}

// Index of the component (1..n-1) with the most pixels inside `roi`, or 0 when there is none.
int largestComponentIn(const cv::Mat &labels, int n, const cv::Rect &roi)
{
    std::vector<long long> count(size_t(n), 0);
    for (int y = roi.y; y < roi.y + roi.height; ++y) {
        const int *row = labels.ptr<int>(y);
        for (int x = roi.x; x < roi.x + roi.width; ++x)
            ++count[size_t(row[x])];
    }
    int best = 0;
    for (int i = 1; i < n; ++i)
        if (count[size_t(i)] > 0 && (best == 0 || count[size_t(i)] > count[size_t(best)]))
            best = i;
    return best;
}

void fillSmallHoles(cv::Mat &m, const Prompts &prompts, double maxHoleFraction)
{
    const double objectArea = cv::countNonZero(m);
    cv::Mat background = (m == 0);
    cv::Mat labels, stats, centroids;
    // 4-connected background against the 8-connected object: the usual dual pairing, so a diagonal
    // gap in the outline does not make a hole look open.
    const int n = cv::connectedComponentsWithStats(background, labels, stats, centroids, 4, CV_32S);
    std::vector<char> fill(size_t(n), 0);
    for (int i = 1; i < n; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        const bool touchesBorder = x == 0 || y == 0 || x + w == m.cols || y + h == m.rows;
        fill[size_t(i)] = !touchesBorder && stats.at<int>(i, cv::CC_STAT_AREA) < maxHoleFraction * objectArea;
    }
    for (const PointPrompt &p : prompts.points)
        if (!p.positive)
            fill[size_t(labels.at<int>(clampedPixel(p.point, m.cols, m.rows)))] = 0;
    for (int y = 0; y < m.rows; ++y) {
        const int *lab = labels.ptr<int>(y);
        uint8_t *row = m.ptr<uint8_t>(y);
        for (int x = 0; x < m.cols; ++x)
            if (fill[size_t(lab[x])])
                row[x] = 255;
    }
}

} // namespace

Mask refineMask(const Mask &raw, const Prompts &prompts, const RefineOptions &options)
{
    if (raw.width <= 0 || raw.height <= 0)
        return raw;
    const Box bb = raw.bbox();
    if (bb.area() <= 0)
        return Mask(raw.width, raw.height);
    cv::Mat m = detail::maskView(raw) != 0;

    if (options.morphologyFraction > 0) {
        int k = int(std::lround(std::min(bb.width(), bb.height()) * options.morphologyFraction));
        k = std::clamp(k, 3, 15) | 1;
        const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, {k, k});
        cv::Mat cleaned;
        cv::morphologyEx(m, cleaned, cv::MORPH_OPEN, kernel);
        cv::morphologyEx(cleaned, cleaned, cv::MORPH_CLOSE, kernel);
        // An opening can erase a thin object altogether; a raw mask beats an empty one.
        if (cv::countNonZero(cleaned) > 0)
            m = cleaned;
    }

    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(m, labels, stats, centroids, 8, CV_32S);
    std::vector<char> keep(size_t(n), 0);
    bool seeded = false;
    for (const PointPrompt &p : prompts.points) {
        if (!p.positive)
            continue;
        const int l = labels.at<int>(clampedPixel(p.point, m.cols, m.rows));
        if (l > 0) {
            keep[size_t(l)] = 1;
            seeded = true;
        }
    }
    if (!seeded) {
        cv::Rect roi(0, 0, m.cols, m.rows);
        if (prompts.box) {
            const Box b = prompts.box->ordered();
            const cv::Rect r(cv::Point(int(std::floor(b.x1)), int(std::floor(b.y1))),
                             cv::Point(int(std::ceil(b.x2)), int(std::ceil(b.y2))));
            if ((r & roi).area() > 0)
                roi &= r;
        }
        if (const int l = largestComponentIn(labels, n, roi); l > 0)
            keep[size_t(l)] = 1;
    }
    for (int y = 0; y < m.rows; ++y) {
        const int *lab = labels.ptr<int>(y);
        uint8_t *row = m.ptr<uint8_t>(y);
        for (int x = 0; x < m.cols; ++x)
            row[x] = keep[size_t(lab[x])] ? 255 : 0;
    }
    if (options.maxHoleFraction > 0)
        fillSmallHoles(m, prompts, options.maxHoleFraction);
    return detail::toMask(m);
}

} // namespace gc::seg
