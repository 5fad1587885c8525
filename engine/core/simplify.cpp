#include "simplify.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace gc {

namespace {

double segmentDistance(const PointF &p, const PointF &a, const PointF &b)
{
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::max(0.0, std::min(1.0, t));
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// One pass over the closed outline. The first vertex and the one farthest from it always stay, so the two
// chains between them are simplified each on its own; an explicit stack keeps deep outlines off the call stack.
Polygon douglasPeucker(const Polygon &poly, double tolerance)
{
    const size_t n = poly.size();
    size_t far = 0;
    double farDist = -1;
    for (size_t i = 1; i < n; ++i) {
        const double d = std::hypot(poly[i].x - poly[0].x, poly[i].y - poly[0].y);
        if (d > farDist) {
            farDist = d;
            far = i;
        }
    }
    std::vector<bool> keep(n + 1, false);
    keep[0] = keep[far] = keep[n] = true; // index n is vertex 0 again, closing the outline
    const auto at = [&](size_t i) -> const PointF & { return poly[i % n]; };
    std::vector<std::pair<size_t, size_t>> spans{{0, far}, {far, n}};
    while (!spans.empty()) {
        const auto [from, to] = spans.back();
        spans.pop_back();
        size_t worst = from;
        double worstDist = tolerance;
        for (size_t i = from + 1; i < to; ++i) {
            const double d = segmentDistance(at(i), at(from), at(to));
            if (d > worstDist) {
                worstDist = d;
                worst = i;
            }
        }
        if (worst != from) {
            keep[worst] = true;
            spans.emplace_back(from, worst);
            spans.emplace_back(worst, to);
        }
    }
    // an outline keeps an area: with the chains flat at this tolerance, the vertex farthest from them stays
    if (std::count(keep.begin(), keep.end() - 1, true) < 3) {
        size_t apex = 1;
        for (size_t i = 1; i < n; ++i)
            if (i != far && segmentDistance(poly[i], poly[0], poly[far]) > segmentDistance(poly[apex], poly[0], poly[far]))
                apex = i;
        keep[apex] = true;
    }
    Polygon out;
    for (size_t i = 0; i < n; ++i)
        if (keep[i])
            out.push_back(poly[i]);
    return out;
}

} // namespace

SimplifiedOutline simplifyOutline(const Polygon &poly, double tolerance, size_t maxPoints)
{
    SimplifiedOutline out{poly, 0};
    // each pass works on the previous one's result, so their tolerances add up
    for (double t = std::max(tolerance, 1e-9); out.points.size() > std::max<size_t>(maxPoints, 3); t *= 2) {
        out.points = douglasPeucker(out.points, t);
        out.maxDeviation += t;
    }
    return out;
}

} // namespace gc
