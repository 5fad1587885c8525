// Outlines with too many vertices are bounded, and stay close to what they were.
#include "core/simplify.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace gc;

namespace {

double segmentDistance(const PointF &p, const PointF &a, const PointF &b)
{
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0;
    return std::hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

double distanceToOutline(const PointF &p, const Polygon &outline)
{
    double best = INFINITY;
    for (size_t i = 0; i < outline.size(); ++i)
        best = std::min(best, segmentDistance(p, outline[i], outline[(i + 1) % outline.size()]));
    return best;
}

} // namespace

// A traced outline of 200k vertices that crosses itself all along (neighbours swap places), around a circle of
// radius 400 in a 1000x1000 image.
TEST(Simplify, A200kVertexSelfIntersectingOutlineIsBoundedWithinAFewPixels)
{
    constexpr size_t n = 200000;
    constexpr double kPi = 3.14159265358979323846, r = 400;
    Polygon poly;
    poly.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const double a = 2 * kPi * (double(i) + (i % 2 ? 1.6 : -1.6)) / n; // every pair crosses over
        const double radius = r + 1.5 * std::sin(double(i) * 0.7);
        poly.push_back({500 + radius * std::cos(a), 500 + radius * std::sin(a)});
    }
    const double diagonal = std::hypot(1000.0, 1000.0);
    const SimplifiedOutline s = simplifyOutline(poly, diagonal * 1e-4, 1000);
    EXPECT_LE(s.points.size(), 1000u);
    // one-sided Hausdorff distance (the kept vertices are original ones), on every 7th vertex
    double worst = 0;
    for (size_t i = 0; i < n; i += 7)
        worst = std::max(worst, distanceToOutline(poly[i], s.points));
    EXPECT_LE(worst, s.maxDeviation + 1e-9);
    // and the other side: the simplified edges stay within the ring the original fills (radius r +- 1.5)
    for (size_t i = 0; i < s.points.size(); ++i)
        for (double t = 0; t < 1; t += 0.1) {
            const PointF &a = s.points[i], &b = s.points[(i + 1) % s.points.size()];
            const double off = std::hypot(a.x + t * (b.x - a.x) - 500, a.y + t * (b.y - a.y) - 500) - r;
            EXPECT_LE(std::abs(off), 1.5 + s.maxDeviation);
        }
    EXPECT_LE(s.maxDeviation, 0.01 * diagonal);
    const double circle = kPi * r * r;
    EXPECT_NEAR(polygonArea(s.points) / circle, 1.0, 0.02);
}

TEST(Simplify, OutlinesWithinTheCapComeBackAsTheyAre)
{
    const Polygon square{{0, 0}, {10, 0}, {10, 0.001}, {10, 10}, {0, 10}};
    const SimplifiedOutline s = simplifyOutline(square, 1, 5);
    EXPECT_EQ(s.points, square);
    EXPECT_EQ(s.maxDeviation, 0);
}

// However large the tolerance has to grow, an outline keeps three vertices and so an area.
TEST(Simplify, AnOutlineKeepsAnArea)
{
    Polygon zigzag;
    for (int i = 0; i < 50; ++i)
        zigzag.push_back({double(i), i % 2 ? 0.5 : 0.0});
    const SimplifiedOutline s = simplifyOutline(zigzag, 0.01, 2);
    EXPECT_EQ(s.points.size(), 3u);
    EXPECT_GT(polygonArea(s.points), 0);
}
