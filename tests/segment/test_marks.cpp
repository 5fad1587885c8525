#include "demo/scene.h"
#include "segment/mark_render.h"
#include "segment/marks.h"
#include "segment/mask_ops.h"
#include "synthetic_scene.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace gc;
using namespace gc::seg;

namespace {

void expectValidMarks(const std::vector<Mark> &marks, const io::RgbImage &image, int maxMarks)
{
    ASSERT_GE(marks.size(), 1u);
    ASSERT_LE(int(marks.size()), maxMarks);
    const double radius = markLabelRadius(image.width, image.height);
    std::vector<int> cover(size_t(image.width) * image.height, 0);
    for (size_t i = 0; i < marks.size(); ++i) {
        const Mark &m = marks[i];
        EXPECT_EQ(m.number, int(i) + 1);
        const std::optional<Mask> region = rleDecode(m.rle);
        ASSERT_TRUE(region);
        EXPECT_EQ(region->area(), m.area);
        EXPECT_EQ(region->bbox(), m.bbox);
        // Every number sits inside its own region...
        EXPECT_TRUE(region->at(int(m.label.x), int(m.label.y))) << "mark " << m.number;
        for (size_t p = 0; p < region->data.size(); ++p)
            cover[p] += region->data[p];
        // ...and its disc never overlaps another number's.
        for (size_t j = 0; j < i; ++j) {
            const double d = std::hypot(m.label.x - marks[j].label.x, m.label.y - marks[j].label.y);
            EXPECT_GE(d, 2 * radius - 1.5) << "marks " << m.number << " and " << marks[j].number;
        }
    }
    // The regions never overlap (the background, left unmarked, is the only part without a number).
    for (int c : cover)
        ASSERT_LE(c, 1);
}

// How automatic marks fit the objects of demo-world scenes (whose truth is each object's box).
struct MarkFit {
    int objects = 0;
    int oneMark = 0;    // objects covered by exactly one mark, and mostly by it
    int slivers = 0;    // marks thinner than a few pixels: anti-aliased rims, cracks
    int over = 0;       // marks over half the image (the background tinting everything)
    int background = 0; // marks that are no object's
    int marks = 0;
    void add(const MarkFit &o)
    {
        objects += o.objects, oneMark += o.oneMark, slivers += o.slivers, over += o.over;
        background += o.background, marks += o.marks;
    }
};

// The largest disc that fits in the mark: a rim one or two pixels wide has a radius below 2.5.
double thickness(const Mask &m)
{
    cv::Mat img(m.height, m.width, CV_8U);
    for (int y = 0; y < m.height; ++y)
        for (int x = 0; x < m.width; ++x)
            img.at<uint8_t>(y, x) = m.at(x, y) ? 255 : 0;
    cv::copyMakeBorder(img, img, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
    cv::Mat dist;
    cv::distanceTransform(img, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    double peak = 0;
    cv::minMaxLoc(dist, nullptr, &peak);
    return peak;
}

MarkFit fitMarks(const demo::Scene &scene, const std::vector<Mark> &marks)
{
    MarkFit fit;
    fit.objects = int(scene.objects.size());
    fit.marks = int(marks.size());
    const double image = double(scene.image.width) * scene.image.height;
    std::vector<int> marksOf(scene.objects.size(), 0);
    std::vector<double> bestShare(scene.objects.size(), 0);
    for (const Mark &m : marks) {
        const Mask px = *rleDecode(m.rle);
        fit.slivers += thickness(px) < 2.5;
        fit.over += m.area > 0.5 * image;
        // the object whose box holds most of the mark, when it holds at least 70% of it
        int owner = -1;
        double ownerIn = 0;
        for (size_t o = 0; o < scene.objects.size(); ++o) {
            const Box b = scene.objects[o].box;
            long long in = 0;
            for (int y = int(b.y1); y < int(std::ceil(b.y2)); ++y)
                for (int x = int(b.x1); x < int(std::ceil(b.x2)); ++x)
                    in += px.at(x, y);
            if (in >= 0.7 * double(m.area) && in > ownerIn)
                owner = int(o), ownerIn = double(in);
        }
        if (owner < 0) {
            ++fit.background;
            continue;
        }
        ++marksOf[size_t(owner)];
        bestShare[size_t(owner)] = std::max(bestShare[size_t(owner)], ownerIn / scene.objects[size_t(owner)].box.area());
    }
    // a diamond or a triangle fills half its box: a mark over at least 35% of it is the object
    for (size_t o = 0; o < scene.objects.size(); ++o)
        fit.oneMark += marksOf[o] == 1 && bestShare[o] >= 0.35;
    return fit;
}

} // namespace

TEST(Marks, DemoScenesGiveEachObjectOneMark)
{
    // Seeds 5000..5049 were not looked at while choosing the merge rules (those were tuned on 1000..1049).
    // Half of the demo world's backgrounds are gradients, and most carry sensor noise. Before the rules:
    // 117 of 181 objects with one mark, 72 slivers, 36 marks over half the image (587 marks); after: 176, 0, 0
    // (182). The misses are objects that touch one of their own colour (one blob) or are mostly hidden.
    MarkFit all;
    for (uint64_t seed = 5000; seed < 5050; ++seed) {
        const demo::Scene scene = demo::makeScene(seed);
        const MarksResult r = generateMarks(scene.image);
        ASSERT_TRUE(r.ok()) << r.error;
        expectValidMarks(r.marks, scene.image, 20);
        all.add(fitMarks(scene, r.marks));
    }
    std::printf("demo scenes: %d of %d objects with exactly one mark; %d slivers, %d marks over half the image, "
                "%d background marks, %d marks in all\n",
                all.oneMark, all.objects, all.slivers, all.over, all.background, all.marks);
    EXPECT_GE(double(all.oneMark) / all.objects, 0.95);
    EXPECT_EQ(all.slivers, 0);
    EXPECT_EQ(all.over, 0);
}

TEST(Marks, GeneratedScenesGiveReadableNonCollidingMarks)
{
    int objects = 0, found = 0, over = 0;
    double ms = 0;
    for (uint32_t seed = 31; seed <= 36; ++seed) {
        const Scene scene = makeScene(seed);
        const MarksResult r = generateMarks(scene.image);
        ASSERT_TRUE(r.ok()) << r.error;
        expectValidMarks(r.marks, scene.image, 20);
        ms += r.elapsedMs;
        for (const Mark &m : r.marks)
            over += m.area > 0.5 * scene.image.width * scene.image.height;
        // Object-sized regions: each drawn object should be (mostly) one mark.
        for (const SceneObject &obj : scene.objects) {
            double best = 0;
            for (const Mark &m : r.marks)
                best = std::max(best, maskIoU(*rleDecode(m.rle), obj.mask));
            ++objects;
            found += best >= 0.7;
        }
    }
    std::printf("marks: %d of %d generated objects matched by a mark at IoU >= 0.7; %.1f ms per 480x360 image\n",
                found, objects, ms / 6);
    EXPECT_GE(double(found) / objects, 0.75);
    EXPECT_EQ(over, 0) << "a mark covers most of a textured, noisy image";
}

TEST(Marks, MaxMarksIsRespected)
{
    const Scene scene = makeScene(40, 320, 240);
    for (int maxMarks : {1, 3, 8}) {
        MarkOptions opt;
        opt.maxMarks = maxMarks;
        const MarksResult r = generateMarks(scene.image, opt);
        ASSERT_TRUE(r.ok()) << r.error;
        expectValidMarks(r.marks, scene.image, maxMarks);
    }
    MarkOptions bad;
    bad.maxMarks = 0;
    EXPECT_FALSE(generateMarks(scene.image, bad).ok());
    EXPECT_FALSE(generateMarks(io::RgbImage{}).ok());
}

TEST(Marks, LargeImageStaysFast)
{
    const Scene scene = makeScene(41, 1920, 1080);
    const MarksResult r = generateMarks(scene.image);
    ASSERT_TRUE(r.ok()) << r.error;
    expectValidMarks(r.marks, scene.image, 20);
    std::printf("marks on 1920x1080: %zu marks in %.1f ms\n", r.marks.size(), r.elapsedMs);
}

TEST(Marks, HandMadeMarkAvoidsTakenLabels)
{
    Mask bar(200, 40);
    for (int y = 5; y < 35; ++y)
        for (int x = 5; x < 195; ++x)
            bar.set(x, y, true);
    const double radius = 10;
    const PointF free = placeMarkLabel(bar, {}, radius);
    EXPECT_NEAR(free.y, 20, 1.0);
    const std::vector<PointF> taken{{100, 20}};
    const Mark m = makeMark(bar, 4, taken, radius);
    EXPECT_EQ(m.number, 4);
    EXPECT_TRUE(bar.at(int(m.label.x), int(m.label.y)));
    EXPECT_GE(std::abs(m.label.x - 100), 2 * radius - 1);
    EXPECT_EQ(m.area, bar.area());
}

TEST(Marks, RenumberingFollowsReadingOrder)
{
    std::vector<Mark> marks(3);
    marks[0].label = {300, 20};
    marks[1].label = {10, 200};
    marks[2].label = {50, 25};
    renumberMarks(marks, 10);
    EXPECT_EQ(marks[0].label.x, 50);
    EXPECT_EQ(marks[1].label.x, 300);
    EXPECT_EQ(marks[2].number, 3);
}

TEST(Marks, MarkedCopyShowsTheNumbers)
{
    const Scene scene = makeScene(42, 320, 240);
    const MarksResult r = generateMarks(scene.image);
    ASSERT_TRUE(r.ok()) << r.error;
    const io::RgbImage marked = renderMarkedImage(scene.image, r.marks);
    ASSERT_EQ(marked.width, scene.image.width);
    ASSERT_EQ(marked.height, scene.image.height);
    EXPECT_NE(marked.pixels, scene.image.pixels);
    const double radius = markLabelRadius(320, 240);
    for (const Mark &m : r.marks) {
        // The label disc is dark except for its digits and rim: most of it must have changed to dark.
        int inside = 0, dark = 0;
        for (int dy = -int(radius); dy <= int(radius); ++dy)
            for (int dx = -int(radius); dx <= int(radius); ++dx) {
                const int x = int(m.label.x) + dx, y = int(m.label.y) + dy;
                if (dx * dx + dy * dy > 0.8 * radius * radius || x < 0 || y < 0 || x >= 320 || y >= 240)
                    continue;
                const uint8_t *px = &marked.pixels[(size_t(y) * 320 + size_t(x)) * 3];
                ++inside;
                dark += int(px[0]) + px[1] + px[2] < 3 * 80;
            }
        EXPECT_GE(dark, inside / 3) << "mark " << m.number;
    }
}

TEST(Marks, SmallObjectsOnALargeImageGetMarks)
{
    // Demo-world objects 36-56 pixels on 2600x1400 images (seeds not looked at while choosing the tile size):
    // the whole-image pass alone, at its 400-pixel working size, merges them all into the background.
    int objects = 0, tiledHits = 0, wholeHits = 0, tiledMarks = 0;
    for (uint64_t seed = 9400; seed < 9403; ++seed) {
        const demo::Scene scene = demo::makeLargeScene(seed, {2600, 1400}, 30, 36, 56);
        MarkOptions opt;
        opt.maxMarks = 40;
        const MarksResult tiled = generateMarks(scene.image, opt);
        ASSERT_TRUE(tiled.ok()) << tiled.error;
        expectValidMarks(tiled.marks, scene.image, 40);
        opt.tileSide = 0;
        const MarksResult whole = generateMarks(scene.image, opt);
        ASSERT_TRUE(whole.ok()) << whole.error;
        const auto hits = [&scene](const std::vector<Mark> &marks) {
            int n = 0;
            for (const demo::Object &o : scene.objects)
                n += std::any_of(marks.begin(), marks.end(), [&o](const Mark &m) { return iou(m.bbox, o.box) >= 0.5; });
            return n;
        };
        objects += int(scene.objects.size());
        tiledHits += hits(tiled.marks);
        wholeHits += hits(whole.marks);
        tiledMarks += int(tiled.marks.size());
        std::printf("seed %llu: %zu objects, tiled %zu marks in %.0f ms, whole image %zu marks\n",
                    static_cast<unsigned long long>(seed), scene.objects.size(), tiled.marks.size(), tiled.elapsedMs,
                    whole.marks.size());
    }
    std::printf("small objects with a mark (box IoU >= 0.5): tiled %d of %d, whole image only %d\n", tiledHits, objects,
                wholeHits);
    EXPECT_GE(double(tiledHits) / objects, 0.9);
    EXPECT_GE(double(tiledHits) / tiledMarks, 0.9) << "marks that are no object's";
    EXPECT_LE(double(wholeHits) / objects, 0.2);
}
