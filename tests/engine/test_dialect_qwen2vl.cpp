// Qwen2-VL. Encode example from QwenLM/Qwen3-VL qwen-vl-finetune/tools/process_bbox.ipynb@96588727 (via the jsonl);
// the text form is ms-swift's qwen2_vl template (swift/template/templates/qwen.py@3602360a).
#include "dialect_test_support.h"
#include "example_support.h"

#include "dialects/factories.h"

using namespace gc;

namespace {
const auto qwen = dialects::makeQwen2Vl();

TEST(Qwen2Vl, JsonlEncodeExample)
{
    for (const auto &ex : gc::testing::examplesFor("qwen2-vl")) {
        EncodeRequest req;
        req.imageSize = {ex["image_size"][0].get<int>(), ex["image_size"][1].get<int>()};
        const auto b = ex["input"]["box_pixels"];
        req.regions = {{RegionKind::Box, {b[0], b[1], b[2], b[3]}, {}, {}}};
        req.phrase = ex["input"]["label"];
        const EncodeResult r = qwen->encode(req);
        ASSERT_TRUE(r.ok);
        EXPECT_EQ(r.text, "<|object_ref_start|>bowl of carrots<|object_ref_end|><|box_start|>(228,320),(961,970)<|box_end|>");
        const GroundedText g = qwen->decode(r.text, {});
        gc::testing::expectMatchesExample(g, ex, 0.5);
        EXPECT_NEAR(g.entities[0].regions[0].box.x1 * 640, 146, 0.64); // round trip within one step
        gc::testing::expectPrefixProperty(*qwen, r.text);
    }
}

TEST(Qwen2Vl, PointsAndStripTokens)
{
    const GroundedText g = qwen->decode("click <|box_start|>(500,250)<|box_end|><|im_end|>", {});
    ASSERT_EQ(g.regionCount(), 1u);
    EXPECT_EQ(g.entities[0].regions[0].kind, RegionKind::Point);
    EXPECT_EQ(g.text, "click");
    EncodeRequest req;
    req.imageSize = {1000, 500};
    req.regions = {{RegionKind::Point, {}, {500, 125}, {}}};
    EXPECT_EQ(qwen->encode(req).text, "<|box_start|>(500,250)<|box_end|>");
}

TEST(Qwen2Vl, StreamingHidesOpenTags)
{
    DecodeOptions o;
    o.partial = true;
    const GroundedText g = qwen->decode("a <|object_ref_start|>cat<|object_ref_end|><|box_start|>(1,2),(3", o);
    EXPECT_EQ(g.regionCount(), 0u);
    EXPECT_EQ(qwen->decode("a <|object_ref_st", o).text, "a");
    gc::testing::expectSurvivesGarbage(*qwen, "<|object_ref_start|>a<|object_ref_end|><|box_start|>(1,2),(3,4)<|box_end|>");
}
} // namespace
