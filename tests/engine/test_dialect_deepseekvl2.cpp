// DeepSeek-VL2. Outputs from deepseek-ai/DeepSeek-VL2 README.md@ef9f91e2 l.168 and supervision's
// test_from_deepseek_vl_2 (test/detection/test_vlm.py@7f7b25d7), via the jsonl.
#include "dialect_test_support.h"
#include "example_support.h"

#include "dialects/factories.h"

using namespace gc;

namespace {
const auto ds = dialects::makeDeepSeekVl2();

TEST(DeepSeekVl2, JsonlExamples)
{
    int n = 0;
    for (const auto &ex : gc::testing::examplesFor("deepseek-vl2")) {
        DecodeOptions o;
        const std::string text = ex["text"];
        const GroundedText g = ds->decode(text, o);
        gc::testing::expectMatchesExample(g, ex, 0.11);
        gc::testing::expectPrefixProperty(*ds, text);
        ++n;
    }
    EXPECT_EQ(n, 2);
    const GroundedText g = ds->decode("<|ref|>The giraffe at the back.<|/ref|><|det|>[[580, 270, 999, 900]]<|/det|>"
                                      "<\xEF\xBD\x9C" "end\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>", {});
    EXPECT_EQ(g.text, "The giraffe at the back.");
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x2, 1.0); // 999 is the full extent
}

TEST(DeepSeekVl2, EncodeAndRoundTrip)
{
    EncodeRequest req;
    req.imageSize = {1000, 1000};
    req.phrase = "cat";
    req.regions = {{RegionKind::Box, {100.1, 200.2, 300.3, 400.4}, {}, {}}};
    const EncodeResult r = ds->encode(req);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.text, "<|ref|>cat<|/ref|><|det|>[[100, 200, 300, 400]]<|/det|>");
    EXPECT_NEAR(ds->decode(r.text, {}).entities[0].regions[0].box.x1 * 1000, 100.1, 1.0);
    req.regions.clear();
    req.task = "refer";
    req.phrase = "The giraffe at the back.";
    EXPECT_EQ(ds->encode(req).text, "<|ref|>The giraffe at the back.<|/ref|>.");
    gc::testing::expectSurvivesGarbage(*ds, "<|ref|>cat<|/ref|><|det|>[[1, 2, 3, 4]]<|/det|>");
}
} // namespace
