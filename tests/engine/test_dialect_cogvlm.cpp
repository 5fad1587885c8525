#include "dialect_test_support.h"

#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto cogvlm = dialects::makeCogVlm();
const auto cogagent = dialects::makeCogAgent();

TEST(CogVlm, BoxesAfterTheirNounPhrase)
{
    // Shape from CogVLM README l.588-591: relative x1000, zero padded, ';' between boxes of one mention
    const std::string raw = "A girl[[086,540,400,760]] is feeding two ducks[[500,600,620,700;700,610,810,720]] by the lake.";
    const GroundedText g = cogvlm->decode(raw, {});
    EXPECT_EQ(g.text, "A girl is feeding two ducks by the lake.");
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].phrase, "A girl");
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x1, 0.086);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.y2, 0.76);
    EXPECT_EQ(g.entities[1].phrase, "is feeding two ducks");
    EXPECT_EQ(g.entities[1].span, (Span{7, 27}));
    ASSERT_EQ(g.entities[1].regions.size(), 2u);
    EXPECT_DOUBLE_EQ(g.entities[1].regions[1].box.x2, 0.81);
}

TEST(CogVlm, EncodeBox2Caption)
{
    // dialect-examples.jsonl: CogVLM README l.586 box2caption prompt
    EncodeRequest req;
    req.imageSize = {1000, 1000};
    req.task = "region";
    PromptRegion r;
    r.box = {86, 540, 400, 760};
    req.regions = {r};
    const EncodeResult e = cogvlm->encode(req);
    ASSERT_TRUE(e.ok);
    EXPECT_EQ(e.text, "Tell me what you see within the designated area [[086,540,400,760]] in the picture.");
    req.task = "refer";
    req.regions.clear();
    req.phrase = "the girl";
    EXPECT_EQ(cogvlm->encode(req).text, "Where is the girl? answer in [[x0,y0,x1,y1]] format.");
    // round trip
    EncodeRequest rt;
    rt.imageSize = {640, 480};
    rt.phrase = "duck";
    PromptRegion b;
    b.box = {10.2, 20.7, 630.1, 470.3};
    rt.regions = {b};
    const GroundedText g = cogvlm->decode(cogvlm->encode(rt).text, {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "duck");
    EXPECT_NEAR(g.entities[0].regions[0].box.x1 * 640, 10.2, 0.64);
    EXPECT_NEAR(g.entities[0].regions[0].box.y2 * 480, 470.3, 0.48);
}

TEST(CogVlm, Malformed)
{
    const GroundedText g = cogvlm->decode("x [[1,2,3]] y [[12,abc]] z [[999,5,1,1500]]", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_TRUE(g.entities[0].regions[0].clamped);
    EXPECT_TRUE(g.entities[0].regions[0].reordered);
    EXPECT_EQ(g.text, "x [[1,2,3]] y [[12,abc]] z");
}

TEST(CogAgent, ClickOperation)
{
    // CogAgent README (Answer in Action-Operation-Sensitive format sample output)
    const std::string raw = "Action: Click the 'Mark all as read' button in the top toolbar of the page to mark all emails as read.\n"
                            "Grounded Operation: CLICK(box=[[219,186,311,207]], element_type='Clickable text', element_info='Mark all emails as read')\n"
                            "<<一般操作>>";
    const GroundedText g = cogagent->decode(raw, {});
    ASSERT_EQ(g.entities.size(), 1u);
    const Entity &e = g.entities[0];
    EXPECT_EQ(e.phrase, "Mark all emails as read");
    EXPECT_TRUE(e.hasSpan);
    EXPECT_EQ(e.attributes.at("action"), "CLICK");
    EXPECT_EQ(e.attributes.at("element_type"), "Clickable text");
    ASSERT_EQ(e.regions.size(), 2u);
    EXPECT_DOUBLE_EQ(e.regions[0].box.x1, 0.219);
    EXPECT_DOUBLE_EQ(e.regions[0].box.y2, 0.207);
    EXPECT_EQ(e.regions[1].kind, RegionKind::Point);
    EXPECT_NEAR(e.regions[1].points[0].x, 0.265, 1e-12); // Action_space_en.md: click at the box centre
    EXPECT_NE(g.text.find("CLICK(element_type='Clickable text', element_info='Mark all emails as read')"), std::string::npos);
    EXPECT_EQ(g.text.find("[["), std::string::npos);
}

TEST(CogAgent, StatusBoxesAndV1Operation)
{
    // CogAgent README (Status-Plan-Action-Operation sample): boxes with spaces in prose
    GroundedText g = cogagent->decode("Status: Currently in the email interface [[0, 2, 998, 905]], with the email categories on the left [[1, 216, 144, 570]].", {});
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].phrase, "Currently in the email interface");
    EXPECT_EQ(g.entities[1].phrase, "with the email categories on the left");
    // v1 (CogVLM README l.557-564): "Grounded Operation: ... at the box [[212,498,787,564]]"
    g = cogagent->decode("Grounded Operation:[button] Search -> click at the box [[212,498,787,564]]", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_DOUBLE_EQ(g.entities[0].regions[0].box.x2, 0.787);
    // ms-swift test_vision.py CogAgent expected response
    g = cogagent->decode("Grounded Operation: CLICK(box=[[346,574,424,710]], element_type='卡片', element_info='Adobe Photoshop 2023')", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "Adobe Photoshop 2023");
    EXPECT_EQ(g.entities[0].attributes.at("element_type"), "卡片");
    // TYPE is not a click: box only
    g = cogagent->decode("TYPE(box=[[1,2,3,4]], text='hi')", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].regions.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "TYPE");
}

TEST(CogAgent, Streaming)
{
    const std::string raw = "Status: in the mail [[0, 2, 998, 905]].\nGrounded Operation: CLICK(box=[[219,186,311,207]], element_type='Clickable text', element_info='Mark all emails as read')\nDone.";
    gc::testing::expectPrefixProperty(*cogagent, raw);
    gc::testing::expectPrefixProperty(*cogvlm, "A girl[[086,540,400,760]] is feeding two ducks[[500,600,620,700;700,610,810,720]] by the lake.");
    DecodeOptions o;
    o.partial = true;
    const GroundedText g = cogagent->decode("Op: CLICK(box=[[219,186,311,207]], element_info='Mark all", o);
    EXPECT_TRUE(g.entities.empty());
    EXPECT_EQ(g.text, "Op:");
}

TEST(CogVlm, SurvivesGarbage)
{
    gc::testing::expectSurvivesGarbage(*cogvlm, "a[[1,2,3,4;5,6,7,8]] b[[1,2]]");
    gc::testing::expectSurvivesGarbage(*cogagent, "CLICK(box=[[1,2,3,4]], element_info='x\\'y') HOVER(box=[1,2,3,4])");
}

TEST(CogVlm, Info)
{
    EXPECT_EQ(cogvlm->info().id, "cogvlm");
    EXPECT_EQ(cogagent->info().id, "cogagent");
    EXPECT_EQ(cogvlm->info().space, CoordSpace::Scale1000);
    EXPECT_TRUE(cogagent->info().caps.pointOut);
}

} // namespace
