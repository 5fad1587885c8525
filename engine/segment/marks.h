#pragma once

// Set-of-Mark: numbered regions that any model can cite ("the cup is [3]"). Automatic marks come from an
// over-segmentation merged into object-sized regions (fragments, rims and weak boundaries merged away); the
// background, a region over half the image, gets no mark. A large image is also segmented in overlapping tiles
// (as tiled grounding looks at it), so that objects small against the whole image get marks too; regions
// found twice are kept once and marks never overlap. Each number sits where its region is thickest (the
// distance-transform peak), kept apart from the other numbers. Plain C++ types only.
//
// Threading: every function here is reentrant (no shared state).

#include "core/geometry.h"
#include "core/rle.h"
#include "io/image_loader.h"

#include <string>
#include <vector>

namespace gc::seg {

struct Mark {
    int number = 0;   // 1-based, what the model and the user see
    PointF label;     // where the number is drawn, image pixels (inside the region)
    Box bbox;         // of the region, pixels [x1, x2) x [y1, y2)
    long long area = 0;
    Rle rle;          // the region, image size
};

struct MarkOptions {
    int maxMarks = 20;        // a readable number; the SoM paper's prompts work best with tens, not hundreds
    int workingSide = 400;    // the over-segmentation runs on the image scaled to this longest side
    double scale = 60;        // Felzenszwalb's k at the working size (larger = coarser superpixels)
    double minRegionFraction = 0.004; // regions smaller than this share of the image are merged away
    double backgroundFraction = 0.5;  // a region over this share of the image is the background: no mark
    double backgroundColourDistance = 12; // regions this close to the background's mean colour (Lab) are of it
    double labelRadius = 0;   // 0 = markLabelRadius(image size)
    // An image more than twice this on its longest side is also segmented in overlapping tiles of about this
    // side (0: never). At the default, objects down to about 35 pixels get marks however large the image.
    int tileSide = 520;
    double tileMinRegionFraction = 0.002; // minRegionFraction within a tile
};

struct MarksResult {
    std::string error;
    std::vector<Mark> marks; // numbered 1..n in reading order (top to bottom, left to right)
    double elapsedMs = 0;
    [[nodiscard]] bool ok() const { return error.empty(); }
};

[[nodiscard]] MarksResult generateMarks(const io::RgbImage &image, const MarkOptions &options = {});

// The radius of a drawn number's disc for an image of this size (pixels); placement keeps label centres
// at least two radii apart so that discs never overlap.
[[nodiscard]] double markLabelRadius(int width, int height);

// Where to put the number of a (hand-made) region: the deepest point of `region` that is at least
// 2 * `radius` away from every point in `taken`; the deepest point overall when no such point exists.
// Returns the bbox centre for an empty mask.
[[nodiscard]] PointF placeMarkLabel(const Mask &region, const std::vector<PointF> &taken, double radius);

// Renumbers 1..n in reading order of the label points (rows of height 2 * radius, then left to right).
void renumberMarks(std::vector<Mark> &marks, double radius);

// A mark for a hand-drawn or model-made mask (the user's "add mark"): bbox, area, RLE and label filled in.
[[nodiscard]] Mark makeMark(const Mask &region, int number, const std::vector<PointF> &taken, double radius);

} // namespace gc::seg
