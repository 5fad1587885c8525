#include "geometry.h"

#include <cmath>
#include <limits>

namespace gc {

Box Box::ordered() const
{
    return {std::min(x1, x2), std::min(y1, y2), std::max(x1, x2), std::max(y1, y2)};
}

double iou(const Box &a, const Box &b)
{
    const double ix = std::max(0.0, std::min(a.x2, b.x2) - std::max(a.x1, b.x1));
    const double iy = std::max(0.0, std::min(a.y2, b.y2) - std::max(a.y1, b.y1));
    const double inter = ix * iy;
    const double uni = a.area() + b.area() - inter;
    return uni > 0 ? inter / uni : 0.0;
}

double polygonArea(const Polygon &poly)
{
    double s = 0;
    const size_t n = poly.size();
    for (size_t i = 0; i < n; ++i) {
        const PointF &p = poly[i];
        const PointF &q = poly[(i + 1) % n];
        s += p.x * q.y - q.x * p.y;
    }
    return std::abs(s) / 2;
}

Box boundingBox(const Polygon &poly)
{
    if (poly.empty())
        return {};
    Box b{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
          std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
    for (const PointF &p : poly) {
        b.x1 = std::min(b.x1, p.x);
        b.y1 = std::min(b.y1, p.y);
        b.x2 = std::max(b.x2, p.x);
        b.y2 = std::max(b.y2, p.y);
    }
    return b;
}

double clampFlag(double v, double lo, double hi, bool *clamped)
{
    if (std::isnan(v)) {
        if (clamped)
            *clamped = true;
        return lo;
    }
    if (v < lo || v > hi) {
        if (clamped)
            *clamped = true;
        return v < lo ? lo : hi;
    }
    return v;
}

} // namespace gc
