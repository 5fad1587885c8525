// Grounding core: geometry, masks and RLE, coordinate spaces, UTF-8 helpers, grounded text.
#include "core/coords.h"
#include "core/grounded_text.h"
#include "core/rle.h"
#include "core/utf8.h"

#include <gtest/gtest.h>

#include <random>

using namespace gc;

TEST(Geometry, IouAndOrdering)
{
    EXPECT_DOUBLE_EQ(iou({0, 0, 2, 2}, {1, 1, 3, 3}), 1.0 / 7.0);
    EXPECT_DOUBLE_EQ(iou({0, 0, 1, 1}, {2, 2, 3, 3}), 0.0);
    const Box b = Box{5, 6, 1, 2}.ordered();
    EXPECT_EQ(b, (Box{1, 2, 5, 6}));
    EXPECT_DOUBLE_EQ(polygonArea({{0, 0}, {4, 0}, {4, 3}}), 6.0);
    bool clamped = false;
    EXPECT_DOUBLE_EQ(clampFlag(1.5, 0, 1, &clamped), 1.0);
    EXPECT_TRUE(clamped);
}

TEST(Rle, KnownStringsFollowTheCocoFormat)
{
    // counts [0,5,2,3]: the fourth run is written as a delta (3 - 5 = -2), one character 'N'.
    const Rle rle{2, 5, {0, 5, 2, 3}};
    EXPECT_EQ(rleToString(rle), "052N");
    const auto back = rleFromString("052N", 2, 5);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, rle);
    EXPECT_FALSE(rleFromString("052N", 3, 5).has_value()) << "counts must cover the image";
    EXPECT_FALSE(rleFromString("\x01", 1, 1).has_value());
}

TEST(Rle, ColumnMajorRunsStartWithBackground)
{
    Mask m(3, 2); // w=3, h=2
    m.set(0, 1, true);
    m.set(1, 0, true);
    m.set(1, 1, true);
    const Rle rle = rleEncode(m);
    // column-major: (0,0)=0 (0,1)=1 (1,0)=1 (1,1)=1 (2,0)=0 (2,1)=0
    EXPECT_EQ(rle.counts, (std::vector<uint32_t>{1, 3, 2}));
    EXPECT_EQ(rleArea(rle), 3);
    EXPECT_EQ(m.bbox(), (Box{0, 0, 2, 2}));
}

TEST(Rle, RandomMasksRoundTripExactly)
{
    std::mt19937 rng(7);
    for (int trial = 0; trial < 200; ++trial) {
        const int w = 1 + int(rng() % 40), h = 1 + int(rng() % 40);
        Mask m(w, h);
        const unsigned density = rng() % 100;
        for (auto &v : m.data)
            v = (rng() % 100) < density;
        const Rle rle = rleEncode(m);
        const auto decoded = rleDecode(rle);
        ASSERT_TRUE(decoded.has_value());
        EXPECT_EQ(*decoded, m);
        const auto parsed = rleFromString(rleToString(rle), w, h);
        ASSERT_TRUE(parsed.has_value());
        EXPECT_EQ(*parsed, rle);
        EXPECT_EQ(rleArea(rle), m.area());
    }
}

TEST(Coords, SmartResizeMatchesTheModelsPreprocessing)
{
    // Verified instances printed by the Qwen2.5-VL notebooks (process_bbox.ipynb, document_parsing.ipynb).
    EXPECT_EQ(coords::smartResize({640, 428}).value(), (SizeI{644, 420}));
    EXPECT_EQ(coords::smartResize({1014, 1532}).value(), (SizeI{1008, 1540}));
    // Too large: scaled under max_pixels, still multiples of 28.
    const SizeI big = coords::smartResize({8000, 6000}).value();
    EXPECT_LE(big.width * (long long)big.height, 12845056LL);
    EXPECT_EQ(big.width % 28, 0);
    EXPECT_EQ(big.height % 28, 0);
    // Too small: scaled up to min_pixels.
    const SizeI tiny = coords::smartResize({10, 10}).value();
    EXPECT_GE(tiny.width * tiny.height, 3136);
    EXPECT_FALSE(coords::smartResize({1, 300}).has_value()) << "aspect ratio over 200 is rejected";
    EXPECT_EQ(coords::smartResize({640, 480}, coords::qwen3Limits()).value().width % 32, 0);
}

TEST(Coords, PaddedSquareRoundTrips)
{
    const SizeI image{800, 400};
    const PointF p{0.25, 0.75};
    const PointF s = coords::imageToSquare(p, image);
    EXPECT_DOUBLE_EQ(s.x, 0.25);
    EXPECT_DOUBLE_EQ(s.y, (0.75 * 400 + 200) / 800);
    const PointF back = coords::squareToImage(s, image);
    EXPECT_DOUBLE_EQ(back.x, p.x);
    EXPECT_DOUBLE_EQ(back.y, p.y);
}

TEST(Coords, GridsAndBins)
{
    EXPECT_EQ(coords::quantizeBin(0.0, 1000), 0);
    EXPECT_EQ(coords::quantizeBin(1.0, 1000), 999);
    EXPECT_EQ(coords::quantizeBin(-3.0, 1000), 0);
    EXPECT_DOUBLE_EQ(coords::binCenter(53, 1000), 0.0535);
    EXPECT_EQ(coords::toScaleRounded(146.0 / 640, 1000, 1000), 228);
    EXPECT_EQ(coords::toScaleTruncated(0.999, 100, 100), 99);
    EXPECT_EQ(coords::roundHalfEven(2.5), 2);
    EXPECT_EQ(coords::roundHalfEven(3.5), 4);
}

TEST(Utf8, LengthsAndRepair)
{
    EXPECT_EQ(utf8::length("abc"), 3u);
    EXPECT_EQ(utf8::length("上海"), 2u);
    EXPECT_EQ(utf8::sanitize("a\xff"), "a\xEF\xBF\xBD");
    EXPECT_EQ(utf8::incompleteTail(std::string("上").substr(0, 2)), 2u);
    EXPECT_EQ(utf8::incompleteTail("上"), 0u);
}

TEST(GroundedText, BuilderSpansCountCodePointsAndSkipPhraseSpaces)
{
    GroundedTextBuilder b;
    b.appendText("  图像里有");
    Entity e;
    e.phrase = "a cat";
    e.span = b.appendPhrase(" a cat ");
    e.hasSpan = true;
    e.regions.push_back(Region::makeBox({0.1, 0.2, 0.3, 0.4}));
    b.addEntity(e);
    b.appendText("。 ");
    const GroundedText t = b.finish();
    EXPECT_EQ(t.text, "图像里有 a cat 。");
    EXPECT_EQ(t.entities[0].span, (Span{5, 10}));
    const GroundedText px = t.toPixels({100, 200});
    EXPECT_FALSE(px.normalized);
    EXPECT_DOUBLE_EQ(px.entities[0].regions[0].box.y2, 80);
}
