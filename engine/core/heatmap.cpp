#include "core/heatmap.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gc {

namespace {

// Each map as a few control colours, interpolated linearly between them (nine stops are within a couple of
// levels of matplotlib's 256-entry tables for viridis and inferno, and of Google's turbo).
using Stops = std::array<std::array<uint8_t, 3>, 9>;
constexpr Stops kViridis = {{{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
                             {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}}};
constexpr Stops kInferno = {{{0, 0, 4}, {31, 12, 72}, {85, 15, 109}, {136, 34, 106}, {186, 54, 85},
                             {227, 89, 51}, {249, 140, 10}, {249, 201, 50}, {252, 255, 164}}};
constexpr Stops kTurbo = {{{48, 18, 59}, {65, 105, 225}, {40, 188, 235}, {50, 242, 152}, {164, 252, 60},
                           {237, 208, 58}, {251, 128, 34}, {208, 47, 5}, {122, 4, 3}}};

} // namespace

bool parseColorMap(const std::string &name, ColorMap &out)
{
    for (ColorMap m : {ColorMap::Viridis, ColorMap::Inferno, ColorMap::Turbo, ColorMap::Gray})
        if (name == colorMapName(m)) {
            out = m;
            return true;
        }
    return false;
}

const char *colorMapName(ColorMap map)
{
    switch (map) {
    case ColorMap::Viridis: return "viridis";
    case ColorMap::Inferno: return "inferno";
    case ColorMap::Turbo: return "turbo";
    case ColorMap::Gray: return "gray";
    }
    return "viridis";
}

std::array<uint8_t, 3> heatColor(ColorMap map, double t)
{
    t = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.0;
    if (map == ColorMap::Gray) {
        const auto v = static_cast<uint8_t>(std::lround(t * 255));
        return {v, v, v};
    }
    const Stops &s = map == ColorMap::Inferno ? kInferno : map == ColorMap::Turbo ? kTurbo : kViridis;
    const double x = t * double(s.size() - 1);
    const auto i = std::min<size_t>(static_cast<size_t>(x), s.size() - 2);
    const double f = x - double(i);
    std::array<uint8_t, 3> c{};
    for (size_t k = 0; k < 3; ++k)
        c[k] = static_cast<uint8_t>(std::lround(s[i][k] + (s[i + 1][k] - s[i][k]) * f));
    return c;
}

std::vector<float> normalizedValues(const std::vector<float> &values)
{
    if (values.empty())
        return {};
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    const float range = *hi - *lo;
    std::vector<float> out(values.size(), 0.0f);
    if (range > 0)
        std::transform(values.begin(), values.end(), out.begin(), [&](float v) { return (v - *lo) / range; });
    return out;
}

int64_t HeatGrid::cellAt(double x, double y) const
{
    if (rows <= 0 || cols <= 0 || area.width() <= 0 || area.height() <= 0 || x < area.x1 || y < area.y1 ||
        x >= area.x2 || y >= area.y2)
        return -1;
    const auto c = std::min<int64_t>(cols - 1, static_cast<int64_t>((x - area.x1) / area.width() * double(cols)));
    const auto r = std::min<int64_t>(rows - 1, static_cast<int64_t>((y - area.y1) / area.height() * double(rows)));
    return r * cols + c;
}

Box HeatGrid::cellBox(int64_t cell) const
{
    const double w = area.width() / double(cols), h = area.height() / double(rows);
    const double x = area.x1 + double(cell % cols) * w, y = area.y1 + double(cell / cols) * h;
    return {x, y, x + w, y + h};
}

PointF HeatGrid::cellCentre(int64_t cell) const
{
    const Box b = cellBox(cell);
    return {(b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2};
}

std::vector<HeatPoint> heatPoints(const HeatGrid &grid, int positives, int negatives)
{
    const auto n = static_cast<int64_t>(grid.values.size());
    if (n == 0 || n != grid.rows * grid.cols)
        return {};
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        order[static_cast<size_t>(i)] = i;
    const auto value = [&](int64_t i) { return grid.values[static_cast<size_t>(i)]; };
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return value(a) > value(b); });
    const float top = value(order.front());
    std::vector<HeatPoint> out;
    for (int64_t i : order) {
        if (int(out.size()) >= positives || value(i) < top / 2)
            break;
        bool peak = true;
        const int64_t r = i / grid.cols, c = i % grid.cols;
        for (int64_t dr = -1; dr <= 1 && peak; ++dr)
            for (int64_t dc = -1; dc <= 1 && peak; ++dc) {
                const int64_t rr = r + dr, cc = c + dc;
                if ((dr || dc) && rr >= 0 && rr < grid.rows && cc >= 0 && cc < grid.cols)
                    peak = value(rr * grid.cols + cc) <= value(i);
            }
        if (peak)
            out.push_back({grid.cellCentre(i), true});
    }
    for (auto it = order.rbegin(); it != order.rend() && negatives > 0; ++it, --negatives)
        out.push_back({grid.cellCentre(*it), false});
    return out;
}

void blendHeatmap(std::vector<uint8_t> &rgb, int width, int height, const HeatGrid &grid, ColorMap map,
                  double opacity)
{
    if (static_cast<int64_t>(grid.values.size()) != grid.rows * grid.cols)
        throw std::invalid_argument("blendHeatmap: " + std::to_string(grid.values.size()) + " values for a " +
                                    std::to_string(grid.rows) + "x" + std::to_string(grid.cols) + " grid");
    if (rgb.size() != size_t(width) * size_t(height) * 3)
        throw std::invalid_argument("blendHeatmap: the pixels are not width × height × 3");
    const double a = std::clamp(opacity, 0.0, 1.0);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const int64_t cell = grid.cellAt(x + 0.5, y + 0.5);
            if (cell < 0)
                continue;
            const auto c = heatColor(map, grid.values[static_cast<size_t>(cell)]);
            uint8_t *p = rgb.data() + (size_t(y) * size_t(width) + size_t(x)) * 3;
            for (int k = 0; k < 3; ++k)
                p[k] = static_cast<uint8_t>(std::lround(p[k] * (1 - a) + c[static_cast<size_t>(k)] * a));
        }
}

} // namespace gc
