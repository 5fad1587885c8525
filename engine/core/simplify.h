#pragma once

#include "geometry.h"

#include <cstddef>

namespace gc {

// An outline with fewer vertices, and how far it may stray from the original.
struct SimplifiedOutline {
    Polygon points;
    double maxDeviation = 0; // every original vertex lies within this many pixels of the simplified outline
};

// Bounds the vertices of the closed outline `poly` to max(maxPoints, 3). An outline within that comes back as it
// is; a longer one goes through Douglas–Peucker (drop the vertices within the tolerance of the outline through
// the ones kept), starting at `tolerance` pixels and doubling it until few enough vertices remain.
// Why: a canvas fills and hit-tests polygons on the GUI thread, and a 200k-vertex outline (a traced mask, a
// malformed file) would stall it for a minute while adding nothing visible at a sane tolerance.
[[nodiscard]] SimplifiedOutline simplifyOutline(const Polygon &poly, double tolerance, size_t maxPoints);

} // namespace gc
