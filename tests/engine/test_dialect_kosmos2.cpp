#include "dialect_test_support.h"

#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto kosmos = dialects::makeKosmos2();

// transformers tests/models/kosmos2/test_modeling_kosmos2.py@01080c62
// Kosmos2ModelIntegrationTest.test_snowman_image_captioning (EXPECTED_PROCESSED_TEXT, EXPECTED_ENTITIES).
const std::string kSnowman = "<grounding> An image of<phrase> a snowman</phrase><object><patch_index_0044>"
                             "<patch_index_0863></object> warming himself by<phrase> a fire</phrase><object>"
                             "<patch_index_0005><patch_index_0911></object>.";

void expectBox(const Region &r, double x1, double y1, double x2, double y2)
{
    EXPECT_DOUBLE_EQ(r.box.x1, x1);
    EXPECT_DOUBLE_EQ(r.box.y1, y1);
    EXPECT_DOUBLE_EQ(r.box.x2, x2);
    EXPECT_DOUBLE_EQ(r.box.y2, y2);
}

TEST(Kosmos2, SnowmanMatchesPostProcessGeneration)
{
    const GroundedText g = kosmos->decode(kSnowman, {});
    EXPECT_TRUE(g.normalized);
    EXPECT_EQ(g.text, "An image of a snowman warming himself by a fire.");
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].phrase, "a snowman");
    EXPECT_EQ(g.entities[0].span, (Span{12, 21}));
    EXPECT_TRUE(g.entities[0].hasSpan);
    ASSERT_EQ(g.entities[0].regions.size(), 1u);
    expectBox(g.entities[0].regions[0], 0.390625, 0.046875, 0.984375, 0.828125);
    EXPECT_EQ(g.entities[1].phrase, "a fire");
    EXPECT_EQ(g.entities[1].span, (Span{41, 47}));
    expectBox(g.entities[1].regions[0], 0.171875, 0.015625, 0.484375, 0.890625);
    EXPECT_TRUE(g.diagnostics.empty());
}

TEST(Kosmos2, TextUpToImageEndIsDropped)
{
    // post_process_generation splits on </image> and keeps the last part
    const GroundedText g = kosmos->decode("<image>. the caption</image>" + kSnowman, {});
    EXPECT_EQ(g.text, "An image of a snowman warming himself by a fire.");
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[1].span, (Span{41, 47}));
}

TEST(Kosmos2, SharedRowGivesFullCells)
{
    // ul 0 (0,0) and lr 31 (31,0) share row 0 -> full cells, per patch_index_to_coordinate
    const GroundedText g = kosmos->decode("<phrase>a bar</phrase><object><patch_index_0000><patch_index_0031></object>", {});
    ASSERT_EQ(g.entities.size(), 1u);
    expectBox(g.entities[0].regions[0], 0.0, 0.0, 1.0, 1.0 / 32);
    // same cell
    const GroundedText s = kosmos->decode("<phrase>x</phrase><object><patch_index_0033><patch_index_0033></object>", {});
    expectBox(s.entities[0].regions[0], 1.0 / 32, 1.0 / 32, 2.0 / 32, 2.0 / 32);
}

TEST(Kosmos2, SeveralBoxesForOnePhrase)
{
    // transformers test_processing_kosmos2.py@04483fb7 Kosmos2ProcessorTest.test_full_processor text (spaces as
    // the processor's input form writes them)
    const std::string text = "<grounding> <phrase> Two puppies </phrase> <object> <patch_index_0079> <patch_index_1016> "
                             "</delimiter_of_multi_objects/> <patch_index_0135> <patch_index_1008> </object> sit in a "
                             "field of <phrase> grass </phrase>.";
    const GroundedText g = kosmos->decode(text, {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "Two puppies");
    ASSERT_EQ(g.entities[0].regions.size(), 2u);
    // 79 = (15, 2), 1016 = (24, 31): centres
    expectBox(g.entities[0].regions[0], 15.5 / 32, 2.5 / 32, 24.5 / 32, 31.5 / 32);
    // 135 = (7, 4), 1008 = (16, 31)
    expectBox(g.entities[0].regions[1], 7.5 / 32, 4.5 / 32, 16.5 / 32, 31.5 / 32);
    // a phrase with no object is just text
    EXPECT_NE(g.text.find("grass"), std::string::npos);
    EXPECT_EQ(g.text.find('<'), std::string::npos);
}

TEST(Kosmos2, ObjectWithoutPhraseIsNamedAfterItsPatches)
{
    const GroundedText g = kosmos->decode("Look<object><patch_index_0044><patch_index_0863></object> here", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "<patch_index_44><patch_index_863>");
    EXPECT_FALSE(g.entities[0].hasSpan);
    EXPECT_EQ(g.entities[0].span, (Span{4, 4}));
    EXPECT_EQ(g.text, "Look here");
}

TEST(Kosmos2, MalformedStaysText)
{
    // unterminated object, garbage index, unknown tags: no entity, no crash
    GroundedText g = kosmos->decode("<phrase>a dog</phrase><object><patch_index_0044>", {});
    EXPECT_TRUE(g.entities.empty());
    EXPECT_EQ(g.text, "a dog");
    g = kosmos->decode("<phrase>a dog</phrase><object><patch_index_00x4><patch_index_0863></object>", {});
    EXPECT_TRUE(g.entities.empty());
    EXPECT_FALSE(g.diagnostics.empty());
    // beyond the grid: clamped and reported
    g = kosmos->decode("<phrase>a dog</phrase><object><patch_index_0000><patch_index_5000></object>", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_TRUE(g.entities[0].regions[0].clamped);
    EXPECT_LE(g.entities[0].regions[0].box.y2, 1.0);
    EXPECT_FALSE(g.diagnostics.empty());
    // reversed corners
    g = kosmos->decode("<phrase>a dog</phrase><object><patch_index_0863><patch_index_0044></object>", {});
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_TRUE(g.entities[0].regions[0].reordered);
    EXPECT_TRUE(g.entities[0].regions[0].box.isOrdered());
    // HF deletes anything that looks like a tag, on one line
    g = kosmos->decode("a <b> c < d\n e", {});
    EXPECT_EQ(g.text, "a  c < d\n e");
}

TEST(Kosmos2, EncodeBoxesAndRoundTrip)
{
    EncodeRequest req;
    req.imageSize = {640, 480};
    req.phrase = "a snowman";
    PromptRegion r;
    r.box = {0.390625 * 640, 0.046875 * 480, 0.984375 * 640, 0.828125 * 480};
    req.regions.push_back(r);
    const EncodeResult e = kosmos->encode(req);
    ASSERT_TRUE(e.ok) << e.error;
    EXPECT_EQ(e.text, "<phrase>a snowman</phrase><object><patch_index_0044><patch_index_0863></object>");

    // test_full_processor: bboxes [(79,1016),(135,1008)] joined by the delimiter
    EncodeRequest two;
    two.imageSize = {32, 32};
    two.phrase = "Two puppies";
    PromptRegion a, b;
    a.box = {15.2, 2.1, 24.9, 31.9};  // -> 2*32+15 = 79, 31*32+24 = 1016
    b.box = {7.0, 4.0, 16.5, 31.2};   // -> 135, 1008
    two.regions = {a, b};
    const EncodeResult e2 = kosmos->encode(two);
    ASSERT_TRUE(e2.ok);
    EXPECT_EQ(e2.text, "<phrase>Two puppies</phrase><object><patch_index_0079><patch_index_1016>"
                       "</delimiter_of_multi_objects/><patch_index_0135><patch_index_1008></object>");

    // round trip within one cell
    EncodeRequest rt;
    rt.imageSize = {1000, 800};
    rt.phrase = "thing";
    PromptRegion box;
    box.box = {123, 77, 901, 640};
    rt.regions = {box};
    const GroundedText g = kosmos->decode(kosmos->encode(rt).text, {});
    ASSERT_EQ(g.entities.size(), 1u);
    const Box got = g.entities[0].regions[0].box;
    EXPECT_NEAR(got.x1, 0.123, 1.0 / 32);
    EXPECT_NEAR(got.y1, 77.0 / 800, 1.0 / 32);
    EXPECT_NEAR(got.x2, 0.901, 1.0 / 32);
    EXPECT_NEAR(got.y2, 640.0 / 800, 1.0 / 32);
}

TEST(Kosmos2, EncodeTasksAndRefusals)
{
    EncodeRequest req;
    req.imageSize = {100, 100};
    req.task = "grounded-caption";
    EXPECT_EQ(kosmos->encode(req).text, "<grounding>An image of");
    req.task = "refer";
    req.phrase = " a snowman";
    EXPECT_EQ(kosmos->encode(req).text, "<grounding><phrase> a snowman</phrase>");
    req.task = "region";
    PromptRegion r;
    r.box = {0, 0, 100, 100};
    req.regions = {r};
    EXPECT_EQ(kosmos->encode(req).text,
              "<grounding><phrase> It</phrase><object><patch_index_0000><patch_index_1023></object> is");
    req.task = "nope";
    EXPECT_FALSE(kosmos->encode(req).ok);
    // counting, in the question format of the chat task (the demo model is trained on exactly this)
    EncodeRequest count;
    count.task = "count";
    count.phrase = "red triangles";
    EXPECT_EQ(kosmos->encode(count).text, "<grounding>Question: How many red triangles are there? Answer:");
    count.task = "chat";
    count.phrase = "How many red triangles are there?";
    EXPECT_EQ(kosmos->encode(count).text, "<grounding>Question: How many red triangles are there? Answer:");

    EncodeRequest pt;
    pt.imageSize = {100, 100};
    PromptRegion p;
    p.kind = RegionKind::Point;
    p.point = {5, 5};
    pt.regions = {p};
    const EncodeResult bad = kosmos->encode(pt);
    EXPECT_FALSE(bad.ok);
    EXPECT_FALSE(bad.error.empty());
}

TEST(Kosmos2, AnswerThatContinuesThePromptKeepsTextAndSpansTogether)
{
    // The answer finishes a phrase the prompt opened: shown from the phrase's start, spans on that text.
    DecodeOptions o;
    o.prompt = "<grounding>An image of<phrase> a";
    const std::string answer = "n orange diamond</phrase><object><patch_index_0784><patch_index_0916></object> and"
                               "<phrase> a blue square</phrase><object><patch_index_0059><patch_index_0529></object>.";
    GroundedText g = kosmos->decode(answer, o);
    EXPECT_EQ(g.text, "an orange diamond and a blue square.");
    ASSERT_EQ(g.entities.size(), 2u);
    EXPECT_EQ(g.entities[0].phrase, "an orange diamond");
    EXPECT_EQ(g.entities[0].span, (Span{0, 17}));
    EXPECT_EQ(g.entities[1].span, (Span{22, 35}));
    gc::testing::expectPrefixProperty(*kosmos, answer, o);

    // a word the prompt began
    o.prompt = "<grounding>An image of a";
    EXPECT_EQ(kosmos->decode("n orange diamond.", o).text, "an orange diamond.");
    // a referring expression: the answer is the phrase's box, so the phrase is the answer's text
    o.prompt = "<grounding><phrase> the orange diamond</phrase>";
    g = kosmos->decode("<object><patch_index_0784><patch_index_0916></object>.", o);
    EXPECT_EQ(g.text, "the orange diamond.");
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "the orange diamond");
    EXPECT_TRUE(g.entities[0].hasSpan);
    EXPECT_EQ(g.entities[0].span, (Span{0, 18}));
    // the user's region in the prompt is not part of the answer
    o.prompt = "<grounding><phrase> It</phrase><object><patch_index_0784><patch_index_0916></object> is";
    g = kosmos->decode(" an orange diamond.", o);
    EXPECT_EQ(g.text, "an orange diamond.");
    EXPECT_TRUE(g.entities.empty());
    // an answer that starts a new word or phrase is shown from its own start
    o.prompt = "<grounding>An image of";
    g = kosmos->decode(" <phrase> a red circle</phrase><object><patch_index_0164><patch_index_0491></object>.", o);
    EXPECT_EQ(g.text, "a red circle.");
    EXPECT_EQ(g.entities.at(0).span, (Span{0, 12}));
}

TEST(Kosmos2, InfoIsComplete)
{
    const DialectInfo &i = kosmos->info();
    EXPECT_EQ(i.id, "kosmos2");
    EXPECT_EQ(i.space, CoordSpace::Patch32);
    EXPECT_TRUE(i.caps.boxIn);
    EXPECT_TRUE(i.caps.boxOut);
    EXPECT_FALSE(i.caps.pointIn);
    EXPECT_FALSE(i.source.empty());
    EXPECT_GE(i.tasks.size(), 3u);
}

TEST(Kosmos2, StreamingPrefixes)
{
    gc::testing::expectPrefixProperty(*kosmos, kSnowman);
    gc::testing::expectPrefixProperty(*kosmos, "<phrase> Two puppies</phrase><object><patch_index_0079><patch_index_1016>"
                                               "</delimiter_of_multi_objects/><patch_index_0135><patch_index_1008></object> x");
    // a half-written tag is hidden and nothing is reported before </object>
    DecodeOptions o;
    o.partial = true;
    const GroundedText g = kosmos->decode("An image of<phrase> a snowman</phrase><object><patch_index_0044><patch_ind", o);
    EXPECT_TRUE(g.entities.empty());
    EXPECT_EQ(g.text, "An image of a snowman");
}

TEST(Kosmos2, SurvivesGarbage) { gc::testing::expectSurvivesGarbage(*kosmos, kSnowman); }

} // namespace
