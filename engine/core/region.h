#pragma once

#include "geometry.h"
#include "rle.h"

#include <optional>
#include <string>
#include <vector>

namespace gc {

enum class RegionKind { Box, Point, Mark, Mask, Polygon, Quad };
enum class RegionOrigin { User, Model };

[[nodiscard]] const char *regionKindName(RegionKind k);
[[nodiscard]] std::optional<RegionKind> regionKindFromName(const std::string &name);

// One region on an image. Coordinates are in the space of whatever holds it: pixels of the original image
// for session/user regions, 0..1 of the original image in a GroundedText that says it is normalised.
struct Region {
    std::string id;        // stable id shown to the user: "R1", "M3" (mark 3)...
    RegionKind kind = RegionKind::Box;
    RegionOrigin origin = RegionOrigin::Model;
    std::string label;
    int colorIndex = 0;

    Box box;                    // Box; bounding box of Polygon / Quad / Mask / Mark
    std::vector<PointF> points; // Point: one point; Polygon / Quad: the vertices in order
    bool positive = true;       // Point prompts: positive (foreground) or negative
    int markNumber = 0;         // Mark: its Set-of-Mark number
    int maskSlot = -1;          // dialects whose masks come from a segmentation head: which slot ([SEG] #)
    std::optional<Rle> mask;    // Mask: the pixels, at the image's resolution

    bool clamped = false;  // a coordinate was out of range and was clamped
    bool reordered = false; // corners came as x1 > x2 or y1 > y2 and were swapped

    [[nodiscard]] static Region makeBox(const Box &b, std::string label = {});
    [[nodiscard]] static Region makePoint(const PointF &p, bool positive = true, std::string label = {});
    [[nodiscard]] static Region makePolygon(const Polygon &poly, std::string label = {});
    [[nodiscard]] static Region makeQuad(const Polygon &quad, std::string label = {});
    [[nodiscard]] static Region makeMaskSlot(int slot, std::string label = {});

    // Same geometry scaled by (sx, sy): the conversion between normalised and pixel space.
    [[nodiscard]] Region scaled(double sx, double sy) const;
    [[nodiscard]] bool sameGeometry(const Region &o, double tolerance = 1e-9) const;
};

} // namespace gc
