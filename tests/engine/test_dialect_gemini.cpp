// Gemini. Case from roboflow/supervision test_from_google_gemini (test/detection/test_vlm.py@7f7b25d7) via the jsonl.
#include "dialect_test_support.h"
#include "example_support.h"

#include "dialects/factories.h"

using namespace gc;

namespace {
const auto gemini = dialects::makeGemini();

TEST(Gemini, JsonlExample)
{
    for (const auto &ex : gc::testing::examplesFor("gemini-box_2d")) {
        DecodeOptions o;
        o.imageSize = {ex["image_size"][0].get<int>(), ex["image_size"][1].get<int>()};
        const std::string text = ex["text"];
        gc::testing::expectMatchesExample(gemini->decode(text, o), ex, 1e-9);
        gc::testing::expectPrefixProperty(*gemini, text, o);
        gc::testing::expectSurvivesGarbage(*gemini, text);
    }
}

TEST(Gemini, PointsAreYx)
{
    const GroundedText g = gemini->decode("[{\"point\": [250, 750], \"label\": \"dot\"}]", {});
    ASSERT_EQ(g.regionCount(), 1u);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].points[0].x, 0.75);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].points[0].y, 0.25);
}

TEST(Gemini, EncodeAndRoundTrip)
{
    EncodeRequest req;
    req.imageSize = {1000, 500};
    req.phrase = "cat";
    req.regions = {{RegionKind::Box, {200, 50, 400, 150}, {}, {}}};
    const EncodeResult r = gemini->encode(req);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.text, "{\"box_2d\": [100, 200, 300, 400], \"label\": \"cat\"}");
    EXPECT_DOUBLE_EQ(gemini->decode(r.text, {}).entities[0].regions[0].box.x1, 0.2);
}
} // namespace
