#include "common.h"

#include "core/utf8.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace gc::dialects {

std::optional<double> parseNumber(std::string_view s)
{
    if (s.empty() || s.size() > 40)
        return std::nullopt;
    size_t i = 0;
    if (s[i] == '-' || s[i] == '+')
        ++i;
    size_t digits = 0;
    bool dot = false;
    for (; i < s.size(); ++i) {
        if (s[i] >= '0' && s[i] <= '9')
            ++digits;
        else if (s[i] == '.' && !dot)
            dot = true;
        else
            return std::nullopt;
    }
    if (digits == 0)
        return std::nullopt;
    const std::string copy(s);
    const double v = std::strtod(copy.c_str(), nullptr);
    if (!std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<int> parseIndex(std::string_view s)
{
    if (s.empty() || s.size() > 9)
        return std::nullopt;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

size_t stableLength(std::string_view raw, bool partial, size_t longestTag)
{
    if (!partial)
        return raw.size();
    size_t n = raw.size() - utf8::incompleteTail(raw);
    const size_t lt = raw.substr(0, n).rfind('<');
    if (lt != std::string_view::npos && n - lt <= longestTag && raw.substr(lt, n - lt).find('>') == std::string_view::npos)
        n = lt;
    return n;
}

Region unitBoxRegion(Box unit, std::string label)
{
    Region r;
    r.kind = RegionKind::Box;
    r.label = std::move(label);
    if (!unit.isOrdered()) {
        r.reordered = true;
        unit = unit.ordered();
    }
    bool clamped = false;
    unit.x1 = clampFlag(unit.x1, 0, 1, &clamped);
    unit.y1 = clampFlag(unit.y1, 0, 1, &clamped);
    unit.x2 = clampFlag(unit.x2, 0, 1, &clamped);
    unit.y2 = clampFlag(unit.y2, 0, 1, &clamped);
    r.clamped = clamped;
    r.box = unit;
    return r;
}

Region unitPointRegion(PointF unit, std::string label)
{
    bool clamped = false;
    unit.x = clampFlag(unit.x, 0, 1, &clamped);
    unit.y = clampFlag(unit.y, 0, 1, &clamped);
    Region r = Region::makePoint(unit, true, std::move(label));
    r.clamped = clamped;
    return r;
}

Region unitPolygonRegion(Polygon unit, bool quad, std::string label)
{
    bool clamped = false;
    for (PointF &p : unit) {
        p.x = clampFlag(p.x, 0, 1, &clamped);
        p.y = clampFlag(p.y, 0, 1, &clamped);
    }
    Region r = quad ? Region::makeQuad(unit, std::move(label)) : Region::makePolygon(unit, std::move(label));
    r.clamped = clamped;
    return r;
}

std::string formatFixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

Box unitBoxOf(const PromptRegion &r, SizeI image)
{
    const double w = image.width > 0 ? image.width : 1;
    const double h = image.height > 0 ? image.height : 1;
    if (r.kind == RegionKind::Point)
        return {r.point.x / w, r.point.y / h, r.point.x / w, r.point.y / h};
    const Box b = r.box.ordered();
    return {b.x1 / w, b.y1 / h, b.x2 / w, b.y2 / h};
}

PointF unitPointOf(const PromptRegion &r, SizeI image)
{
    const double w = image.width > 0 ? image.width : 1;
    const double h = image.height > 0 ? image.height : 1;
    if (r.kind == RegionKind::Point)
        return {r.point.x / w, r.point.y / h};
    const PointF c = r.box.center();
    return {c.x / w, c.y / h};
}

} // namespace gc::dialects
