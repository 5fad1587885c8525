// LocalModel::explain on Kosmos-2 (kosmos2-tiny-a), whose image positions are the resampler's latents: the last
// layer's lens is the reference's logits at the latents' positions (|Δ| ≤ 1e-4), the cells are the 2 × 2 patch
// grid of the 28 px tower, each a weighted mean of the latents by the resampler's attention to that patch.

#include "golden_util.h"

#include "io/image_loader.h"
#include "runtime/local_model.h"

#include <gtest/gtest.h>

#include <numeric>

using namespace golden;

TEST(Kosmos2Explain, LatentsLensIsTheLogitsAndCellsComeThroughTheResampler)
{
    const std::string dir = fixture("kosmos2-tiny-a");
    gc::runtime::LocalModel model;
    ASSERT_TRUE(model.load(dir).ok());
    gc::runtime::ExplainParams p;
    p.fullLens = true;
    gc::runtime::Explanation e;
    const gc::runtime::Status s =
        model.explain(gc::io::loadImageRgb(dir + "/image0.png"), {}, "<grounding>An image of", p, e);
    ASSERT_TRUE(s.ok()) << s.message;

    const at::Tensor logits = npy("logits", dir)[0], mask = npy("image_embeds_position_mask", dir)[0].to(at::kBool);
    const at::Tensor want = logits.index({mask});
    ASSERT_EQ(e.positions, want.size(0)); // 8 latents
    const at::Tensor lens = at::from_blob(e.lens.data(), {e.layers, e.positions, e.vocab}, at::kFloat);
    EXPECT_LE(maxAbsDiff(lens[e.layers - 1], want), 1e-4);

    EXPECT_TRUE(e.viaResampler);
    EXPECT_EQ(e.rows, 2);
    EXPECT_EQ(e.cols, 2);
    EXPECT_DOUBLE_EQ(e.area.x2, 61.0);
    EXPECT_DOUBLE_EQ(e.area.y2, 47.0);
    ASSERT_EQ(static_cast<int64_t>(e.cellWeights.size()), 4 * e.positions);
    for (int64_t c = 0; c < 4; ++c) {
        const float *w = e.cellWeights.data() + c * e.positions;
        EXPECT_NEAR(std::accumulate(w, w + e.positions, 0.0), 1.0, 1e-5);
    }
    // a cell's attention is the weighted mean of the latents'
    const std::vector<float> cells = e.cellMap(e.attention, 0);
    double want0 = 0;
    for (int64_t l = 0; l < e.positions; ++l)
        want0 += double(e.cellWeights[size_t(l)]) * e.attention[size_t(l)];
    EXPECT_NEAR(cells[0], want0, 1e-6);
}
