// Moondream. Case from roboflow/supervision test_from_moondream (test/detection/test_vlm.py@7f7b25d7) via the jsonl.
#include "dialect_test_support.h"
#include "example_support.h"

#include "dialects/factories.h"
#include "dialects/tag_markup.h"

using namespace gc;

namespace {
const auto moon = dialects::makeMoondream();

TEST(Moondream, JsonlExample)
{
    for (const auto &ex : gc::testing::examplesFor("moondream")) {
        DecodeOptions o;
        o.imageSize = {ex["image_size"][0].get<int>(), ex["image_size"][1].get<int>()};
        const std::string text = ex["text"];
        gc::testing::expectMatchesExample(moon->decode(text, o), ex, 1e-9);
        gc::testing::expectPrefixProperty(*moon, text, o);
        gc::testing::expectSurvivesGarbage(*moon, text);
    }
}

TEST(Moondream, PointsAndMissingKeys)
{
    const GroundedText g = moon->decode("{\"points\": [{\"x\": 0.5, \"y\": 0.25}, {\"x\": 0.1}]}", {});
    ASSERT_EQ(g.regionCount(), 1u);
    EXPECT_EQ(g.entities[0].regions[0].kind, RegionKind::Point);
    EXPECT_FALSE(g.diagnostics.empty());
    // centre +- size/2 may leave the image
    EXPECT_TRUE(moon->decode("{\"objects\": [{\"x_min\": -0.01, \"y_min\": 0.2, \"x_max\": 0.3, \"y_max\": 0.4}]}", {})
                    .entities[0].regions[0].clamped);
}

TEST(Moondream, EncodeSpatialRefsRoundTrip)
{
    EncodeRequest req;
    req.imageSize = {640, 480};
    req.regions = {{RegionKind::Box, {64, 96, 192, 192}, {}, {}}, {RegionKind::Point, {}, {320, 240}, {}}};
    const EncodeResult r = moon->encode(req);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.text, "(0.1000, 0.2000, 0.3000, 0.4000), (0.5000, 0.5000)");
    const auto groups = dialects::parseNumberGroups(r.text);
    ASSERT_TRUE(groups);
    EXPECT_NEAR((*groups)[0][2] * 640, 192, 1.0 / 1024 * 640);
}
} // namespace
