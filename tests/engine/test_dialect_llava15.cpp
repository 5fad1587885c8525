#include "dialect_test_support.h"

#include "dialects/factories.h"

#include <gtest/gtest.h>

using namespace gc;

namespace {

const auto padded = dialects::makeLlava15();
const auto cropped = dialects::makeLlava15Crop();

TEST(Llava15, BoxesOfThePaddedSquareMapBackToTheImage)
{
    // 640x480 padded to 640x640 with the image at y = 80 (spec §3.1): y = v·640 − 80, over 480
    DecodeOptions o;
    o.imageSize = {640, 480};
    const GroundedText g = padded->decode("The dog [0.25, 0.50, 0.75, 0.75] sleeps.", o);
    EXPECT_EQ(g.text, "The dog sleeps.");
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "The dog");
    const Box b = g.entities[0].regions[0].box;
    EXPECT_DOUBLE_EQ(b.x1, 0.25);
    EXPECT_DOUBLE_EQ(b.y1, (0.5 * 640 - 80) / 480);
    EXPECT_DOUBLE_EQ(b.y2, (0.75 * 640 - 80) / 480);
    // portrait with an odd difference: s = 103, pasted at x = (103 − 100)//2 = 1 (an integer, as PIL pastes)
    o.imageSize = {100, 103};
    const Box p = padded->decode("x [0.5, 0.5, 0.6, 0.6]", o).entities.at(0).regions.at(0).box;
    EXPECT_DOUBLE_EQ(p.x1, (0.5 * 103 - 1) / 100);
    EXPECT_DOUBLE_EQ(p.y1, 0.5);
}

TEST(Llava15, BoxesOfTheCentreCropMapBackToTheImage)
{
    // 640x480 cropped to its centre 480x480 (x from 80): x = (v·480 + 80)/640
    DecodeOptions o;
    o.imageSize = {640, 480};
    const Box b = cropped->decode("cat [0.0, 0.0, 1.0, 1.0]", o).entities.at(0).regions.at(0).box;
    EXPECT_DOUBLE_EQ(b.x1, 80.0 / 640);
    EXPECT_DOUBLE_EQ(b.x2, 560.0 / 640);
    EXPECT_DOUBLE_EQ(b.y1, 0.0);
    EXPECT_DOUBLE_EQ(b.y2, 1.0);
}

TEST(Llava15, EncodeWritesTwoDecimalsOfTheModelsSquareAndRoundTrips)
{
    EncodeRequest req;
    req.imageSize = {640, 480};
    PromptRegion r;
    r.box = {64, 48, 320, 432};
    req.regions = {r};
    // square: x 0.1, 0.5; y (48+80)/640 = 0.2, (432+80)/640 = 0.8
    EXPECT_EQ(padded->encode(req).text, "[0.10, 0.20, 0.50, 0.80]");
    req.task = "region";
    EXPECT_EQ(padded->encode(req).text, "Please provide a short description for this region: [0.10, 0.20, 0.50, 0.80]");
    // the crop: x (64−80)/480 clamps to 0, (320−80)/480 = 0.5; y 0.1, 0.9
    req.task.clear();
    EXPECT_EQ(cropped->encode(req).text, "[0.00, 0.10, 0.50, 0.90]");
    req.phrase = "the dog";
    DecodeOptions o;
    o.imageSize = req.imageSize;
    const GroundedText g = padded->decode(padded->encode(req).text, o);
    ASSERT_EQ(g.entities.size(), 1u);
    EXPECT_EQ(g.entities[0].phrase, "the dog");
    EXPECT_NEAR(g.entities[0].regions[0].box.y1, 0.1, 0.01);
    PromptRegion pt;
    pt.kind = RegionKind::Point;
    req.regions = {pt};
    EXPECT_FALSE(padded->encode(req).ok);
    req.regions.clear();
    req.phrase = "the red car";
    req.task = "refer";
    EXPECT_EQ(padded->encode(req).text,
              "Please provide the bounding box coordinate of the region this sentence describes: the red car");
}

TEST(Llava15, Streaming)
{
    gc::testing::expectPrefixProperty(*padded, "A woman [0.12, 0.25, 0.48, 0.90] holds a cup [0.50, 0.40, 0.60, 0.55].");
}

} // namespace
