#include "dialect_test_support.h"

#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto ferret = dialects::makeFerret();

TEST(Ferret, RecAnswerAndPhrases)
{
    // model_refcoco.py l.87 parses `\[(\d+), (\d+), (\d+), (\d+)\]`; a REC answer is the bare box
    GroundedText g = ferret->decode("[245, 120, 712, 998]", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "");
    EXPECT_FALSE(g.entities[0].hasSpan);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x1, 0.245);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.y2, 0.998);
    EXPECT_EQ(g.text, "");

    // Flickr answers: text before the box is its phrase (model_flickr.py l.95)
    g = ferret->decode("There is a man [100, 200, 300, 400] next to a bicycle [350, 220, 900, 800].", {});
    EXPECT_EQ(g.text, "There is a man next to a bicycle.");
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].phrase, "There is a man");
    EXPECT_EQ(g.entities[1].phrase, "next to a bicycle");
    EXPECT_EQ(g.entities[1].span, (Span{15, 32}));
    // points
    g = ferret->decode("the tip [500, 250]", {});
    EXPECT_EQ(g.entities[0].regions[0].kind, RegionKind::Point);
}

TEST(Ferret, Malformed)
{
    const GroundedText g = ferret->decode("a [1, 2, 3] b [1200, 5, 3, 4]", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_TRUE(g.entities[0].regions[0].clamped);
    EXPECT_TRUE(g.entities[0].regions[0].reordered);
    EXPECT_GE(g.diagnostics.size(), 2u);
}

TEST(Ferret, EncodeHybridRegion)
{
    // train.py: int(x * 1000 / W); the region is followed by <region_fea> (train.py l.1052-1058)
    EncodeRequest req;
    req.imageSize = {640, 480};
    PromptRegion r;
    r.box = {64, 48, 320, 479};
    req.regions = {r};
    EXPECT_EQ(ferret->encode(req).text, "[100, 100, 500, 997] <region_fea>");
    PromptRegion p;
    p.kind = RegionKind::Point;
    p.point = {320, 240};
    req.regions = {p};
    req.task = "region";
    EXPECT_EQ(ferret->encode(req).text, "What is [500, 500] <region_fea>?");
    req.regions.clear();
    req.task = "refer";
    req.phrase = "the left dog";
    EXPECT_EQ(ferret->encode(req).text, "What is the location of the left dog in the image?");
}

TEST(Ferret, RoundTrip)
{
    EncodeRequest req;
    req.imageSize = {1000, 500};
    req.phrase = "car";
    PromptRegion r;
    r.box = {123.4, 56.7, 800.2, 450.9};
    req.regions = {r};
    std::string text = ferret->encode(req).text;
    text = text.substr(0, text.find(" <region_fea>"));
    const GroundedText g = ferret->decode(text, {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "car");
    const Box b = g.entities[0].regions[0].box;
    EXPECT_NEAR(b.x1 * 1000, 123.4, 1.0);
    EXPECT_NEAR(b.y1 * 500, 56.7, 0.5);
    EXPECT_NEAR(b.x2 * 1000, 800.2, 1.0);
    EXPECT_NEAR(b.y2 * 500, 450.9, 0.5);
}

TEST(Ferret, Streaming)
{
    gc::testing::expectPrefixProperty(*ferret, "There is a man [100, 200, 300, 400] next to a bicycle [350, 220, 900, 800] [1, 2, 3, 4].");
}

TEST(Ferret, SurvivesGarbage) { gc::testing::expectSurvivesGarbage(*ferret, "a [1, 2, 3, 4] b [5, 6]"); }

} // namespace
