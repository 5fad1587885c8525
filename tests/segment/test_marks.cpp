#include "segment/mark_render.h"
#include "segment/marks.h"
#include "segment/mask_ops.h"
#include "synthetic_scene.h"

#include <gtest/gtest.h>

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
    // The regions partition the image.
    for (int c : cover)
        ASSERT_EQ(c, 1);
}

} // namespace

TEST(Marks, GeneratedScenesGiveReadableNonCollidingMarks)
{
    int objects = 0, found = 0;
    double ms = 0;
    for (uint32_t seed = 31; seed <= 36; ++seed) {
        const Scene scene = makeScene(seed);
        const MarksResult r = generateMarks(scene.image);
        ASSERT_TRUE(r.ok()) << r.error;
        expectValidMarks(r.marks, scene.image, 20);
        ms += r.elapsedMs;
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
