// VL-SAM's iterations: several point sets from a map of where the model looked, each through the segmenter,
// their masks merged.
#include "segment/grabcut.h"
#include "segment/map_segment.h"
#include "segment/mask_ops.h"

#include <gtest/gtest.h>

#include <cstdint>

using namespace gc;
using namespace gc::seg;

namespace {

constexpr int kW = 320, kH = 240;

// A grey, lightly textured background with one object on it whose left half is red and right half blue: to
// a click it is two regions, to the map (8 × 8 cells of 40 × 30 pixels, the object on columns 2–5, rows 2–5)
// one hot area whose peak is on the red half.
struct TwoToneScene {
    io::RgbImage image;
    Mask object;
    HeatGrid map;
};

TwoToneScene twoToneScene()
{
    TwoToneScene s;
    s.image.width = kW;
    s.image.height = kH;
    s.image.pixels.resize(size_t(kW) * kH * 3);
    s.object = Mask(kW, kH);
    uint32_t noise = 12345;
    for (int y = 0; y < kH; ++y)
        for (int x = 0; x < kW; ++x) {
            noise = noise * 1664525u + 1013904223u;
            const int grain = int(noise >> 28) - 8; // ±8 levels
            uint8_t *p = s.image.pixels.data() + (size_t(y) * kW + size_t(x)) * 3;
            const bool inside = x >= 80 && x < 240 && y >= 60 && y < 180;
            s.object.set(x, y, inside);
            const int r = !inside ? 128 : x < 160 ? 210 : 30;
            const int g = !inside ? 128 : 40;
            const int b = !inside ? 128 : x < 160 ? 30 : 200;
            p[0] = uint8_t(std::clamp(r + grain, 0, 255));
            p[1] = uint8_t(std::clamp(g + grain, 0, 255));
            p[2] = uint8_t(std::clamp(b + grain, 0, 255));
        }
    s.map.rows = 8;
    s.map.cols = 8;
    s.map.area = {0, 0, double(kW), double(kH)};
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c) {
            const bool onObject = r >= 2 && r <= 5 && c >= 2 && c <= 5;
            float v = onObject ? (c <= 3 ? 0.9f : 0.7f) : 0.05f + 0.01f * float((r * 3 + c) % 5);
            if (r == 3 && c == 2)
                v = 1.0f; // the peak
            s.map.values.push_back(v);
        }
    return s;
}

} // namespace

// One point set (the map's peak) grows the red half only; the next set starts on the blue half, which the
// map is hot on and the first mask does not cover, and the merged mask is the whole object.
TEST(MapSegment, TheSetsTogetherCoverWhatOneSetMisses)
{
    const TwoToneScene scene = twoToneScene();
    auto segmenter = makeGrabCutSegmenter();
    ASSERT_TRUE(segmenter->setImage(scene.image).empty());

    MapSegmentOptions once;
    once.iterations = 1;
    const MapSegmentResult one = segmentFromMap(*segmenter, scene.map, once);
    ASSERT_TRUE(one.ok()) << one.error;
    const double oneIoU = maskIoU(one.mask, scene.object);
    EXPECT_LT(oneIoU, 0.6) << "one set should miss the blue half";

    const MapSegmentResult merged = segmentFromMap(*segmenter, scene.map);
    ASSERT_TRUE(merged.ok()) << merged.error;
    EXPECT_GE(maskIoU(merged.mask, scene.object), 0.9);
    ASSERT_GE(merged.sets.size(), 2u);
    EXPECT_TRUE(merged.sets[0].kept && merged.sets[1].kept);
    // the first set's positive point is the peak's cell centre, the second one's on the blue half
    EXPECT_EQ(merged.sets[0].points.back().point.x, 100);
    EXPECT_EQ(merged.sets[0].points.back().point.y, 105);
    EXPECT_TRUE(merged.sets[1].points.back().positive);
    EXPECT_GE(merged.sets[1].points.back().point.x, 160);
    // every set carries the map's coldest cells as negative points
    for (const MapPointSet &s : merged.sets)
        EXPECT_EQ(std::count_if(s.points.begin(), s.points.end(), [](const PointPrompt &p) { return !p.positive; }), 3);
}

// A hot cell on the background (the map is wrong there) grows a region that lies on the cold part of the map:
// that set's mask is dropped, not merged.
TEST(MapSegment, ASetWhoseMaskLiesOnTheColdPartIsDropped)
{
    TwoToneScene scene = twoToneScene();
    scene.map.values[size_t(0 * 8 + 7)] = 0.95f; // top-right corner, background
    auto segmenter = makeGrabCutSegmenter();
    ASSERT_TRUE(segmenter->setImage(scene.image).empty());
    const MapSegmentResult r = segmentFromMap(*segmenter, scene.map);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_GE(maskIoU(r.mask, scene.object), 0.9);
    const bool droppedOne = std::any_of(r.sets.begin(), r.sets.end(), [](const MapPointSet &s) { return !s.kept; });
    EXPECT_TRUE(droppedOne);
}

TEST(MapSegment, AFlatMapSaysSo)
{
    TwoToneScene scene = twoToneScene();
    std::fill(scene.map.values.begin(), scene.map.values.end(), 0.3f);
    auto segmenter = makeGrabCutSegmenter();
    ASSERT_TRUE(segmenter->setImage(scene.image).empty());
    const MapSegmentResult r = segmentFromMap(*segmenter, scene.map);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.mask.area(), 0);
}
