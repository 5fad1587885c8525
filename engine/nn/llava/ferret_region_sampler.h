#pragma once

// Ferret's region feature (apple/ml-ferret ferret/model/ferret_arch.py): the embedding of each <region_fea> token
// is replaced by a feature computed from the CLIP tower's patch features (the layer the projector reads, before
// the projector) at points inside the region's mask. The released checkpoints use the spatial-aware visual
// sampler (GeoRegionSampler: 512 points, two stages of farthest point sampling to 128 and 32 anchors, each
// anchor's 24 nearest points projected, normed and pooled, then the 32 anchors flattened into one linear layer
// and projected to the language model's width); a config with region_fea_adapter instead averages the sampled
// features through one linear layer. Internal header (ATen).
//
// Ferret draws its points and the first anchor at random (torch.randperm, torch.randint); here both follow a
// fixed rule (ferret_region_sampler.cpp), so that one region always gives one feature.

#include "nn/layers.h"
#include "nn/llava/config.h"
#include "runtime/prompt_layout.h"

#include <string>
#include <vector>

namespace gc::nn::llava {

// The mask Ferret's demo and evaluation build from a region (generate_mask_for_feature: a box with its far edges
// inside, or the 11×11 pixels around a point, at the image's own size) as `count` of its pixels [count, 2], each
// (x / W, y / H), chosen as rand_sample_repeat (`repeat`) or rand_sample chooses them but by rule: all of them in
// Ferret's order (x-major), then again from the first while fewer than `count` (rand_sample: all of them, fewer
// than `count` rows); evenly spaced in that order when more. Throws std::invalid_argument for a region that covers
// no pixel of the image.
[[nodiscard]] at::Tensor ferretRegionPoints(const runtime::RegionSlot &region, int64_t count, bool repeat);

// The patch features [N, C] (a square grid in raster order) at `points` [P, 2], bilinearly as Ferret's
// point_sample (grid_sample, align_corners) reads them: Ferret flips its (x / W, y / H) pairs before sampling,
// so the first coordinate goes down the grid and the second across it; that is what the checkpoints were trained
// on, and it is kept. [P, C].
[[nodiscard]] at::Tensor ferretPointFeatures(const at::Tensor &patches, const at::Tensor &points);

class FerretRegionSampler {
public:
    FerretRegionSampler() = default;
    // The tensors under kRegionSamplerPrefix or kRegionAdapterPrefix; `kind` is not None.
    FerretRegionSampler(const WeightStore &w, RegionFeature kind, bool maxPool);

    // The feature [D] of `region` on the patch features [N, C] of its image.
    [[nodiscard]] at::Tensor operator()(const at::Tensor &patches, const runtime::RegionSlot &region) const;

private:
    struct Stage {
        Linear diff;        // diff_projector_list.i: the neighbours' offsets from their anchor (features and xy)
        at::Tensor aggW, aggB; // agg_projector_list.i.net.0: a 1×1 Conv1d over [offset, anchor]
        LayerNorm norm;     // agg_projector_list.i.norm
    };
    RegionFeature m_kind = RegionFeature::GeoSampler;
    bool m_maxPool = false;
    std::vector<Stage> m_stages;
    Linear m_flatten, m_out; // flatten_projector, dim_projector; m_out alone is the adapter
};

} // namespace gc::nn::llava
