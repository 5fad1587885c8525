#include "dialect_test_support.h"

#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto groma = dialects::makeGroma();

// Groma README.md "Groma: <p>A dog</p> <roi><r4></roi> is jumping to catch <p>a frisbee</p> <roi><r7></roi> over
// <p>a fallen man</p> <roi><r1></roi>."
const std::string kReadme = "<p>A dog</p> <roi><r4></roi> is jumping to catch <p>a frisbee</p> <roi><r7></roi> over <p>a fallen man</p> <roi><r1></roi>.";

DecodeOptions withProposals()
{
    DecodeOptions o;
    for (int i = 0; i < 8; ++i)
        o.proposals.push_back({i / 10.0, i / 20.0, i / 10.0 + 0.1, i / 20.0 + 0.2});
    return o;
}

TEST(Groma, ReadmeExample)
{
    const GroundedText g = groma->decode(kReadme, withProposals());
    EXPECT_EQ(g.text, "A dog is jumping to catch a frisbee over a fallen man.");
    ASSERT_EQ(g.entities.size(), 3u);
    EXPECT_EQ(g.entities[0].phrase, "A dog");
    EXPECT_EQ(g.entities[1].phrase, "a frisbee");
    EXPECT_EQ(g.entities[1].span, (Span{26, 35}));
    EXPECT_EQ(g.entities[2].phrase, "a fallen man");
    ASSERT_EQ(g.entities[0].regions.size(), 1u);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x1, 0.4);
    EXPECT_DOUBLE_EQ(g.entities[1].regions[0].box.y2, 0.55);
    EXPECT_TRUE(g.diagnostics.empty());
}

TEST(Groma, MissingProposalKeepsEntity)
{
    DecodeOptions o = withProposals();
    o.proposals.resize(2);
    const GroundedText g = groma->decode(kReadme, o);
    ASSERT_EQ(g.entities.size(), 3u);
    EXPECT_TRUE(g.entities[0].regions.empty());
    EXPECT_TRUE(g.entities[1].regions.empty());
    ASSERT_EQ(g.entities[2].regions.size(), 1u);
    EXPECT_EQ(g.diagnostics.size(), 2u);
}

TEST(Groma, SeveralIndicesAndMalformed)
{
    GroundedText g = groma->decode("<p>people</p><roi><r0><r3></roi>", withProposals());
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].regions.size(), 2u);
    g = groma->decode("<p>x</p><roi><rx></roi> <roi><r1>", withProposals());
    EXPECT_TRUE(g.entities.empty());
}

TEST(Groma, Encode)
{
    EncodeRequest req;
    req.imageSize = {100, 100};
    req.task = "region";
    PromptRegion r;
    r.box = {1, 2, 30, 40};
    req.regions = {r};
    EXPECT_EQ(groma->encode(req).text, "What is in the region <roi><refer_box></roi>?");
    req.task = "grounded-caption";
    req.regions.clear();
    EXPECT_EQ(groma->encode(req).text, "[grounding] Please briefly describe the image content.");
    PromptRegion p;
    p.kind = RegionKind::Point;
    req.regions = {p};
    EXPECT_FALSE(groma->encode(req).ok);
    EXPECT_TRUE(groma->info().caps.proposals);
}

TEST(Groma, Streaming)
{
    gc::testing::expectPrefixProperty(*groma, kReadme, withProposals());
    gc::testing::expectPrefixProperty(*groma, "<p>people</p><roi><r0><r3></roi> and <p>x</p> <roi><r5></roi>", withProposals());
}

TEST(Groma, SurvivesGarbage) { gc::testing::expectSurvivesGarbage(*groma, kReadme); }

} // namespace
