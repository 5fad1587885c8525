#pragma once

#include <algorithm>
#include <vector>

namespace gc {

struct SizeI {
    int width = 0;
    int height = 0;
    [[nodiscard]] bool isValid() const { return width > 0 && height > 0; }
    bool operator==(const SizeI &o) const { return width == o.width && height == o.height; }
    bool operator!=(const SizeI &o) const { return !(*this == o); }
};

struct PointF {
    double x = 0;
    double y = 0;
    bool operator==(const PointF &o) const { return x == o.x && y == o.y; }
};

// Axis-aligned box, corners (x1,y1) top-left and (x2,y2) bottom-right.
struct Box {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;

    [[nodiscard]] double width() const { return x2 - x1; }
    [[nodiscard]] double height() const { return y2 - y1; }
    [[nodiscard]] double area() const { return std::max(0.0, width()) * std::max(0.0, height()); }
    [[nodiscard]] PointF center() const { return {(x1 + x2) / 2, (y1 + y2) / 2}; }
    [[nodiscard]] bool isOrdered() const { return x1 <= x2 && y1 <= y2; }
    // Swaps corners so that x1 <= x2 and y1 <= y2.
    [[nodiscard]] Box ordered() const;
    [[nodiscard]] Box scaled(double sx, double sy) const { return {x1 * sx, y1 * sy, x2 * sx, y2 * sy}; }
    bool operator==(const Box &o) const { return x1 == o.x1 && y1 == o.y1 && x2 == o.x2 && y2 == o.y2; }
};

using Polygon = std::vector<PointF>;

[[nodiscard]] double iou(const Box &a, const Box &b);
// Shoelace area, absolute value.
[[nodiscard]] double polygonArea(const Polygon &poly);
[[nodiscard]] Box boundingBox(const Polygon &poly);
// Clamps v into [lo, hi]; sets *clamped when it had to.
double clampFlag(double v, double lo, double hi, bool *clamped);

} // namespace gc
