#include "segment/mask_polygon.h"

#include "segment/cv_bridge.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace gc::seg {

namespace {

Polygon toPolygon(const std::vector<cv::Point> &contour, double epsilon)
{
    std::vector<cv::Point> pts;
    if (epsilon > 0 && contour.size() > 3)
        cv::approxPolyDP(contour, pts, epsilon, true);
    else
        pts = contour;
    Polygon poly;
    poly.reserve(pts.size());
    for (const cv::Point &p : pts)
        poly.push_back({p.x + 0.5, p.y + 0.5});
    return poly;
}

std::vector<cv::Point> toContour(const Polygon &poly)
{
    std::vector<cv::Point> pts;
    pts.reserve(poly.size());
    for (const PointF &p : poly)
        pts.emplace_back(int(std::floor(p.x)), int(std::floor(p.y)));
    return pts;
}

} // namespace

std::vector<MaskPolygon> maskToPolygons(const Mask &mask, const PolygonOptions &options)
{
    std::vector<MaskPolygon> out;
    if (mask.width <= 0 || mask.height <= 0 || mask.area() == 0)
        return out;
    cv::Mat m = detail::maskView(mask) != 0;
    std::vector<std::vector<cv::Point>> contours;
    std::vector<cv::Vec4i> hierarchy;
    // Two levels: outer boundaries and the holes directly inside them; an island inside a hole comes
    // back as another outer boundary, which is what an exporter wants.
    cv::findContours(m, contours, hierarchy, cv::RETR_CCOMP, cv::CHAIN_APPROX_NONE);
    for (size_t i = 0; i < contours.size(); ++i) {
        if (hierarchy[i][3] >= 0)
            continue; // a hole; collected with its parent below
        MaskPolygon piece;
        piece.outer = toPolygon(contours[i], options.epsilon);
        if (options.minArea > 0 && polygonArea(piece.outer) < options.minArea)
            continue;
        for (int c = hierarchy[i][2]; c >= 0; c = hierarchy[size_t(c)][0]) {
            Polygon hole = toPolygon(contours[size_t(c)], options.epsilon);
            if (options.minArea > 0 && polygonArea(hole) < options.minArea)
                continue;
            piece.holes.push_back(std::move(hole));
        }
        out.push_back(std::move(piece));
    }
    return out;
}

Mask polygonsToMask(const std::vector<MaskPolygon> &polygons, int width, int height)
{
    if (width <= 0 || height <= 0)
        return {};
    cv::Mat m = cv::Mat::zeros(height, width, CV_8UC1);
    // Outers first, then every hole: an island inside a hole is its own outer and must survive the
    // clearing, so it is drawn again at the end.
    for (const MaskPolygon &piece : polygons) {
        const std::vector<std::vector<cv::Point>> outer{toContour(piece.outer)};
        cv::fillPoly(m, outer, 1, cv::LINE_8);
        cv::polylines(m, outer, true, 1, 1, cv::LINE_8);
    }
    for (const MaskPolygon &piece : polygons)
        for (const Polygon &hole : piece.holes) {
            const std::vector<std::vector<cv::Point>> ring{toContour(hole)};
            cv::fillPoly(m, ring, 0, cv::LINE_8);
            cv::polylines(m, ring, true, 1, 1, cv::LINE_8);
        }
    for (const MaskPolygon &piece : polygons) {
        bool insideSomeHole = false;
        for (const MaskPolygon &other : polygons)
            for (const Polygon &hole : other.holes)
                if (&other != &piece && !piece.outer.empty()
                    && cv::pointPolygonTest(toContour(hole), cv::Point2f(float(piece.outer[0].x - 0.5), float(piece.outer[0].y - 0.5)), false) > 0)
                    insideSomeHole = true;
        if (insideSomeHole) {
            const std::vector<std::vector<cv::Point>> outer{toContour(piece.outer)};
            cv::fillPoly(m, outer, 1, cv::LINE_8);
            cv::polylines(m, outer, true, 1, 1, cv::LINE_8);
        }
    }
    return detail::toMask(m);
}

std::vector<std::vector<double>> cocoPolygons(const std::vector<MaskPolygon> &polygons)
{
    std::vector<std::vector<double>> out;
    for (const MaskPolygon &piece : polygons) {
        if (piece.outer.size() < 3)
            continue; // COCO wants at least a triangle
        std::vector<double> flat;
        flat.reserve(piece.outer.size() * 2);
        for (const PointF &p : piece.outer) {
            flat.push_back(p.x);
            flat.push_back(p.y);
        }
        out.push_back(std::move(flat));
    }
    return out;
}

} // namespace gc::seg
