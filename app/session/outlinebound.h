#pragma once

#include "documentstate.h"

#include <QSize>

// Polygons from files (sessions, imports) are bounded on the way in: a canvas fills them on the GUI thread.
namespace OutlineBound {
// The most vertices a polygon keeps; more than any hand-drawn or traced outline needs on screen.
constexpr int kMaxPoints = 1000;

// Simplifies a polygon of more than kMaxPoints vertices (Douglas–Peucker from a ten-thousandth of the image
// diagonal up); returns how many pixels it may now stray from the original, or 0 when it was left as it was.
double apply(RegionItem &region, const QSize &imageSize);
} // namespace OutlineBound
