// Qwen2.5-VL. JSON cases from roboflow/supervision test_from_qwen_2_5_vl (test/detection/test_vlm.py@7f7b25d7)
// and the plain-text cookbook output (QwenLM/Qwen2.5-VL cookbooks/spatial_understanding.ipynb §8), via the jsonl;
// smart_resize instance from cookbooks/document_parsing.ipynb; conversion from process_bbox.ipynb.
#include "dialect_test_support.h"
#include "example_support.h"

#include "dialects/factories.h"

#include <algorithm>

using namespace gc;

namespace {
const auto qwen = dialects::makeQwen25Vl();

TEST(Qwen25Vl, JsonlJsonExamples)
{
    int n = 0;
    for (const auto &ex : gc::testing::examplesFor("qwen2.5-vl-json")) {
        DecodeOptions o;
        o.imageSize = {ex["image_size"][0].get<int>(), ex["image_size"][1].get<int>()};
        o.inputSize = {ex["input_wh"][0].get<int>(), ex["input_wh"][1].get<int>()};
        const std::string text = ex["text"];
        gc::testing::expectMatchesExample(qwen->decode(text, o), ex, 1e-6);
        gc::testing::expectPrefixProperty(*qwen, text, o);
        ++n;
    }
    EXPECT_EQ(n, 3);
}

TEST(Qwen25Vl, JsonlPlainExampleWithoutFrame)
{
    for (const auto &ex : gc::testing::examplesFor("qwen2.5-vl-plain")) {
        const GroundedText g = qwen->decode(ex["text"].get<std::string>(), {});
        EXPECT_FALSE(g.normalized);
        EXPECT_FALSE(g.diagnostics.empty());
        gc::testing::expectMatchesExample(g, ex, 1e-9);
        EXPECT_EQ(g.text, "cakes");
    }
}

TEST(Qwen25Vl, FrameFromSmartResize)
{
    // process_bbox.ipynb: 640x428 -> 644x420; [147, 134, 619, 407] in that frame is [146,137,615,415] pixels
    DecodeOptions o;
    o.imageSize = {640, 428};
    const GroundedText g = qwen->decode("[{\"bbox_2d\": [147, 134, 619, 407], \"label\": \"bowl\"}]", o);
    ASSERT_EQ(g.regionCount(), 1u);
    const Box b = g.entities[0].regions[0].box;
    EXPECT_NEAR(b.x1 * 640, 146, 1);
    EXPECT_NEAR(b.y2 * 428, 415, 1);
    EXPECT_TRUE(g.normalized);
}

TEST(Qwen25Vl, OtherForms)
{
    DecodeOptions o;
    o.inputSize = {1000, 1000};
    GroundedText g = qwen->decode("<points x1=\"100\" y1=\"200\" x2=\"300\" y2=\"400\" alt=\"two cakes\">two cakes</points>", o);
    ASSERT_EQ(g.regionCount(), 2u);
    EXPECT_EQ(g.entities[0].phrase, "two cakes");
    EXPECT_DOUBLE_EQ(g.entities[0].regions[1].points[0].y, 0.4);
    g = qwen->decode("<html><body><h1 data-bbox=\"10 20 300 40\">Title</h1><p data-bbox=\"10 50 900 90\">Body text</p></body></html>", o);
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[1].phrase, "Body text");
    EXPECT_EQ(g.entities[1].attributes.at("element"), "p");
    EXPECT_EQ(g.text, "Title\nBody text");
    g = qwen->decode("<|object_ref_start|>cat<|object_ref_end|><|box_start|>(100,200),(300,400)<|box_end|>", o);
    ASSERT_EQ(g.regionCount(), 1u);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x2, 0.3);
    g = qwen->decode("[{\"point_2d\": [500, 250], \"label\": \"dot\"}]", o);
    EXPECT_EQ(g.entities[0].regions[0].kind, RegionKind::Point);
    for (const std::string &raw : {std::string("<points x1=\"1\" y1=\"2\" alt=\"a\">a</points> b <points x1=\"3\" y1=\"4\">c</points>"),
                                  std::string("<p data-bbox=\"1 2 3 4\">x</p><p data-bbox=\"5 6 7 8\">y</p>"),
                                  std::string("10,20,30,40 cat\n50,60,70,80 dog\n")}) {
        gc::testing::expectPrefixProperty(*qwen, raw, o);
        gc::testing::expectSurvivesGarbage(*qwen, raw);
    }
}

TEST(Qwen25Vl, ExtraKeysAndTruncation)
{
    DecodeOptions o;
    o.inputSize = {1000, 1000};
    const GroundedText g = qwen->decode(
        "```json\n[{\"bbox_2d\": [0, 614, 224, 825], \"name_zh\": \"米饭\", \"name_en\": \"Rice\"}, {\"bbox_2d\": [1, 2", o);
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "Rice");
    EXPECT_EQ(g.entities[0].attributes.at("name_zh"), "米饭");
    EXPECT_EQ(g.text, "Rice");
    EXPECT_FALSE(g.diagnostics.empty());
}

TEST(Qwen25Vl, EncodeAndRoundTrip)
{
    EncodeRequest req;
    req.imageSize = {640, 428};
    req.phrase = "bowl of carrots";
    req.regions = {{RegionKind::Box, {146, 137, 615, 415}, {}, {}}};
    const EncodeResult r = qwen->encode(req);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.text, "{\"bbox_2d\": [147, 134, 619, 407], \"label\": \"bowl of carrots\"}");
    DecodeOptions o;
    o.imageSize = req.imageSize;
    const GroundedText g = qwen->decode(r.text, o);
    ASSERT_EQ(g.regionCount(), 1u);
    EXPECT_NEAR(g.entities[0].regions[0].box.x2 * 640, 615, 640.0 / 644);
    req.imageSize = {};
    EXPECT_FALSE(qwen->encode(req).ok);
}

// The presets of the family's cookbooks: named objects, points, counting, text lines, documents.
TEST(Qwen25Vl, TaskPresets)
{
    std::vector<std::string> ids;
    for (const TaskPrompt &t : qwen->info().tasks)
        ids.push_back(t.id);
    for (const char *id : {"detect", "point", "count", "ocr", "document", "region"})
        EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
    EncodeRequest req;
    req.task = "count";
    req.phrase = "birds";
    const EncodeResult r = qwen->encode(req);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_NE(r.text.find("Count the birds in the image"), std::string::npos) << r.text;
    req.task = "document";
    req.phrase.clear();
    EXPECT_EQ(qwen->encode(req).text, "QwenVL HTML");
}

// A drawn region is written in the model's own input frame when the model gives it (an in-process model's
// smart_resize with its folder's pixel limits), not in the default one derived from the image size.
TEST(Qwen25Vl, RegionInTheModelsInputFrame)
{
    EncodeRequest req;
    req.imageSize = {45, 37};
    req.inputSize = {48, 40};
    req.task = "region";
    req.regions = {{RegionKind::Box, {0, 0, 45, 37}, {}, {}}};
    const EncodeResult r = qwen->encode(req);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_NE(r.text.find("[0, 0, 48, 40]"), std::string::npos) << r.text;
    DecodeOptions o;
    o.imageSize = req.imageSize;
    o.inputSize = req.inputSize;
    const GroundedText g = qwen->decode("{\"bbox_2d\": [24, 20, 48, 40]}", o);
    ASSERT_EQ(g.regionCount(), 1u);
    EXPECT_NEAR(g.entities[0].regions[0].box.x1, 0.5, 1e-9);
    EXPECT_NEAR(g.entities[0].regions[0].box.y2, 1.0, 1e-9);
}
} // namespace
