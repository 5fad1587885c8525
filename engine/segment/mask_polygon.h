#pragma once

// Masks as polygons, for export (COCO-style "segmentation" lists, SVG, GeoJSON) and for drawing
// outlines. The RLE stays the exact form; polygons are its readable, simplified shadow.

#include "core/geometry.h"
#include "core/rle.h"

#include <vector>

namespace gc::seg {

// One connected piece of a mask: its outline and the outlines of its holes. Vertices are in continuous
// image coordinates at pixel centres (pixel (i, j) spans [i, i+1) x [j, j+1), so its centre is
// (i + 0.5, j + 0.5)); outer rings run along the outermost object pixels and hole rings along the
// object pixels around each hole, so drawing outer minus holes with the even-odd rule shows the object.
struct MaskPolygon {
    Polygon outer;
    std::vector<Polygon> holes;
};

struct PolygonOptions {
    // Douglas-Peucker tolerance in pixels (cv::approxPolyDP); 0 keeps every boundary pixel.
    double epsilon = 1.0;
    // Pieces (and holes) whose outline encloses less than this many square pixels are dropped.
    double minArea = 0.0;
};

[[nodiscard]] std::vector<MaskPolygon> maskToPolygons(const Mask &mask, const PolygonOptions &options = {});
// Rasterises the polygons back (outer filled, holes cleared, hole rings kept as object pixels); the
// exact inverse of maskToPolygons with epsilon 0.
[[nodiscard]] Mask polygonsToMask(const std::vector<MaskPolygon> &polygons, int width, int height);
// Flattens to COCO's polygon list [[x1,y1,x2,y2,...], ...]: outer rings only (COCO has no holes).
[[nodiscard]] std::vector<std::vector<double>> cocoPolygons(const std::vector<MaskPolygon> &polygons);

} // namespace gc::seg
