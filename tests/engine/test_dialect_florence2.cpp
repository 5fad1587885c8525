// Florence-2 codec. Real outputs come from transformers tests/models/florence2 (test_modeling_florence2.py,
// test_processing_florence2.py) and roboflow/supervision test/detection/test_vlm.py, via the shared jsonl.
#include "dialect_test_support.h"
#include "example_support.h"

#include "dialects/dialect_florence2.h"
#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto florence = dialects::makeFlorence2();

GroundedText decode(std::string_view raw, const std::string &task = {}, SizeI image = {1000, 1000})
{
    DecodeOptions o;
    o.task = task;
    o.imageSize = image;
    return florence->decode(raw, o);
}

TEST(Florence2, InfoIsComplete)
{
    const DialectInfo &i = florence->info();
    EXPECT_EQ(i.id, "florence2");
    EXPECT_EQ(i.space, CoordSpace::Bins1000);
    EXPECT_FALSE(i.source.empty());
    bool od = false;
    for (const TaskPrompt &t : i.tasks)
        od = od || (t.id == "detect" && t.token == "<OD>" && t.templ == "<OD>");
    EXPECT_TRUE(od);
    EXPECT_GE(i.tasks.size(), 14u);
}

TEST(Florence2, JsonlExamples)
{
    int n = 0;
    for (const auto &ex : gc::testing::examplesFor("florence2")) {
        if (ex["direction"] != "decode")
            continue;
        SizeI image{ex["image_size"][0].template get<int>(), ex["image_size"][1].template get<int>()};
        const std::string text = ex["text"];
        std::unique_ptr<Dialect> d = dialects::makeFlorence2();
        // the "Small" OCR example asserts the area filter of the test's call (0.01)
        if (text.rfind("Small", 0) == 0)
            d = dialects::makeFlorence2(dialects::Florence2Options{0.01});
        DecodeOptions o;
        o.imageSize = image;
        o.task = ex.value("task", "");
        // expected pixels are HF's int-truncated bin centres: within one bin (W/1000) of ours
        const double tol = std::max(image.width, image.height) / 1000.0 + 1.0;
        gc::testing::expectMatchesExample(d->decode(text, o), ex, tol);
        gc::testing::expectPrefixProperty(*d, text, o);
        ++n;
    }
    EXPECT_GE(n, 7);
}

TEST(Florence2, OdUsesBinCentres)
{
    // transformers test_post_process_generation (<OD>): car<loc_53><loc_334><loc_933><loc_775>
    const GroundedText g = decode("</s><s>car<loc_53><loc_334><loc_933><loc_775></s>", "<OD>");
    EXPECT_EQ(g.text, "car");
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].span, (Span{0, 3}));
    const Box b = g.entities[0].regions[0].box;
    EXPECT_DOUBLE_EQ(b.x1, 0.0535);
    EXPECT_DOUBLE_EQ(b.y2, 0.7755);
}

TEST(Florence2, SeveralBoxesPerLabelAndNonAsciiFiltered)
{
    const GroundedText g = decode("car<loc_1><loc_2><loc_3><loc_4><loc_5><loc_6><loc_7><loc_8>wh\xC3\xa9" "el<loc_10><loc_20><loc_30><loc_40>", "<OD>");
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].regions.size(), 2u);
    EXPECT_EQ(g.entities[1].phrase, "whel");
    EXPECT_EQ(g.text, "car, whel");
}

TEST(Florence2, PhraseGroundingDropsBannedPhrases)
{
    const GroundedText g = decode("A green car<loc_1><loc_2><loc_30><loc_40>it<loc_5><loc_6><loc_70><loc_80>",
                                  "<CAPTION_TO_PHRASE_GROUNDING>");
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "A green car");
}

TEST(Florence2, PolygonsWithPolyAndSep)
{
    const std::string raw = "cat<poly><loc_1><loc_1><loc_10><loc_1><loc_10><loc_10></poly><sep>"
                            "<poly><loc_20><loc_20><loc_30><loc_20><loc_30><loc_30><loc_31></poly>";
    const GroundedText g = decode(raw, "<REFERRING_EXPRESSION_SEGMENTATION>");
    ASSERT_EQ(g.entities.size(), 1u);
    ASSERT_EQ(g.entities[0].regions.size(), 2u);
    EXPECT_EQ(g.entities[0].regions[0].kind, RegionKind::Polygon);
    EXPECT_EQ(g.entities[0].regions[1].points.size(), 3u); // odd trailing loc dropped
    EXPECT_FALSE(g.diagnostics.empty());
    // open vocabulary detection switches to polygons when <poly> is present
    EXPECT_EQ(decode(raw, "<OPEN_VOCABULARY_DETECTION>").entities[0].regions[0].kind, RegionKind::Polygon);
}

TEST(Florence2, InfersGrammarWithoutTask)
{
    EXPECT_EQ(decode("car<loc_1><loc_2><loc_30><loc_40>").entities[0].regions[0].kind, RegionKind::Box);
    EXPECT_EQ(decode("STOP<loc_177><loc_226><loc_345><loc_224><loc_345><loc_327><loc_177><loc_331>")
                  .entities[0].regions[0].kind,
              RegionKind::Quad);
    EXPECT_EQ(decode("<loc_1><loc_2><loc_30><loc_40><loc_50><loc_60>").entities[0].regions[0].kind,
              RegionKind::Polygon);
    EXPECT_TRUE(decode("A dog on a sofa.").entities.empty());
}

TEST(Florence2, PureTextTasks)
{
    // supervision test_florence_2: the literal sentinel
    GroundedText g = decode("No object detected.", "<REGION_TO_CATEGORY>");
    EXPECT_EQ(g.text, "No object detected.");
    EXPECT_TRUE(g.entities.empty());
    // region answers may end with the echoed region (supervision test_florence_2, <REGION_TO_CATEGORY>)
    g = decode("</s><s>car<loc_52><loc_332><loc_932><loc_774></s>", "<REGION_TO_CATEGORY>");
    EXPECT_EQ(g.text, "car");
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_NEAR(g.entities[0].regions[0].box.x1, 0.0525, 1e-12);
    g = decode("</s><s>A car parked on a street.</s><pad><pad>", "<CAPTION>");
    EXPECT_EQ(g.text, "A car parked on a street.");
}

TEST(Florence2, OcrAreaThresholdIsAnOption)
{
    // transformers' test uses a degenerate quad (all corners on one line): no area, always dropped
    EXPECT_EQ(decode("Small<loc_1><loc_1><loc_2><loc_2><loc_2><loc_2><loc_1><loc_1>", "<OCR_WITH_REGION>").regionCount(), 0u);
    // a tiny but real quad is kept by default and dropped by the 0.01 option
    const std::string raw = "Small<loc_1><loc_1><loc_3><loc_1><loc_3><loc_3><loc_1><loc_3>";
    EXPECT_EQ(decode(raw, "<OCR_WITH_REGION>").regionCount(), 1u);
    const auto strict = dialects::makeFlorence2(dialects::Florence2Options{0.01});
    DecodeOptions o;
    o.task = "<OCR_WITH_REGION>";
    EXPECT_EQ(strict->decode(raw, o).regionCount(), 0u);
}

TEST(Florence2, EncodeRegionTask)
{
    // dialects.md §13: <REGION_TO_DESCRIPTION><loc_52><loc_332><loc_932><loc_774>
    EncodeRequest req;
    req.imageSize = {1000, 1000};
    req.regions = {{RegionKind::Box, {52.3, 332.9, 932.0, 774.5}, {}, {}}};
    req.task = "region";
    const EncodeResult r = florence->encode(req);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.text, "<REGION_TO_DESCRIPTION><loc_52><loc_332><loc_932><loc_774>");
    req.regions[0].kind = RegionKind::Polygon;
    EXPECT_FALSE(florence->encode(req).ok);
    req.regions.clear();
    EXPECT_FALSE(florence->encode(req).ok); // the region task needs a region
    req.task = "grounded-caption";
    req.phrase = "A green car";
    EXPECT_EQ(florence->encode(req).text, "<CAPTION_TO_PHRASE_GROUNDING>A green car");
}

TEST(Florence2, RoundTripPointsAndBoxes)
{
    // transformers test_quantizer_quantize_dequantize: points on 800x1200
    EncodeRequest req;
    req.imageSize = {800, 1200};
    for (PointF p : {PointF{0, 0}, PointF{300, 400}, PointF{799, 1199}})
        req.regions.push_back({RegionKind::Point, {}, p, {}});
    const EncodeResult r = florence->encode(req);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.text, "<loc_0><loc_0><loc_375><loc_333><loc_998><loc_999>");
    const GroundedText g = decode(r.text, "", req.imageSize);
    ASSERT_EQ(g.regionCount(), 1u); // six locs read back as one polygon
    const auto &pts = g.entities[0].regions[0].points;
    EXPECT_NEAR(pts[1].x * 800, 300, 0.8);
    EXPECT_NEAR(pts[1].y * 1200, 400, 1.2);

    EncodeRequest box;
    box.imageSize = {640, 480};
    box.regions = {{RegionKind::Box, {92, 273, 557, 373}, {}, {}}};
    const GroundedText gb = decode("x" + florence->encode(box).text, "<OD>", box.imageSize);
    ASSERT_EQ(gb.regionCount(), 1u);
    EXPECT_NEAR(gb.entities[0].regions[0].box.x2 * 640, 557, 0.64);
}

TEST(Florence2, MalformedStaysText)
{
    GroundedText g = decode("car<loc_1><loc_2><loc_3>", "<OD>");
    EXPECT_TRUE(g.entities.empty());
    EXPECT_FALSE(g.diagnostics.empty());
    g = decode("car<loc_x><loc_2><loc_3><loc_4><loc_5>", "<OD>");
    EXPECT_NE(g.text.find("<loc_x>"), std::string::npos);
    g = decode("car<loc_30><loc_40><loc_10><loc_20>", "<OD>");
    ASSERT_EQ(g.regionCount(), 1u);
    EXPECT_TRUE(g.entities[0].regions[0].reordered);
}

TEST(Florence2, Streaming)
{
    const std::string raw = "</s><s>wheels<loc_144><loc_570><loc_870><loc_778>wheels<loc_711><loc_573><loc_866><loc_774></s>";
    DecodeOptions o;
    o.task = "<OPEN_VOCABULARY_DETECTION>";
    gc::testing::expectPrefixProperty(*florence, raw, o);
    o.partial = true;
    // the last run of locs may still grow
    EXPECT_EQ(florence->decode("car<loc_1><loc_2><loc_3><loc_4>", o).regionCount(), 0u);
    EXPECT_EQ(florence->decode("car<loc_1><loc_2><loc_3><loc_4>dog<lo", o).regionCount(), 1u);
    gc::testing::expectSurvivesGarbage(*florence, raw);
}

} // namespace
