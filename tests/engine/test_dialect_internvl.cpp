// InternVL2/2.5. Answer shape from OpenGVLab/InternVL streamlit_demo/app.py@2410d1db (parser regex and the
// "Detect the <ref>the middle leopard</ref>" demo prompt).
#include "dialect_test_support.h"

#include "dialects/factories.h"

using namespace gc;

namespace {
const auto intern = dialects::makeInternVl();

TEST(InternVl, Decode)
{
    const std::string raw = "<ref>the middle leopard</ref><box>[[330, 288, 649, 677], [1, 2, 30, 40]]</box><|im_end|>";
    const GroundedText g = intern->decode(raw, {});
    EXPECT_EQ(g.text, "the middle leopard");
    ASSERT_EQ(g.entities.size(), 1u);
    ASSERT_EQ(g.entities[0].regions.size(), 2u);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x1, 0.33);
    EXPECT_EQ(g.entities[0].span, (Span{0, 18}));
    gc::testing::expectPrefixProperty(*intern, raw);
    gc::testing::expectSurvivesGarbage(*intern, raw);
}

TEST(InternVl, Malformed)
{
    EXPECT_TRUE(intern->decode("<ref>x</ref><box>[[1, 2, 3]]</box>", {}).entities.empty());
    EXPECT_TRUE(intern->decode("<ref>x</ref><box>[[1, 2, a, 4]]</box>", {}).entities.empty());
}

TEST(InternVl, EncodeAndRoundTrip)
{
    EncodeRequest req;
    req.imageSize = {640, 428};
    req.regions = {{RegionKind::Box, {146, 137, 615, 415}, {}, {}}, {RegionKind::Box, {0, 0, 64, 42.8}, {}, {}}};
    req.task = "region";
    const EncodeResult r = intern->encode(req);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.text, "Please provide a short description for this region: <box>[[228, 320, 961, 970], [0, 0, 100, 100]]</box>");
    req.task.clear();
    const GroundedText g = intern->decode(intern->encode(req).text, {});
    ASSERT_EQ(g.regionCount(), 2u);
    EXPECT_NEAR(g.entities[0].regions[0].box.y2 * 428, 415, 0.43);
    req.regions[0].kind = RegionKind::Polygon;
    EXPECT_FALSE(intern->encode(req).ok);
}
} // namespace
