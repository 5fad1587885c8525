// PaliGemma. Cases from roboflow/supervision test_from_paligemma (test/detection/test_vlm.py@7f7b25d7) via
// the jsonl; segmentation layout from google-research/big_vision pp/proj/paligemma/segmentation.py@0127fb6b.
#include "dialect_test_support.h"
#include "example_support.h"

#include "dialects/factories.h"

using namespace gc;

namespace {
const auto pali = dialects::makePaliGemma();

TEST(PaliGemma, JsonlExamples)
{
    int n = 0;
    for (const auto &ex : gc::testing::examplesFor("paligemma")) {
        DecodeOptions o;
        o.imageSize = {ex["image_size"][0].get<int>(), ex["image_size"][1].get<int>()};
        const std::string text = ex["text"];
        // expected follows supervision's /1024; we divide by 1023 like big_vision: under one step apart
        gc::testing::expectMatchesExample(pali->decode(text, o), ex, 1000.0 / 1023);
        gc::testing::expectPrefixProperty(*pali, text, o);
        ++n;
    }
    EXPECT_EQ(n, 4);
}

TEST(PaliGemma, YxOrderAndSegTokens)
{
    std::string segs;
    for (int i = 0; i < 16; ++i)
        segs += "<seg" + std::string(i < 10 ? "00" : "0") + std::to_string(i) + ">";
    const std::string raw = "<loc0100><loc0200><loc0300><loc0400>" + segs + " cat ; <loc0000><loc0000><loc1023><loc1023> dog";
    const GroundedText g = pali->decode(raw, {});
    EXPECT_EQ(g.text, "cat ; dog");
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_NEAR(g.entities[0].regions[0].box.x1, 200.0 / 1023, 1e-12);
    EXPECT_NEAR(g.entities[0].regions[0].box.y1, 100.0 / 1023, 1e-12);
    EXPECT_EQ(g.entities[0].attributes.at("mask_code").substr(0, 5), "0 1 2");
    EXPECT_EQ(g.entities[1].span, (Span{6, 9}));
    EXPECT_DOUBLE_EQ(g.entities[1].regions[0].box.x2, 1.0);
    gc::testing::expectPrefixProperty(*pali, raw);
    gc::testing::expectSurvivesGarbage(*pali, raw);
    DecodeOptions o;
    o.partial = true;
    EXPECT_EQ(pali->decode("<loc0100><loc0200><loc0300><loc0400> ca", o).regionCount(), 0u); // label may grow
}

TEST(PaliGemma, EncodeAndRoundTrip)
{
    EncodeRequest req;
    req.imageSize = {1000, 1000};
    req.phrase = "cat";
    req.regions = {{RegionKind::Box, {250, 100, 750, 900}, {}, {}}};
    const EncodeResult r = pali->encode(req);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.text, "<loc0102><loc0256><loc0921><loc0767> cat");
    const GroundedText g = pali->decode(r.text, {});
    EXPECT_NEAR(g.entities[0].regions[0].box.x1 * 1000, 250, 1000.0 / 1023);
    req.regions[0].kind = RegionKind::Point;
    EXPECT_FALSE(pali->encode(req).ok);
}
} // namespace
