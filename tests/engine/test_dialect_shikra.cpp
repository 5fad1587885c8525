#include "dialect_test_support.h"

#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto shikra = dialects::makeShikra();

TEST(Shikra, GroundedCaptionWithSeveralBoxes)
{
    // Box text shape of PlainBoxFormatter (box_process_function.py l.160-186; docs dialects.md §1):
    // three decimals, ';' between the boxes of one mention.
    const std::string raw = "A man[0.102,0.230,0.500,0.871] is walking two dogs[0.600,0.210,0.888,0.870;0.050,0.500,0.200,0.900].";
    const GroundedText g = shikra->decode(raw, {});
    EXPECT_EQ(g.text, "A man is walking two dogs.");
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].phrase, "A man");
    EXPECT_EQ(g.entities[0].span, (Span{0, 5}));
    ASSERT_EQ(g.entities[0].regions.size(), 1u);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x1, 0.102);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.y2, 0.871);
    EXPECT_EQ(g.entities[1].phrase, "is walking two dogs");
    EXPECT_EQ(g.entities[1].span, (Span{6, 25}));
    ASSERT_EQ(g.entities[1].regions.size(), 2u);
    EXPECT_DOUBLE_EQ(g.entities[1].regions[1].box.x1, 0.05);
}

TEST(Shikra, PaddedSquareToImage)
{
    // 200x100 image pasted in a 200x200 square with 50 px of padding above
    DecodeOptions o;
    o.imageSize = {200, 100};
    const GroundedText g = shikra->decode("the cat[0.100,0.300,0.500,0.700]", o);
    ASSERT_EQ(g.entities.size(), 1u);
    const Box b = g.entities[0].regions[0].box;
    EXPECT_NEAR(b.x1, 0.1, 1e-12);
    EXPECT_NEAR(b.y1, 0.1, 1e-12);
    EXPECT_NEAR(b.x2, 0.5, 1e-12);
    EXPECT_NEAR(b.y2, 0.9, 1e-12);
    // inside the padding -> clamped
    const GroundedText c = shikra->decode("x[0.100,0.100,0.500,0.700]", o);
    EXPECT_TRUE(c.entities[0].regions[0].clamped);
    EXPECT_DOUBLE_EQ(c.entities[0].regions[0].box.y1, 0.0);
}

TEST(Shikra, PointsAndMalformed)
{
    GroundedText g = shikra->decode("here[0.500,0.250]", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].regions[0].kind, RegionKind::Point);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].points[0].y, 0.25);

    g = shikra->decode("odd[0.1,0.2,0.3] and [see note]", {});
    EXPECT_TRUE(g.entities.empty());
    EXPECT_EQ(g.text, "odd[0.1,0.2,0.3] and [see note]");
    EXPECT_EQ(g.diagnostics.size(), 1u);

    g = shikra->decode("flipped[0.5,0.4,0.1,0.2]", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_TRUE(g.entities[0].regions[0].reordered);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x1, 0.1);
}

TEST(Shikra, EncodeAndRoundTrip)
{
    EncodeRequest req;
    req.imageSize = {200, 100};
    PromptRegion r;
    r.box = {20, 10, 100, 90};
    req.regions = {r};
    EXPECT_EQ(shikra->encode(req).text, "[0.100,0.300,0.500,0.700]");
    req.task = "region";
    EXPECT_EQ(shikra->encode(req).text, "Can you give me a description of the region [0.100,0.300,0.500,0.700] in image <image>?");
    req.task = "refer";
    req.regions.clear();
    req.phrase = "the red car";
    EXPECT_EQ(shikra->encode(req).text, "Where is the red car <image>? answer in [x0,y0,x1,y1] format.");

    EncodeRequest rt;
    rt.imageSize = {640, 480};
    rt.phrase = "dog";
    PromptRegion b;
    b.box = {33, 47, 412, 399};
    rt.regions = {b};
    DecodeOptions o;
    o.imageSize = rt.imageSize;
    const GroundedText g = shikra->decode(shikra->encode(rt).text, o);
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "dog");
    const Box got = g.entities[0].regions[0].box;
    // one step of 0.001 in the 640 px square
    EXPECT_NEAR(got.x1 * 640, 33, 0.64);
    EXPECT_NEAR(got.y1 * 480, 47, 0.64);
    EXPECT_NEAR(got.x2 * 640, 412, 0.64);
    EXPECT_NEAR(got.y2 * 480, 399, 0.64);

    PromptRegion mask;
    mask.kind = RegionKind::Mask;
    rt.regions = {mask};
    EXPECT_FALSE(shikra->encode(rt).ok);
}

TEST(Shikra, Streaming)
{
    gc::testing::expectPrefixProperty(*shikra, "A man[0.102,0.230,0.500,0.871] is walking two dogs[0.600,0.210,0.888,0.870;0.050,0.500,0.200,0.900].");
    DecodeOptions o;
    o.partial = true;
    const GroundedText g = shikra->decode("A man[0.102,0.23", o);
    EXPECT_EQ(g.text, "A man");
    EXPECT_TRUE(g.entities.empty());
}

TEST(Shikra, SurvivesGarbage) { gc::testing::expectSurvivesGarbage(*shikra, "a[0.1,0.2,0.3,0.4;0.5,0.6] b[0.1,0.2]"); }

} // namespace
