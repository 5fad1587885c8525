#include "segment/mask_ops.h"
#include "segment/mask_polygon.h"
#include "synthetic_scene.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace gc;
using namespace gc::seg;

namespace {

// A ring (with a hole), an island inside the hole, and a separate blob.
Mask ringIslandBlob()
{
    Mask m(80, 60);
    for (int y = 0; y < 60; ++y)
        for (int x = 0; x < 80; ++x) {
            const double d = std::hypot(x - 30, y - 30);
            const bool ring = d <= 22 && d >= 12;
            const bool island = d <= 5;
            const bool blob = x >= 60 && x < 75 && y >= 5 && y < 20;
            m.set(x, y, ring || island || blob);
        }
    return m;
}

} // namespace

TEST(MaskPolygon, ExactRoundTripWithoutSimplification)
{
    const Mask m = ringIslandBlob();
    PolygonOptions exact;
    exact.epsilon = 0;
    const std::vector<MaskPolygon> polys = maskToPolygons(m, exact);
    ASSERT_EQ(polys.size(), 3u); // ring, island, blob
    int holes = 0;
    for (const MaskPolygon &p : polys)
        holes += int(p.holes.size());
    EXPECT_EQ(holes, 1);
    EXPECT_EQ(polygonsToMask(polys, m.width, m.height), m);
}

TEST(MaskPolygon, ExactRoundTripOnGeneratedShapes)
{
    const Scene scene = makeScene(21);
    PolygonOptions exact;
    exact.epsilon = 0;
    for (const SceneObject &obj : scene.objects)
        EXPECT_EQ(polygonsToMask(maskToPolygons(obj.mask, exact), obj.mask.width, obj.mask.height), obj.mask) << obj.shape;
}

TEST(MaskPolygon, SimplifiedPolygonsStayClose)
{
    const Scene scene = makeScene(22);
    for (const SceneObject &obj : scene.objects) {
        const std::vector<MaskPolygon> polys = maskToPolygons(obj.mask); // epsilon 1 px
        ASSERT_EQ(polys.size(), 1u);
        size_t vertices = polys[0].outer.size();
        EXPECT_LT(vertices, 120u) << obj.shape; // far fewer than the boundary pixels
        EXPECT_GE(maskIoU(polygonsToMask(polys, obj.mask.width, obj.mask.height), obj.mask), 0.97) << obj.shape;
        // Pixel-centre coordinates: the polygon's bounds sit half a pixel inside the mask's box.
        const Box pb = boundingBox(polys[0].outer);
        EXPECT_NEAR(pb.x1, obj.box.x1 + 0.5, 1.0);
        EXPECT_NEAR(pb.y2, obj.box.y2 - 0.5, 1.0);
    }
}

TEST(MaskPolygon, RleAndPolygonsAgree)
{
    const Mask m = ringIslandBlob();
    const Rle rle = rleEncode(m);
    EXPECT_EQ(rleArea(rle), m.area());
    const std::optional<Mask> back = rleDecode(rle);
    ASSERT_TRUE(back);
    PolygonOptions exact;
    exact.epsilon = 0;
    EXPECT_EQ(rleEncode(polygonsToMask(maskToPolygons(*back, exact), m.width, m.height)), rle);
    const auto s = rleToString(rle);
    EXPECT_EQ(rleFromString(s, m.width, m.height), rle);
}

TEST(MaskPolygon, CocoListsOuterRingsFlat)
{
    const std::vector<MaskPolygon> polys = maskToPolygons(ringIslandBlob());
    const auto coco = cocoPolygons(polys);
    ASSERT_EQ(coco.size(), 3u);
    for (const auto &flat : coco) {
        EXPECT_EQ(flat.size() % 2, 0u);
        EXPECT_GE(flat.size(), 6u);
    }
}

TEST(MaskPolygon, EmptyMaskHasNoPolygons)
{
    EXPECT_TRUE(maskToPolygons(Mask(10, 10)).empty());
    EXPECT_EQ(polygonsToMask({}, 10, 10), Mask(10, 10));
}
