#include "dialect_test_support.h"

#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto glamm = dialects::makeGlamm();

// GranDf_gcg_ds.py l.108 tags captions as "<p> {phrase} </p> [SEG]"
const std::string kGcg = "A <p> man </p> [SEG] in a red jacket is riding <p> a horse </p> [SEG] across <p> a field </p> [SEG].";

TEST(Glamm, GroundedConversation)
{
    const GroundedText g = glamm->decode(kGcg, {});
    EXPECT_EQ(g.text, "A man in a red jacket is riding a horse across a field.");
    ASSERT_EQ(g.entities.size(), 3u);
    EXPECT_EQ(g.entities[0].phrase, "man");
    EXPECT_EQ(g.entities[0].span, (Span{2, 5}));
    EXPECT_EQ(g.entities[1].phrase, "a horse");
    EXPECT_EQ(g.entities[1].span, (Span{32, 39}));
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(g.entities[i].regions.size(), 1u);
        EXPECT_EQ(g.entities[i].regions[0].kind, RegionKind::Mask);
        EXPECT_EQ(g.entities[i].regions[0].maskSlot, i);
    }
}

TEST(Glamm, SegWithoutPhraseAndMalformed)
{
    // region-seg answers: "<p> Region1 </p> [SEG]." ; a bare [SEG] still takes its slot
    GroundedText g = glamm->decode("[SEG] then <p> Region1 </p> [SEG].", {});
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].phrase, "");
    EXPECT_EQ(g.entities[1].regions[0].maskSlot, 1);
    EXPECT_EQ(g.text, "then Region1.");
    g = glamm->decode("<p> open phrase [SEG", {});
    EXPECT_TRUE(g.entities.empty());
    EXPECT_EQ(g.text, "open phrase [SEG");
}

TEST(Glamm, Encode)
{
    EncodeRequest req;
    req.imageSize = {100, 100};
    req.task = "region";
    PromptRegion r;
    r.box = {1, 2, 30, 40};
    req.regions = {r};
    EXPECT_EQ(glamm->encode(req).text,
              "Can you provide me with a detailed description of the region in the picture marked by <bbox>?");
    req.task.clear();
    req.regions = {r, r};
    EXPECT_EQ(glamm->encode(req).text, "region1 <bbox>, region2 <bbox>");
    PromptRegion p;
    p.kind = RegionKind::Point;
    req.regions = {p};
    EXPECT_FALSE(glamm->encode(req).ok);
    EXPECT_TRUE(glamm->info().caps.maskOut);
}

TEST(Glamm, Streaming)
{
    gc::testing::expectPrefixProperty(*glamm, kGcg);
    DecodeOptions o;
    o.partial = true;
    EXPECT_EQ(glamm->decode("A <p> man </p> [SE", o).text, "A man");
    EXPECT_TRUE(glamm->decode("A <p> man </p> [SE", o).entities.empty());
}

TEST(Glamm, SurvivesGarbage) { gc::testing::expectSurvivesGarbage(*glamm, kGcg); }

} // namespace
