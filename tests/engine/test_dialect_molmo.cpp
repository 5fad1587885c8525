#include "dialect_test_support.h"

#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto molmo = dialects::makeMolmo();

TEST(Molmo, SinglePoint)
{
    // data_formatter.py points_to_text shape (dialects.md §18)
    const GroundedText g = molmo->decode("<point x=\"61.5\" y=\"40.6\" alt=\"a red apple\">a red apple</point>", {});
    EXPECT_EQ(g.text, "a red apple");
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "a red apple");
    EXPECT_EQ(g.entities[0].span, (Span{0, 11}));
    EXPECT_EQ(g.entities[0].attributes.at("alt"), "a red apple");
    ASSERT_EQ(g.entities[0].regions.size(), 1u);
    EXPECT_EQ(g.entities[0].regions[0].kind, RegionKind::Point);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].points[0].x, 0.615);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].points[0].y, 0.406);
}

TEST(Molmo, CountingAnswer)
{
    // Counting answer of the point_count style: "Counting the <points …> shows a total of N." (data_formatter.py l.334-357)
    const std::string raw = "Counting the <points x1=\"21.0\" y1=\"76.5\" x2=\"69.5\" y2=\"37.9\" x3=\"69.5\" y3=\"51.5\" "
                            "x10=\"80.0\" y10=\"10.0\" alt=\"resistors\">resistors</points> shows a total of 4.";
    const GroundedText g = molmo->decode(raw, {});
    EXPECT_EQ(g.text, "Counting the resistors shows a total of 4.");
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].span, (Span{13, 22}));
    ASSERT_EQ(g.entities[0].regions.size(), 4u);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[1].points[0].x, 0.695);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[3].points[0].x, 0.80); // x10 sorts after x3
}

TEST(Molmo, ClickAndMalformed)
{
    GroundedText g = molmo->decode("Click(54.2, 30.1)", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].points[0].x, 0.542);
    EXPECT_EQ(g.entities[0].attributes.at("action"), "click");
    // extract_points rejects values above 100
    g = molmo->decode("<point x=\"150.0\" y=\"40.0\" alt=\"x\">x</point>", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_TRUE(g.entities[0].regions.empty());
    EXPECT_FALSE(g.diagnostics.empty());
    g = molmo->decode("<point x=oops>what</point> and <pointer>", {});
    EXPECT_TRUE(g.entities.empty());
    EXPECT_EQ(g.text, "<point x=oops>what</point> and <pointer>");
    g = molmo->decode("There are none.", {});
    EXPECT_TRUE(g.entities.empty());
}

TEST(Molmo, EncodeRefusesRegions)
{
    EncodeRequest req;
    req.imageSize = {10, 10};
    PromptRegion r;
    req.regions = {r};
    EXPECT_FALSE(molmo->encode(req).ok);
    req.regions.clear();
    req.task = "refer";
    req.phrase = "the mugs";
    EXPECT_EQ(molmo->encode(req).text, "Point to the mugs");
    EXPECT_EQ(molmo->info().space, CoordSpace::Percent);
}

TEST(Molmo, Streaming)
{
    gc::testing::expectPrefixProperty(*molmo, "Counting the <points x1=\"21.0\" y1=\"76.5\" x2=\"69.5\" y2=\"37.9\" alt=\"r\">resistors</points> shows a total of 2. "
                                              "<point x=\"61.5\" y=\"40.6\" alt=\"apple\">apple</point> Click(5.0, 6.0)");
    DecodeOptions o;
    o.partial = true;
    const GroundedText g = molmo->decode("See <point x=\"61.5\" y=\"40.6\" alt=\"apple\">app", o);
    EXPECT_TRUE(g.entities.empty()); // the label is not final before </point>
    EXPECT_EQ(g.text, "See app");
    EXPECT_EQ(molmo->decode("See <points x1=\"61.5\" y1=\"40", o).text, "See");
}

TEST(Molmo, SurvivesGarbage)
{
    gc::testing::expectSurvivesGarbage(*molmo, "<points x1=\"1\" y1=\"2\" alt=\"a\">b</points> Click(1, 2)");
    (void)molmo->decode(std::string(100000, 'C') + std::string(100000, '<') + "<point x=\"1\"", {});
}

} // namespace
