#include "segment/marks.h"

#include "segment/cv_bridge.h"
#include "segment/graph_segmentation.h"

#include "core/tiling.h"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace gc::seg {

namespace {

// A very large image is cut into at most this many tiles a side (64 segmentations in all).
constexpr int kMaxMarkTilesASide = 8;

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

// A region found by one segmentation pass, at the image's resolution: its tight box in the image and its
// pixels within that box (CV_8U, 255 inside).
struct Piece {
    cv::Rect box;
    cv::Mat pixels;
    long long area = 0;
};

// The regions of `rgb` (a view of the image at `offset`) that are not its background, in image pixels.
// The over-segmentation runs at options.workingSide; each region's pixels come from the labels scaled back up.
std::vector<Piece> segmentPass(const cv::Mat &rgb, cv::Point offset, const MarkOptions &options, double minRegionFraction)
{
    const int W = rgb.cols, H = rgb.rows;
    const double s = std::min(1.0, double(std::max(16, options.workingSide)) / std::max(W, H));
    const cv::Size work(std::max(1, int(std::lround(W * s))), std::max(1, int(std::lround(H * s))));
    cv::Mat small;
    cv::resize(rgb, small, work, 0, 0, cv::INTER_AREA);
    // A light blur keeps sensor noise and JPEG blocks from becoming superpixel boundaries.
    cv::GaussianBlur(small, small, cv::Size(0, 0), 0.8);
    cv::Mat lab;
    small.convertTo(lab, CV_32FC3, 1.0 / 255.0);
    cv::cvtColor(lab, lab, cv::COLOR_RGB2Lab);

    const double pixels = double(work.area());
    const int minSize = std::max(4, int(minRegionFraction * pixels));
    int count = 0;
    const cv::Mat super = detail::graphSegment(lab, options.scale, std::max(4, minSize / 4), &count);
    detail::MergeRules rules;
    rules.maxRegions = options.maxMarks;
    rules.minSize = minSize;
    rules.backgroundFraction = options.backgroundFraction;
    int regions = 0;
    const cv::Mat labels = detail::mergeRegions(super, count, lab, rules, &regions);

    // The background (over backgroundFraction of the view) gets no mark: it would tint everything. Nor do
    // patches of it cut off by objects (a corner behind a disc): regions of the background's own colour.
    std::vector<double> area(static_cast<size_t>(regions), 0.0);
    std::vector<cv::Scalar> meanLab(static_cast<size_t>(regions));
    std::vector<cv::Rect> workBox(static_cast<size_t>(regions)); // at the working size
    int background = -1;
    for (int i = 0; i < regions; ++i) {
        const cv::Mat inside = labels == i;
        area[size_t(i)] = cv::countNonZero(inside);
        meanLab[size_t(i)] = cv::mean(lab, inside);
        workBox[size_t(i)] = cv::boundingRect(inside);
        if (area[size_t(i)] > options.backgroundFraction * pixels)
            background = i;
    }
    cv::Mat fullLabels;
    cv::resize(labels, fullLabels, cv::Size(W, H), 0, 0, cv::INTER_NEAREST);
    std::vector<Piece> out;
    for (int i = 0; i < regions; ++i) {
        if (background >= 0 && (i == background || cv::norm(meanLab[size_t(i)] - meanLab[size_t(background)]) <
                                                       options.backgroundColourDistance))
            continue;
        // the region's box at the working size, grown by a working pixel, bounds it at full size
        const cv::Rect &wb = workBox[size_t(i)];
        const cv::Rect near = cv::Rect(int(std::floor((wb.x - 1) / s)), int(std::floor((wb.y - 1) / s)),
                                       int(std::ceil((wb.width + 2) / s)) + 1, int(std::ceil((wb.height + 2) / s)) + 1) &
                              cv::Rect(0, 0, W, H);
        const cv::Mat inside = fullLabels(near) == i;
        const cv::Rect tight = cv::boundingRect(inside);
        if (tight.area() == 0)
            continue;
        Piece p;
        p.pixels = inside(tight).clone();
        p.area = cv::countNonZero(p.pixels);
        p.box = tight + near.tl() + offset;
        out.push_back(std::move(p));
    }
    return out;
}

// Overlapping tiles of about `tileSide` for an image more than twice that on its longest side (none
// otherwise): each side cut into as many spans as it needs, neighbours sharing kTileOverlap of a span.
std::vector<cv::Rect> markTiles(int width, int height, int tileSide)
{
    std::vector<cv::Rect> out;
    if (tileSide <= 0 || std::max(width, height) <= 2 * tileSide)
        return out;
    const auto count = [tileSide](int side) {
        int n = 1;
        while (n < kMaxMarkTilesASide && side / (n - kTileOverlap * (n - 1)) > tileSide)
            ++n;
        return n;
    };
    for (const Tile &t : tilesOf({width, height}, {count(width), count(height)}))
        if (!t.global)
            out.emplace_back(int(t.box.x1), int(t.box.y1), int(t.box.x2 - t.box.x1), int(t.box.y2 - t.box.y1));
    return out;
}

Box toBox(const cv::Rect &r) { return {double(r.x), double(r.y), double(r.x + r.width), double(r.y + r.height)}; }

// The marks: regions found by the tiles once each (the same object seen whole by two tiles, or by a tile and
// the whole image, is one region; the tile's, drawn at full resolution, is kept), the largest `maxMarks`,
// then each pixel given to the smallest region holding it, so that a small object on a large surface is its
// own mark and the surface's mark has a hole. A region left with less than half its pixels is dropped.
std::vector<Piece> choosePieces(std::vector<Piece> whole, std::vector<Piece> tiles, int maxMarks)
{
    std::vector<Piece> all;
    std::sort(tiles.begin(), tiles.end(), [](const Piece &a, const Piece &b) { return a.area > b.area; });
    for (Piece &p : tiles)
        if (std::none_of(all.begin(), all.end(), [&p](const Piece &q) { return iou(toBox(p.box), toBox(q.box)) >= 0.5; }))
            all.push_back(std::move(p));
    const size_t fromTiles = all.size();
    for (Piece &p : whole)
        if (std::none_of(all.begin(), all.begin() + long(fromTiles), [&p](const Piece &q) { return iou(toBox(p.box), toBox(q.box)) >= 0.5; }))
            all.push_back(std::move(p));
    std::stable_sort(all.begin(), all.end(), [](const Piece &a, const Piece &b) { return a.area > b.area; });
    if (all.size() > size_t(maxMarks))
        all.resize(size_t(maxMarks));
    if (fromTiles == 0)
        return all; // one pass: its regions do not overlap

    std::vector<Piece> out;
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        Piece &p = *it;
        for (const Piece &q : out) {
            const cv::Rect both = p.box & q.box;
            if (both.area() > 0)
                p.pixels(both - p.box.tl()).setTo(0, q.pixels(both - q.box.tl()));
        }
        const long long left = cv::countNonZero(p.pixels);
        if (2 * left < p.area)
            continue;
        const cv::Rect tight = cv::boundingRect(p.pixels);
        p.pixels = p.pixels(tight).clone();
        p.box = tight + p.box.tl();
        p.area = left;
        out.push_back(std::move(p));
    }
    return out;
}

// Where the number of `p` goes (image pixels): its thickest point clear of the taken numbers, found on the
// region's box (shrunk for a large region; the distance peak moves by less than the shrink).
PointF labelPoint(const Piece &p, const std::vector<PointF> &taken, double radius)
{
    constexpr int kPlacementSide = 400;
    const double f = std::min(1.0, double(kPlacementSide) / std::max(p.box.width, p.box.height));
    cv::Mat region = p.pixels;
    if (f < 1) {
        cv::resize(p.pixels, region, cv::Size(std::max(1, int(std::lround(p.box.width * f))), std::max(1, int(std::lround(p.box.height * f)))),
                   0, 0, cv::INTER_AREA);
        region = region >= 128;
    }
    std::vector<cv::Point2d> local;
    for (const PointF &t : taken)
        local.emplace_back((t.x - p.box.x) * f - 0.5, (t.y - p.box.y) * f - 0.5);
    const cv::Point best = deepestFreePoint(region, local, 2 * radius * f);
    PointF at{p.box.x + (best.x + 0.5) / f, p.box.y + (best.y + 0.5) / f};
    const int x = int(at.x) - p.box.x, y = int(at.y) - p.box.y;
    if (best.x < 0 || x < 0 || y < 0 || x >= p.box.width || y >= p.box.height || !p.pixels.at<uint8_t>(y, x)) {
        // shrinking lost the region or moved the point off it: place on the full-size pixels
        std::vector<cv::Point2d> exactTaken;
        for (const PointF &t : taken)
            exactTaken.emplace_back(t.x - p.box.x - 0.5, t.y - p.box.y - 0.5);
        const cv::Point exact = deepestFreePoint(p.pixels, exactTaken, 2 * radius);
        at = {p.box.x + exact.x + 0.5, p.box.y + exact.y + 0.5};
    }
    return at;
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
        const cv::Mat rgb = detail::rgbView(image);
        std::vector<Piece> whole = segmentPass(rgb, {0, 0}, options, options.minRegionFraction);
        std::vector<Piece> small;
        const std::vector<cv::Rect> tiles = markTiles(W, H, options.tileSide);
        if (!tiles.empty()) {
            std::vector<std::vector<Piece>> perTile(tiles.size());
            cv::parallel_for_(cv::Range(0, int(tiles.size())), [&](const cv::Range &range) {
                for (int t = range.start; t < range.end; ++t) {
                    const cv::Rect &r = tiles[size_t(t)];
                    // a region cut by the tile's edge inside the image lies whole in a neighbouring tile (when
                    // smaller than the overlap) or is large enough for the whole image's pass
                    for (Piece &p : segmentPass(rgb(r), r.tl(), options, options.tileMinRegionFraction))
                        if (!cutByInnerEdge(toBox(p.box), toBox(r), {W, H}))
                            perTile[size_t(t)].push_back(std::move(p));
                }
            });
            for (std::vector<Piece> &found : perTile)
                for (Piece &p : found)
                    small.push_back(std::move(p));
        }
        std::vector<Piece> pieces = choosePieces(std::move(whole), std::move(small), options.maxMarks);

        const double radius = options.labelRadius > 0 ? options.labelRadius : markLabelRadius(W, H);
        // Thin regions first: they have the fewest places for a number, so they choose before the big ones.
        std::sort(pieces.begin(), pieces.end(), [](const Piece &a, const Piece &b) { return a.area < b.area; });
        std::vector<PointF> taken;
        Mask full(W, H);
        for (const Piece &p : pieces) {
            Mark m;
            m.label = labelPoint(p, taken, radius);
            taken.push_back(m.label);
            m.bbox = toBox(p.box);
            m.area = p.area;
            cv::Mat view = detail::maskView(full)(p.box);
            cv::threshold(p.pixels, view, 0, 1, cv::THRESH_BINARY);
            m.rle = rleEncode(full);
            view.setTo(0);
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
