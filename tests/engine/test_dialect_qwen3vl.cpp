// Qwen3-VL. Output from QwenLM/Qwen3-VL cookbooks/omni_recognition.ipynb@96588727 cell 6 (via the jsonl).
#include "dialect_test_support.h"
#include "example_support.h"

#include "dialects/factories.h"

using namespace gc;

namespace {
const auto qwen = dialects::makeQwen3Vl();

TEST(Qwen3Vl, JsonlExample)
{
    const auto all = gc::testing::examplesFor("qwen3-vl-json");
    ASSERT_EQ(all.size(), 1u);
    const std::string text = all[0]["text"];
    const GroundedText g = qwen->decode(text, {});
    gc::testing::expectMatchesExample(g, all[0], 1e-9);
    for (size_t i = 0; i < g.entities.size(); ++i)
        EXPECT_EQ(g.entities[i].attributes.at("name_zh"), all[0]["expected"][i]["phrase_zh"].get<std::string>());
    EXPECT_EQ(g.text.substr(0, 10), "Rice, Rice");
    EXPECT_EQ(g.entities[2].span, (Span{12, 39}));
    gc::testing::expectPrefixProperty(*qwen, text);
    gc::testing::expectSurvivesGarbage(*qwen, text.substr(0, 200));
}

TEST(Qwen3Vl, ProseAroundAndMalformed)
{
    GroundedText g = qwen->decode("Sure.\n```json\n[{\"point_2d\": [500, 1200], \"label\": \"cup\"}]\n```\nAnything else?", {});
    EXPECT_EQ(g.text, "Sure.\ncup\nAnything else?");
    ASSERT_EQ(g.regionCount(), 1u);
    EXPECT_TRUE(g.entities[0].regions[0].clamped);
    g = qwen->decode("[{\"bbox_2d\": [1, 2, 3], \"label\": \"bad\"}]", {});
    EXPECT_TRUE(g.entities.empty());
    EXPECT_FALSE(g.diagnostics.empty());
}

TEST(Qwen3Vl, EncodeAndRoundTrip)
{
    // issue #1927: What is inside {"bbox_2d": [74, 361, 324, 808]}?
    EncodeRequest req;
    req.imageSize = {1000, 1000};
    req.regions = {{RegionKind::Box, {74, 361, 324, 808}, {}, {}}};
    req.task = "region";
    const EncodeResult r = qwen->encode(req);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.text, "What is inside {\"bbox_2d\": [74, 361, 324, 808]}?");
    req.task.clear();
    EXPECT_DOUBLE_EQ(qwen->decode("[" + qwen->encode(req).text + "]", {}).entities[0].regions[0].box.y2, 0.808);
}
} // namespace
