#include "dialect_test_support.h"

#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto ggpt = dialects::makeGroundingGpt();

TEST(GroundingGpt, BoxesFollowThePhrase)
{
    // Format matched by lego/mm_utils.py postprocess_output's regex `\[[0-9.]+, [0-9.]+, [0-9.]+, [0-9.]+\]`
    const std::string raw = "A woman [0.120, 0.250, 0.480, 0.900] holds two cups [0.500, 0.400, 0.600, 0.550][0.650, 0.400, 0.750, 0.560].";
    const GroundedText g = ggpt->decode(raw, {});
    EXPECT_EQ(g.text, "A woman holds two cups.");
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].phrase, "A woman");
    EXPECT_EQ(g.entities[1].phrase, "holds two cups");
    EXPECT_EQ(g.entities[1].span, (Span{8, 22}));
    ASSERT_EQ(g.entities[1].regions.size(), 2u); // adjacent boxes form one set (gradio_utils l.78-90)
    EXPECT_DOUBLE_EQ(g.entities[1].regions[1].box.x2, 0.75);
}

TEST(GroundingGpt, PostprocessOutputArithmetic)
{
    // 640x480: square 640, pad (640-480)//2 = 80 on y. y1 0.250 -> round(160) - 80 = 80 -> 80/480 = 0.1667 -> 0.167
    DecodeOptions o;
    o.imageSize = {640, 480};
    const GroundedText g = ggpt->decode("cat [0.120, 0.250, 0.480, 0.900]", o);
    ASSERT_EQ(g.entities.size(), 1u);
    const Box b = g.entities[0].regions[0].box;
    EXPECT_DOUBLE_EQ(b.x1, 0.12);   // round(76.8)=77 -> 77/640 = 0.1203 -> 0.12
    EXPECT_DOUBLE_EQ(b.y1, 0.167);
    EXPECT_DOUBLE_EQ(b.x2, 0.48);   // round(307.2)=307 -> 0.4797 -> 0.48
    EXPECT_DOUBLE_EQ(b.y2, 1.0);    // round(576)-80 = 496 -> 1.033 -> clipped
    EXPECT_TRUE(g.entities[0].regions[0].clamped);
}

TEST(GroundingGpt, EncodeAndRoundTrip)
{
    EncodeRequest req;
    req.imageSize = {640, 480};
    PromptRegion r;
    r.box = {64, 48, 320, 432};
    req.regions = {r};
    // square: x 0.1, 0.5; y (48+80)/640 = 0.2, (432+80)/640 = 0.8
    EXPECT_EQ(ggpt->encode(req).text, "[0.100, 0.200, 0.500, 0.800]");
    DecodeOptions o;
    o.imageSize = req.imageSize;
    req.phrase = "the dog";
    const GroundedText g = ggpt->decode(ggpt->encode(req).text, o);
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "the dog");
    EXPECT_NEAR(g.entities[0].regions[0].box.y1, 0.1, 0.002);
    EXPECT_NEAR(g.entities[0].regions[0].box.y2, 0.9, 0.002);
    PromptRegion p;
    p.kind = RegionKind::Point;
    req.regions = {p};
    EXPECT_FALSE(ggpt->encode(req).ok);
    req.regions.clear();
    req.phrase.clear();
    req.task = "grounded-caption";
    EXPECT_EQ(ggpt->encode(req).text, "Please describe the image and include the object positions in [x0, y0, x1, y1] format.");
}

TEST(GroundingGpt, Malformed)
{
    const GroundedText g = ggpt->decode("a [0.1, 0.2, x, 0.4] b [0.1, 0.2] c [", {});
    EXPECT_TRUE(g.entities.empty());
    EXPECT_EQ(g.text, "a [0.1, 0.2, x, 0.4] b [0.1, 0.2] c [");
    EXPECT_FALSE(g.diagnostics.empty());
}

TEST(GroundingGpt, Streaming)
{
    gc::testing::expectPrefixProperty(*ggpt, "A woman [0.120, 0.250, 0.480, 0.900] holds two cups [0.500, 0.400, 0.600, 0.550][0.650, 0.400, 0.750, 0.560].");
}

TEST(GroundingGpt, SurvivesGarbage) { gc::testing::expectSurvivesGarbage(*ggpt, "a [0.1, 0.2, 0.3, 0.4][0.5, 0.6, 0.7, 0.8]"); }

} // namespace
