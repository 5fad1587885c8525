#include "segment/marks.h"

#include "segment/cv_bridge.h"
#include "segment/graph_segmentation.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace gc::seg {

namespace {

// Distance to the region's edge for every region pixel, with the image border counting as an edge
// (a number against the frame is as cramped as one against a neighbour).
cv::Mat depthMap(const cv::Mat &region)
{
    cv::Mat padded;
    cv::copyMakeBorder(region, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
    cv::Mat dist;
    cv::distanceTransform(padded, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    return dist(cv::Rect(1, 1, region.cols, region.rows)).clone();
}

// The deepest pixel of `region` (CV_8U, non-zero inside) at least `clearance` from every taken point,
// all in the region's own pixel grid; falls back to the deepest pixel overall.
cv::Point deepestFreePoint(const cv::Mat &region, const std::vector<cv::Point2d> &taken, double clearance)
{
    cv::Mat depth = depthMap(region);
    double maxAll = 0;
    cv::Point bestAll(-1, -1);
    cv::minMaxLoc(depth, nullptr, &maxAll, nullptr, &bestAll);
    cv::Mat free = depth.clone();
    for (const cv::Point2d &t : taken)
        cv::circle(free, cv::Point(int(std::lround(t.x)), int(std::lround(t.y))), int(std::ceil(clearance)), 0.0, cv::FILLED);
    double maxFree = 0;
    cv::Point bestFree(-1, -1);
    cv::minMaxLoc(free, nullptr, &maxFree, nullptr, &bestFree);
    return maxFree > 0 ? bestFree : bestAll;
}

} // namespace

double markLabelRadius(int width, int height)
{
    return std::max(8.0, 0.022 * std::sqrt(double(width) * double(height)));
}

PointF placeMarkLabel(const Mask &region, const std::vector<PointF> &taken, double radius)
{
    const Box bb = region.bbox();
    if (bb.area() <= 0)
        return bb.center();
    std::vector<cv::Point2d> pts;
    for (const PointF &p : taken)
        pts.emplace_back(p.x - 0.5, p.y - 0.5);
    const cv::Point best = deepestFreePoint(detail::maskView(region) != 0, pts, 2 * radius);
    return {best.x + 0.5, best.y + 0.5};
}

void renumberMarks(std::vector<Mark> &marks, double radius)
{
    const double row = std::max(1.0, 2 * radius);
    std::stable_sort(marks.begin(), marks.end(), [row](const Mark &a, const Mark &b) {
        const double ra = std::floor(a.label.y / row), rb = std::floor(b.label.y / row);
        return ra != rb ? ra < rb : a.label.x < b.label.x;
    });
    for (size_t i = 0; i < marks.size(); ++i)
        marks[i].number = int(i) + 1;
}

Mark makeMark(const Mask &region, int number, const std::vector<PointF> &taken, double radius)
{
    Mark m;
    m.number = number;
    m.bbox = region.bbox();
    m.area = region.area();
    m.rle = rleEncode(region);
    m.label = placeMarkLabel(region, taken, radius);
    return m;
}

MarksResult generateMarks(const io::RgbImage &image, const MarkOptions &options)
{
    MarksResult res;
    const auto t0 = std::chrono::steady_clock::now();
    if (image.width <= 0 || image.height <= 0 || image.pixels.size() != size_t(image.width) * image.height * 3) {
        res.error = "empty or malformed image";
        return res;
    }
    if (options.maxMarks < 1) {
        res.error = "maxMarks must be at least 1";
        return res;
    }
    try {
        const int W = image.width, H = image.height;
        const double s = std::min(1.0, double(std::max(16, options.workingSide)) / std::max(W, H));
        const cv::Size work(std::max(1, int(std::lround(W * s))), std::max(1, int(std::lround(H * s))));
        cv::Mat small;
        cv::resize(detail::rgbView(image), small, work, 0, 0, cv::INTER_AREA);
        // A light blur keeps sensor noise and JPEG blocks from becoming superpixel boundaries.
        cv::GaussianBlur(small, small, cv::Size(0, 0), 0.8);
        cv::Mat lab;
        small.convertTo(lab, CV_32FC3, 1.0 / 255.0);
        cv::cvtColor(lab, lab, cv::COLOR_RGB2Lab);

        const double pixels = double(work.area());
        const int minSize = std::max(4, int(options.minRegionFraction * pixels));
        int count = 0;
        const cv::Mat super = detail::graphSegment(lab, options.scale, std::max(4, minSize / 4), &count);
        detail::MergeRules rules;
        rules.maxRegions = options.maxMarks;
        rules.minSize = minSize;
        rules.backgroundFraction = options.backgroundFraction;
        int regions = 0;
        const cv::Mat labels = detail::mergeRegions(super, count, lab, rules, &regions);

        const double radius = options.labelRadius > 0 ? options.labelRadius : markLabelRadius(W, H);
        cv::Mat fullLabels;
        cv::resize(labels, fullLabels, cv::Size(W, H), 0, 0, cv::INTER_NEAREST);

        // Thin regions first: they have the fewest places for a number, so they choose before the big ones.
        struct Candidate {
            int id;
            double area;
        };
        // The background (over backgroundFraction of the image) gets no mark: it would tint everything. Nor do
        // patches of it cut off by objects (a corner behind a disc): regions of the background's own colour.
        std::vector<Candidate> all;
        std::vector<cv::Scalar> colour;
        int background = -1;
        for (int i = 0; i < regions; ++i) {
            const cv::Mat inside = labels == i;
            all.push_back({i, double(cv::countNonZero(inside))});
            colour.push_back(cv::mean(lab, inside));
            if (all.back().area > options.backgroundFraction * pixels)
                background = i;
        }
        std::vector<Candidate> order;
        for (const Candidate &c : all)
            if (background < 0 || (c.id != background && cv::norm(colour[size_t(c.id)] - colour[size_t(background)]) >=
                                                             options.backgroundColourDistance))
                order.push_back(c);
        std::sort(order.begin(), order.end(), [](const Candidate &a, const Candidate &b) { return a.area < b.area; });

        std::vector<cv::Point2d> takenWork; // label centres in working pixels
        for (const Candidate &c : order) {
            const cv::Mat regionWork = labels == c.id;
            cv::Point p = deepestFreePoint(regionWork, takenWork, 2 * radius * s);
            takenWork.emplace_back(p.x, p.y);
            const Mask region = detail::toMask(fullLabels == c.id);
            if (region.area() == 0)
                continue;
            Mark m;
            m.bbox = region.bbox();
            m.area = region.area();
            m.rle = rleEncode(region);
            // Centre of the working pixel, mapped to full resolution; nearest-neighbour upscaling put
            // that whole block into the region.
            m.label = {(p.x + 0.5) / s, (p.y + 0.5) / s};
            m.label.x = std::clamp(m.label.x, 0.5, W - 0.5);
            m.label.y = std::clamp(m.label.y, 0.5, H - 0.5);
            if (!region.at(int(m.label.x), int(m.label.y))) // rounding at a block edge: ask the full mask
                m.label = placeMarkLabel(region, {}, radius);
            res.marks.push_back(std::move(m));
        }
        renumberMarks(res.marks, radius);
    } catch (const cv::Exception &e) {
        res.marks.clear();
        res.error = std::string("mark generation failed: ") + e.what();
    }
    res.elapsedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

} // namespace gc::seg
