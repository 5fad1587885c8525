#include "dialect_test_support.h"

#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto llavag = dialects::makeLlavaGrounding();

// Training targets are built as '<g_s> ' + phrase + ' <g_e> <seg>, ' (LLaVA-Grounding data conversion) and the eval
// script strips exactly these markers (LLaVA_G_Eval.py l.16-18).
const std::string kAnswer = "<g_s> The cat <g_e> <seg> is sitting on <g_s> a wooden chair <g_e> <seg>.";

TEST(LlavaGrounding, PhrasesGetMaskSlots)
{
    const GroundedText g = llavag->decode(kAnswer, {});
    EXPECT_EQ(g.text, "The cat is sitting on a wooden chair.");
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].phrase, "The cat");
    EXPECT_EQ(g.entities[0].span, (Span{0, 7}));
    EXPECT_EQ(g.entities[1].phrase, "a wooden chair");
    EXPECT_EQ(g.entities[1].span, (Span{22, 36}));
    EXPECT_EQ(g.entities[1].regions[0].kind, RegionKind::Mask);
    EXPECT_EQ(g.entities[1].regions[0].maskSlot, 1);
}

TEST(LlavaGrounding, Malformed)
{
    const GroundedText g = llavag->decode("<g_e> stray <g_s> unclosed phrase <seg>", {});
    ASSERT_EQ(g.entities.size(), 1u); // the <seg> still takes slot 0, without a phrase
    EXPECT_EQ(g.entities[0].phrase, "");
    EXPECT_EQ(g.diagnostics.size(), 2u);
    EXPECT_EQ(g.text, "stray unclosed phrase");
}

TEST(LlavaGrounding, Encode)
{
    EncodeRequest req;
    req.imageSize = {100, 100};
    req.task = "region";
    PromptRegion r;
    r.kind = RegionKind::Point;
    r.point = {5, 5};
    req.regions = {r};
    EXPECT_EQ(llavag->encode(req).text, "What is the object % doing and why?");
    req.task = "refer";
    req.regions.clear();
    req.phrase = "the dog";
    EXPECT_EQ(llavag->encode(req).text, "Where is the dog in the image? (with grounding)");
    PromptRegion q;
    q.kind = RegionKind::Quad;
    req.regions = {q};
    EXPECT_FALSE(llavag->encode(req).ok);
}

TEST(LlavaGrounding, Streaming) { gc::testing::expectPrefixProperty(*llavag, kAnswer); }

TEST(LlavaGrounding, SurvivesGarbage) { gc::testing::expectSurvivesGarbage(*llavag, kAnswer); }

} // namespace
