// Qwen-VL (v1). Outputs from QwenLM/Qwen-VL TUTORIAL.md@aa00ed04 (l.175 and the 击掌 example).
#include "dialect_test_support.h"
#include "example_support.h"

#include "dialects/factories.h"

using namespace gc;

namespace {
const auto qwen = dialects::makeQwenVl();

TEST(QwenVl, JsonlExample)
{
    const auto all = gc::testing::examplesFor("qwen-vl");
    ASSERT_FALSE(all.empty());
    for (const auto &ex : all) {
        const GroundedText g = qwen->decode(ex["text"].get<std::string>(), {});
        gc::testing::expectMatchesExample(g, ex, 1.0);
        EXPECT_EQ(g.text, "上海环球金融中心和东方明珠");
        EXPECT_EQ(g.entities[1].span, (Span{9, 13}));
        gc::testing::expectPrefixProperty(*qwen, ex["text"].get<std::string>());
    }
}

TEST(QwenVl, ConsecutiveBoxesAndQuads)
{
    const GroundedText g = qwen->decode(
        "<ref>击掌</ref><box>(211,412),(577,891)</box><box>(1,2),(3,4)</box> and <quad>(1,1),(9,1),(9,9),(1,9)</quad>", {});
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].regions.size(), 2u);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x1, 0.211);
    EXPECT_EQ(g.entities[1].regions[0].kind, RegionKind::Quad);
    EXPECT_EQ(g.text, "击掌 and");
}

TEST(QwenVl, Malformed)
{
    GroundedText g = qwen->decode("<ref>a</ref><box>(1,2),(3</box>", {});
    EXPECT_TRUE(g.entities.empty());
    EXPECT_FALSE(g.diagnostics.empty());
    g = qwen->decode("<ref>a</ref><box>(900,2),(3,1200)</box>", {});
    ASSERT_EQ(g.regionCount(), 1u);
    EXPECT_TRUE(g.entities[0].regions[0].reordered);
    EXPECT_TRUE(g.entities[0].regions[0].clamped);
    g = qwen->decode("<ref>unterminated", {});
    EXPECT_EQ(g.text, "<ref>unterminated");
    gc::testing::expectSurvivesGarbage(*qwen, "<ref>a</ref><box>(1,2),(3,4)</box>");
}

TEST(QwenVl, EncodeAndRoundTrip)
{
    EncodeRequest req;
    req.imageSize = {640, 428};
    req.phrase = "bowl of carrots";
    req.regions = {{RegionKind::Box, {146, 137, 615, 415}, {}, {}}};
    const EncodeResult r = qwen->encode(req);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.text, "<ref>bowl of carrots</ref><box>(228,320),(961,970)</box>");
    const GroundedText g = qwen->decode(r.text, {});
    EXPECT_NEAR(g.entities[0].regions[0].box.x2 * 640, 615, 0.64);
    req.regions[0].kind = RegionKind::Point;
    EXPECT_FALSE(qwen->encode(req).ok);
}
} // namespace
