// Heat maps (core/heatmap.h): colour maps, scaling, the cell under a pixel, the blend onto an image, and the
// VL-SAM point prompts and box from a map.

#include "core/heatmap.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

HeatGrid grid3x3(std::vector<float> values) { return {3, 3, {10, 20, 40, 50}, std::move(values)}; }

} // namespace

TEST(Heatmap, ColoursAtTheEndsAndNames)
{
    EXPECT_EQ(heatColor(ColorMap::Viridis, 0), (std::array<uint8_t, 3>{68, 1, 84}));
    EXPECT_EQ(heatColor(ColorMap::Viridis, 1), (std::array<uint8_t, 3>{253, 231, 37}));
    EXPECT_EQ(heatColor(ColorMap::Viridis, 2), heatColor(ColorMap::Viridis, 1)); // clamped
    EXPECT_EQ(heatColor(ColorMap::Gray, 0.5), (std::array<uint8_t, 3>{128, 128, 128}));
    ColorMap m = ColorMap::Viridis;
    EXPECT_TRUE(parseColorMap("turbo", m));
    EXPECT_EQ(m, ColorMap::Turbo);
    EXPECT_FALSE(parseColorMap("jet", m));
}

TEST(Heatmap, ValuesScaleToTheirRange)
{
    EXPECT_EQ(normalizedValues({2, 4, 3}), (std::vector<float>{0, 1, 0.5f}));
    EXPECT_EQ(normalizedValues({5, 5}), (std::vector<float>{0, 0}));
}

TEST(Heatmap, CellsLieOverTheirArea)
{
    const HeatGrid g = grid3x3(std::vector<float>(9, 0));
    EXPECT_EQ(g.cellAt(10, 20), 0);
    EXPECT_EQ(g.cellAt(39.9, 49.9), 8);
    EXPECT_EQ(g.cellAt(20.5, 30.5), 4);
    EXPECT_EQ(g.cellAt(9.9, 30), -1);
    EXPECT_EQ(g.cellAt(40, 30), -1);
}

TEST(Heatmap, BlendPaintsOnlyTheArea)
{
    std::vector<uint8_t> rgb(4 * 2 * 3, 100);
    const HeatGrid g{1, 2, {0, 0, 2, 2}, {0, 1}};
    blendHeatmap(rgb, 4, 2, g, ColorMap::Gray, 1.0);
    EXPECT_EQ(rgb[0], 0);             // (0, 0): value 0
    EXPECT_EQ(rgb[3], 255);           // (1, 0): value 1
    EXPECT_EQ(rgb[2 * 3], 100);       // (2, 0): outside the area
    EXPECT_EQ(rgb[(4 + 1) * 3], 255); // (1, 1)
    EXPECT_THROW(blendHeatmap(rgb, 4, 2, HeatGrid{2, 2, {0, 0, 2, 2}, {0}}, ColorMap::Gray, 1), std::invalid_argument);
}

TEST(Heatmap, PeaksBecomePositivePointsAndLowsNegative)
{
    // two peaks (cells 0 and 8); cell 1 is high but beside the higher cell 0; cell 6 the lowest, then 3
    const HeatGrid g = grid3x3({1.0f, 0.9f, 0.2f, 0.1f, 0.3f, 0.2f, 0.0f, 0.4f, 0.8f});
    const std::vector<HeatPoint> p = heatPoints(g, 3, 2);
    ASSERT_EQ(p.size(), 4u);
    EXPECT_TRUE(p[0].positive);
    EXPECT_EQ(p[0].point, (PointF{15, 25}));
    EXPECT_TRUE(p[1].positive);
    EXPECT_EQ(p[1].point, (PointF{35, 45}));
    EXPECT_FALSE(p[2].positive);
    EXPECT_EQ(p[2].point, (PointF{15, 45}));
    EXPECT_FALSE(p[3].positive);
    EXPECT_EQ(p[3].point, (PointF{15, 35}));
}
