#include "segment/mask_ops.h"
#include "segment/sam_model.h"
#include "synthetic_scene.h"

#include <gtest/gtest.h>

#include <cstdio>

using namespace gc;
using namespace gc::seg;

namespace {

const std::string kTinyModel = std::string(GC_TEST_DATA) + "/tiny_sam.pt";

Mask boxMask(int w, int h, const Box &b)
{
    Mask m(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.set(x, y, x + 0.5 > b.x1 && x + 0.5 < b.x2 && y + 0.5 > b.y1 && y + 0.5 < b.y2);
    return m;
}

} // namespace

TEST(SamModel, LoadsTinyModelWithEfficientSamContract)
{
    const SamLoadResult loaded = loadSamSegmenter(kTinyModel);
    ASSERT_TRUE(loaded.segmenter) << loaded.error;
    EXPECT_TRUE(loaded.splitEncoderDecoder);
    EXPECT_EQ(loaded.maxPoints, 6);
}

TEST(SamModel, BoxPromptMapsBackToImagePixels)
{
    auto seg = loadSamSegmenter(kTinyModel).segmenter;
    ASSERT_TRUE(seg);
    const Scene scene = makeScene(7, 200, 120); // not square: the model stretches to its square input
    ASSERT_TRUE(seg->setImage(scene.image).empty());
    Prompts p;
    p.box = Box{120, 90, 40, 30}; // corners in the wrong order on purpose
    const SegmentResult r = seg->segment(p);
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(r.masks.size(), 3u);
    // Ranked by predicted IoU: the tiny model's best (0.9) is its second output, the exact box.
    EXPECT_FLOAT_EQ(float(r.masks[0].score), 0.9f);
    EXPECT_FLOAT_EQ(float(r.masks[1].score), 0.6f);
    EXPECT_GE(maskIoU(r.best()->mask, boxMask(200, 120, Box{40, 30, 120, 90})), 0.95);
    EXPECT_EQ(r.best()->mask.width, 200);
    EXPECT_EQ(r.best()->mask.height, 120);
}

// The point of the split contract: one encoder run per image, then every click is decoder-only.
TEST(SamModel, EmbeddingIsComputedOncePerImageAndCached)
{
    auto seg = loadSamSegmenter(kTinyModel).segmenter;
    ASSERT_TRUE(seg);
    const Scene a = makeScene(1, 160, 120), b = makeScene(2, 160, 120);
    ASSERT_TRUE(seg->setImage(a.image).empty());
    EXPECT_EQ(seg->stats().encoderCalls, 1);

    Prompts p;
    p.points.push_back({{80, 60}, true});
    SegmentResult r = seg->segment(p);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_FALSE(r.embeddingCached); // the first click pays for (and reports) the encoder run
    EXPECT_TRUE(r.best()->mask.at(80, 60));
    EXPECT_TRUE(r.best()->mask.at(95, 60));
    for (int click = 0; click < 4; ++click) {
        p.points.push_back({{95.0 + click, 60.0}, false});
        r = seg->segment(p);
        ASSERT_TRUE(r.ok()) << r.error;
        EXPECT_TRUE(r.embeddingCached);
        EXPECT_EQ(r.encodeMs, 0.0);
    }
    EXPECT_FALSE(r.best()->mask.at(95, 60)); // the negative clicks carved their part out
    EXPECT_TRUE(r.best()->mask.at(80, 60));
    EXPECT_EQ(seg->stats().encoderCalls, 1);
    EXPECT_EQ(seg->stats().decoderCalls, 5);

    ASSERT_TRUE(seg->setImage(b.image).empty());
    EXPECT_EQ(seg->stats().encoderCalls, 2);
    ASSERT_TRUE(seg->setImage(a.image).empty()); // back to the first image: still cached
    EXPECT_EQ(seg->stats().encoderCalls, 2);
    EXPECT_EQ(seg->stats().cacheHits, 1);
    r = seg->segment(p);
    EXPECT_TRUE(r.embeddingCached);

    seg->clearCache();
    ASSERT_TRUE(seg->setImage(a.image).empty());
    EXPECT_EQ(seg->stats().encoderCalls, 3);
}

TEST(SamModel, ManyClicksKeepTheMostRecent)
{
    auto seg = loadSamSegmenter(kTinyModel).segmenter;
    ASSERT_TRUE(seg);
    const Scene s = makeScene(4, 160, 160);
    ASSERT_TRUE(seg->setImage(s.image).empty());
    Prompts p;
    for (int i = 0; i < 8; ++i) // more than the model's 6 prompt slots; the last click must count
        p.points.push_back({{10.0 + 5 * i, 10.0}, true});
    p.points.push_back({{140, 140}, true});
    const SegmentResult r = seg->segment(p);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_TRUE(r.best()->mask.at(140, 140));
}

TEST(SamModel, LargeImageIsScaledDownForTheEncoder)
{
    SamOptions opt;
    opt.maxInputSide = 128;
    auto seg = loadSamSegmenter(kTinyModel, opt).segmenter;
    ASSERT_TRUE(seg);
    const Scene s = makeScene(9, 640, 400);
    ASSERT_TRUE(seg->setImage(s.image).empty());
    Prompts p;
    p.box = Box{100, 80, 500, 300};
    const SegmentResult r = seg->segment(p);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_GE(maskIoU(r.best()->mask, boxMask(640, 400, *p.box)), 0.95);
    std::printf("tiny model, 640x400 scaled to 128: encode %.2f ms, decode %.2f ms\n", r.encodeMs, r.decodeMs);
}

TEST(SamModel, BadFilesAreErrors)
{
    EXPECT_FALSE(loadSamSegmenter("/nonexistent/model.pt").segmenter);
    const SamLoadResult notAModel = loadSamSegmenter(std::string(GC_TEST_DATA) + "/make_tiny_sam.py");
    EXPECT_FALSE(notAModel.segmenter);
    EXPECT_FALSE(notAModel.error.empty());
}
