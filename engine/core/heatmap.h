#pragma once

// Heat maps of per-cell values over an image (the logit lens and attention maps of runtime/explanation.h):
// the colour maps, the values' scaling to [0, 1], and the blend onto an image for PNG export. The app's overlay
// item draws with the same colours. Plain C++.

#include "core/geometry.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace gc {

enum class ColorMap { Viridis, Inferno, Turbo, Gray };

// "viridis", "inferno", "turbo", "gray"; false for another name.
[[nodiscard]] bool parseColorMap(const std::string &name, ColorMap &out);
[[nodiscard]] const char *colorMapName(ColorMap map);
// The colour at t in [0, 1] (clamped), as 8-bit RGB.
[[nodiscard]] std::array<uint8_t, 3> heatColor(ColorMap map, double t);
// The values scaled to [0, 1] by their minimum and maximum (all 0 when they are equal).
[[nodiscard]] std::vector<float> normalizedValues(const std::vector<float> &values);

// A grid of rows × cols values (raster order, already in [0, 1]) covering `area` of an image.
struct HeatGrid {
    int64_t rows = 0, cols = 0;
    Box area;
    std::vector<float> values;
    // The cell under image pixel (x, y), or -1 outside the area.
    [[nodiscard]] int64_t cellAt(double x, double y) const;
    // The image pixels a cell covers, and their centre.
    [[nodiscard]] Box cellBox(int64_t cell) const;
    [[nodiscard]] PointF cellCentre(int64_t cell) const;
};

// Point prompts from a map, as VL-SAM makes them from attention: the `positives` highest cells that are local
// maxima (no higher among their eight neighbours) and reach half the top value become positive points, the
// `negatives` lowest cells negative points, each at its cell's centre in image pixels. Strongest first.
struct HeatPoint {
    PointF point;
    bool positive = true;
};
[[nodiscard]] std::vector<HeatPoint> heatPoints(const HeatGrid &grid, int positives, int negatives);

// Blends the grid's colours onto the RGB pixels (HWC, width × height) with `opacity` in [0, 1]; pixels outside
// the grid's area keep their colour.
void blendHeatmap(std::vector<uint8_t> &rgb, int width, int height, const HeatGrid &grid, ColorMap map,
                  double opacity);

} // namespace gc
