#include "outlinebound.h"

#include "core/simplify.h"

#include <cmath>

namespace OutlineBound {

double apply(RegionItem &region, const QSize &imageSize)
{
    if (region.points.size() <= kMaxPoints)
        return 0;
    gc::Polygon outline;
    outline.reserve(size_t(region.points.size()));
    for (const QPointF &p : region.points)
        outline.push_back({p.x(), p.y()});
    const double diagonal = std::hypot(double(imageSize.width()), double(imageSize.height()));
    const gc::SimplifiedOutline s = gc::simplifyOutline(outline, diagonal * 1e-4, size_t(kMaxPoints));
    region.points.clear();
    region.points.reserve(qsizetype(s.points.size()));
    for (const gc::PointF &p : s.points)
        region.points.append(QPointF(p.x, p.y));
    return s.maxDeviation;
}

} // namespace OutlineBound
