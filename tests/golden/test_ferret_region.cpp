// Ferret's region feature (nn/llava/ferret_region_sampler.h) against tests/data/ferret/make_region_sampler.py, a
// plain NumPy walk through Ferret's inference on tiny random weights; and the regions read from Ferret's prompt
// text (nn/llava/ferret_region_prompt.h).

#include "golden_util.h"

#include "io/model_folder.h"
#include "io/safetensors.h"

#include "nn/llava/ferret_region_prompt.h"
#include "nn/llava/ferret_region_sampler.h"

#include <gtest/gtest.h>

using namespace golden;
namespace lv = gc::nn::llava;

namespace {

gc::runtime::RegionSlot slotOf(const nlohmann::json &c)
{
    gc::runtime::RegionSlot r;
    r.x1 = c["x1"];
    r.y1 = c["y1"];
    r.x2 = c["x2"];
    r.y2 = c["y2"];
    r.point = c["point"];
    r.imageWidth = c["width"];
    r.imageHeight = c["height"];
    return r;
}

} // namespace

TEST(FerretRegion, SamplerAndAdapterMatchThePlainReference)
{
    const std::string dir = fixture("ferret");
    const nlohmann::json index = gc::io::readJsonFile(dir + "/region_sampler.json");
    const gc::nn::WeightStore w(gc::io::SafeTensors::openFile(dir + "/region_sampler.safetensors"));
    const at::Tensor patches = w.get("patches");
    const lv::FerretRegionSampler maxPool(w, lv::RegionFeature::GeoSampler, true);
    const lv::FerretRegionSampler meanPool(w, lv::RegionFeature::GeoSampler, false);
    const lv::FerretRegionSampler adapter(w, lv::RegionFeature::Adapter, false);
    ASSERT_GE(index["cases"].size(), 6u);
    for (const nlohmann::json &c : index["cases"]) {
        const std::string name = c["name"], pool = c["pool"];
        SCOPED_TRACE(name);
        const lv::FerretRegionSampler &s = pool == "max" ? maxPool : pool == "mean" ? meanPool : adapter;
        const at::Tensor mine = s(patches, slotOf(c));
        const at::Tensor want = w.get("expected." + name);
        ASSERT_EQ(mine.sizes(), want.sizes());
        EXPECT_LE(maxAbsDiff(mine, want), 1e-4);
    }
    // the pooling and the region matter: the cases differ from each other
    const nlohmann::json &cases = index["cases"];
    EXPECT_GT(maxAbsDiff(w.get("expected.wide_box_max"), w.get("expected.wide_box_mean")), 1e-2);
    EXPECT_GT(maxAbsDiff(w.get("expected.wide_box_max"), w.get("expected.small_box_max")), 1e-2);
    EXPECT_GT(maxAbsDiff(maxPool(patches, slotOf(cases[0])), maxPool(patches, slotOf(cases[3]))), 1e-2);
}

// generate_mask_for_feature's pixels, x-major, as (x / W, y / H): repeated from the first below 512, evenly
// spaced above; a point's 11×11 window clipped at the image's edge.
TEST(FerretRegion, PointsFollowFerretsMask)
{
    gc::runtime::RegionSlot box;
    box.x1 = 2, box.y1 = 3, box.x2 = 4, box.y2 = 4, box.imageWidth = 10, box.imageHeight = 8;
    const at::Tensor p = lv::ferretRegionPoints(box, 8, true);
    const std::vector<float> want = {0.2f, 3 / 8.f, 0.2f, 0.5f, 0.3f, 3 / 8.f, 0.3f, 0.5f,
                                     0.4f, 3 / 8.f, 0.4f, 0.5f, 0.2f, 3 / 8.f, 0.2f, 0.5f};
    EXPECT_EQ(std::vector<float>(p.data_ptr<float>(), p.data_ptr<float>() + p.numel()), want);
    EXPECT_EQ(lv::ferretRegionPoints(box, 8, false).size(0), 6);
    const at::Tensor spaced = lv::ferretRegionPoints(box, 3, true); // pixels 0, 2, 4 of 6
    EXPECT_FLOAT_EQ(spaced[1][0].item<float>(), 0.3f);
    EXPECT_FLOAT_EQ(spaced[2][0].item<float>(), 0.4f);

    gc::runtime::RegionSlot point;
    point.point = true, point.x1 = point.x2 = 1, point.y1 = point.y2 = 20, point.imageWidth = 30, point.imageHeight = 24;
    EXPECT_EQ(lv::ferretRegionPoints(point, 1000, false).size(0), 7 * 9); // x 0..6, y 15..23

    gc::runtime::RegionSlot outside = box;
    outside.x1 = outside.x2 = 12;
    EXPECT_THROW((void)lv::ferretRegionPoints(outside, 8, true), std::invalid_argument);
}

TEST(FerretRegion, RegionsReadFromThePrompt)
{
    const auto r = lv::ferretRegionsInText("What is [100, 250, 500, 999] <region_fea>, and [20, 30]<region_fea>?", 640, 480);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].x1, 64);
    EXPECT_EQ(r[0].y1, 120);
    EXPECT_EQ(r[0].x2, 320);
    EXPECT_EQ(r[0].y2, 479);
    EXPECT_FALSE(r[0].point);
    EXPECT_TRUE(r[1].point);
    EXPECT_EQ(r[1].x1, 13); // 12.8 and 14.4 up: the pixels int(1000·p/W) gives 20 and 30 for
    EXPECT_EQ(r[1].y1, 15);
    EXPECT_EQ(r[1].imageWidth, 640);
    EXPECT_THROW((void)lv::ferretRegionsInText("What is <region_fea>?", 640, 480), std::invalid_argument);
    EXPECT_THROW((void)lv::ferretRegionsInText("What is [1, 2, 3] <region_fea>?", 640, 480), std::invalid_argument);

    std::vector<gc::runtime::RegionSlot> slots;
    lv::placeFerretRegions(slots, r, {1, 7, 9, 7, 3}, 0, 7);
    ASSERT_EQ(slots.size(), 2u);
    EXPECT_EQ(slots[0].position, 1);
    EXPECT_EQ(slots[1].position, 3);
    EXPECT_THROW(lv::placeFerretRegions(slots, r, {1, 7, 9}, 0, 7), std::invalid_argument);
}
