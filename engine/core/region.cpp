#include "region.h"

#include <cmath>

namespace gc {

const char *regionKindName(RegionKind k)
{
    switch (k) {
    case RegionKind::Box: return "box";
    case RegionKind::Point: return "point";
    case RegionKind::Mark: return "mark";
    case RegionKind::Mask: return "mask";
    case RegionKind::Polygon: return "polygon";
    case RegionKind::Quad: return "quad";
    }
    return "box";
}

std::optional<RegionKind> regionKindFromName(const std::string &name)
{
    for (RegionKind k : {RegionKind::Box, RegionKind::Point, RegionKind::Mark, RegionKind::Mask, RegionKind::Polygon,
                         RegionKind::Quad})
        if (name == regionKindName(k))
            return k;
    return std::nullopt;
}

Region Region::makeBox(const Box &b, std::string label)
{
    Region r;
    r.kind = RegionKind::Box;
    r.box = b;
    r.label = std::move(label);
    return r;
}

Region Region::makePoint(const PointF &p, bool positive, std::string label)
{
    Region r;
    r.kind = RegionKind::Point;
    r.points = {p};
    r.box = {p.x, p.y, p.x, p.y};
    r.positive = positive;
    r.label = std::move(label);
    return r;
}

Region Region::makePolygon(const Polygon &poly, std::string label)
{
    Region r;
    r.kind = RegionKind::Polygon;
    r.points = poly;
    r.box = boundingBox(poly);
    r.label = std::move(label);
    return r;
}

Region Region::makeQuad(const Polygon &quad, std::string label)
{
    Region r = makePolygon(quad, std::move(label));
    r.kind = RegionKind::Quad;
    return r;
}

Region Region::makeMaskSlot(int slot, std::string label)
{
    Region r;
    r.kind = RegionKind::Mask;
    r.maskSlot = slot;
    r.label = std::move(label);
    return r;
}

Region Region::scaled(double sx, double sy) const
{
    Region r = *this;
    r.box = box.scaled(sx, sy);
    for (PointF &p : r.points) {
        p.x *= sx;
        p.y *= sy;
    }
    return r;
}

bool Region::sameGeometry(const Region &o, double tol) const
{
    if (kind != o.kind || points.size() != o.points.size() || maskSlot != o.maskSlot)
        return false;
    const auto near = [tol](double a, double b) { return std::abs(a - b) <= tol; };
    if (!near(box.x1, o.box.x1) || !near(box.y1, o.box.y1) || !near(box.x2, o.box.x2) || !near(box.y2, o.box.y2))
        return false;
    for (size_t i = 0; i < points.size(); ++i)
        if (!near(points[i].x, o.points[i].x) || !near(points[i].y, o.points[i].y))
            return false;
    return true;
}

} // namespace gc
