#include "dialect_test_support.h"

#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto minigpt = dialects::makeMiniGptV2();

TEST(MiniGptV2, GroundedCaption)
{
    // flickr.py l.146 builds "<p>"+phrase+"</p> "+bbox; <delim> between boxes (demo_v2.py l.211)
    const std::string raw = "<p>A man</p> {<10><20><45><90>} is riding <p>two horses</p> {<40><30><70><95>}<delim>{<72><31><99><94>} on a beach.";
    const GroundedText g = minigpt->decode(raw, {});
    EXPECT_EQ(g.text, "A man is riding two horses on a beach.");
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].phrase, "A man");
    EXPECT_EQ(g.entities[0].span, (Span{0, 5}));
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x1, 0.10);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.y2, 0.90);
    EXPECT_EQ(g.entities[1].phrase, "two horses");
    EXPECT_EQ(g.entities[1].span, (Span{16, 26}));
    ASSERT_EQ(g.entities[1].regions.size(), 2u);
    EXPECT_DOUBLE_EQ(g.entities[1].regions[1].box.x2, 0.99);
}

TEST(MiniGptV2, ReferAnswerIsABareBox)
{
    // [refer] answers are a bare {<..>x4} (eval_ref.py l.67)
    const GroundedText g = minigpt->decode("{<4><50><30><65>}", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "");
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x1, 0.04);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.y2, 0.65);
    EXPECT_EQ(g.text, "");
}

TEST(MiniGptV2, Malformed)
{
    GroundedText g = minigpt->decode("<p>a cat</p> {<1><2><3>} and {<a><b><c><d>} <p>open", {});
    EXPECT_TRUE(g.entities.empty());
    EXPECT_EQ(g.text, "a cat {<1><2><3>} and {<a><b><c><d>} open");
    EXPECT_FALSE(g.diagnostics.empty());
    g = minigpt->decode("<p>x</p> {<150><2><3><4>}", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_TRUE(g.entities[0].regions[0].clamped);
    EXPECT_TRUE(g.entities[0].regions[0].reordered);
}

TEST(MiniGptV2, EncodeIdentify)
{
    // demo_v2.py l.591 example: "[identify] what is this {<4><50><30><65>}"
    EncodeRequest req;
    req.imageSize = {1000, 1000};
    req.task = "region";
    PromptRegion r;
    r.box = {40, 500, 305, 659};
    req.regions = {r};
    const EncodeResult e = minigpt->encode(req);
    ASSERT_TRUE(e.ok);
    EXPECT_EQ(e.text, "[identify] what is this {<4><50><30><65>}");
    req.task.clear();
    req.phrase = "a dog";
    req.regions = {r, r};
    EXPECT_EQ(minigpt->encode(req).text, "<p>a dog</p> {<4><50><30><65>}<delim>{<4><50><30><65>}");
    req.task = "refer";
    req.regions.clear();
    EXPECT_EQ(minigpt->encode(req).text, "[refer] give me the location of a dog");
    PromptRegion p;
    p.kind = RegionKind::Point;
    req.regions = {p};
    EXPECT_FALSE(minigpt->encode(req).ok);
}

TEST(MiniGptV2, RoundTrip)
{
    EncodeRequest req;
    req.imageSize = {640, 480};
    req.phrase = "cup";
    PromptRegion r;
    r.box = {100, 50, 400, 470};
    req.regions = {r};
    const GroundedText g = minigpt->decode(minigpt->encode(req).text, {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "cup");
    EXPECT_NEAR(g.entities[0].regions[0].box.x1 * 640, 100, 6.4);
    EXPECT_NEAR(g.entities[0].regions[0].box.y2 * 480, 470, 4.8);
}

TEST(MiniGptV2, Streaming)
{
    gc::testing::expectPrefixProperty(*minigpt, "<p>A man</p> {<10><20><45><90>} is riding <p>two horses</p> {<40><30><70><95>}<delim>{<72><31><99><94>} on a beach.");
    DecodeOptions o;
    o.partial = true;
    EXPECT_EQ(minigpt->decode("<p>A man</p> {<10><2", o).text, "A man");
}

TEST(MiniGptV2, SurvivesGarbage) { gc::testing::expectSurvivesGarbage(*minigpt, "<p>a</p> {<1><2><3><4>}<delim>{<5><6><7><8>}"); }

} // namespace
