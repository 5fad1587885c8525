#include "nn/llava/ferret_region_sampler.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>

namespace gc::nn::llava {

namespace {

// Indices of farthest point sampling over points [P, 2]: each next anchor the point farthest from those taken.
// Ferret's farthest_point_sample starts from a random point (torch.randint); here from the first of the points,
// so that a region's feature does not change from one run to the next. Ties go to the first point, as argmax.
at::Tensor farthestPoints(const at::Tensor &points, int64_t count)
{
    const int64_t n = points.size(0);
    std::vector<int64_t> taken;
    taken.reserve(static_cast<size_t>(count));
    at::Tensor nearest = at::full({n}, 1e10, points.options());
    int64_t next = 0;
    for (int64_t i = 0; i < count; ++i) {
        taken.push_back(next);
        const at::Tensor d = (points - points[next]).pow(2).sum(-1);
        nearest = at::minimum(nearest, d);
        next = nearest.argmax().item<int64_t>();
    }
    return at::tensor(taken, at::kLong);
}

// The `k` points nearest to each anchor [A, 2] among points [P, 2]: [A, k]. Ferret's knn_point takes topk of
// the expanded squared distance (unsorted, ties in no defined order); here the squared distance itself, ties to
// the lower index. The neighbours' order does not matter (they are pooled), only which ones are taken.
at::Tensor nearestPoints(const at::Tensor &points, const at::Tensor &anchors, int64_t k)
{
    const at::Tensor d = (anchors.unsqueeze(1) - points.unsqueeze(0)).pow(2).sum(-1);
    return std::get<1>(at::sort(d, /*stable=*/true, /*dim=*/-1, /*descending=*/false)).narrow(-1, 0, k);
}

} // namespace

at::Tensor ferretRegionPoints(const runtime::RegionSlot &r, int64_t count, bool repeat)
{
    const int W = r.imageWidth, H = r.imageHeight;
    if (W <= 0 || H <= 0)
        throw std::invalid_argument("a Ferret region needs the image's size");
    // generate_mask_for_feature: numpy slices of a (W, H) mask; a point spans 5 pixels each way
    constexpr int kSpan = 5;
    const int x0 = std::max(0, r.point ? r.x1 - kSpan : r.x1), x1 = std::min(W, (r.point ? r.x1 + kSpan : r.x2) + 1);
    const int y0 = std::max(0, r.point ? r.y1 - kSpan : r.y1), y1 = std::min(H, (r.point ? r.y1 + kSpan : r.y2) + 1);
    if (x1 <= x0 || y1 <= y0)
        throw std::invalid_argument("the region [" + std::to_string(r.x1) + ", " + std::to_string(r.y1) + ", " +
                                    std::to_string(r.x2) + ", " + std::to_string(r.y2) + "] covers no pixel of the " +
                                    std::to_string(W) + "x" + std::to_string(H) + " image");
    const int64_t rows = y1 - y0, n = int64_t(x1 - x0) * rows;
    if (!repeat)
        count = std::min(count, n);
    // rand_sample_repeat: all the mask's pixels and random repeats of them up to `count`, or `count` of them in a
    // random order. By rule instead: the pixels in order, then again from the first; or evenly spaced.
    std::vector<float> xy;
    xy.reserve(static_cast<size_t>(2 * count));
    for (int64_t j = 0; j < count; ++j) {
        const int64_t k = n <= count ? j % n : j * n / count;
        // torch divides the integer positions in float32
        xy.push_back(static_cast<float>(x0 + k / rows) / static_cast<float>(W));
        xy.push_back(static_cast<float>(y0 + k % rows) / static_cast<float>(H));
    }
    return at::tensor(xy, at::kFloat).view({count, 2});
}

at::Tensor ferretPointFeatures(const at::Tensor &patches, const at::Tensor &points)
{
    const int64_t n = patches.size(0), c = patches.size(1);
    const auto side = static_cast<int64_t>(std::lround(std::sqrt(double(n))));
    if (side * side != n)
        throw std::invalid_argument("Ferret's region sampler reads a square grid of patches, not " + std::to_string(n));
    const at::Tensor grid = patches.reshape({side, side, c}).permute({2, 0, 1}).unsqueeze(0).to(at::kFloat);
    // point_sample: grid_sample(map, 2 * flip(points) - 1, align_corners=True), zeros outside
    const at::Tensor where = (points.flip({-1}) * 2.0 - 1.0).to(at::kFloat).view({1, -1, 1, 2});
    const at::Tensor s = at::grid_sampler(grid, where, /*bilinear*/ 0, /*zeros*/ 0, /*align_corners=*/true);
    return s.view({c, -1}).t().to(patches.scalar_type());
}

FerretRegionSampler::FerretRegionSampler(const WeightStore &w, RegionFeature kind, bool maxPool)
    : m_kind(kind), m_maxPool(maxPool)
{
    if (kind == RegionFeature::Adapter) {
        const std::string adapter = kRegionAdapterPrefix;
        m_out = Linear(w, adapter.substr(0, adapter.size() - 1));
        return;
    }
    const std::string prefix = kRegionSamplerPrefix;
    for (size_t i = 0; i < std::size(kFerretAnchors); ++i) {
        const std::string n = std::to_string(i);
        Stage s;
        s.diff = Linear(w, prefix + "diff_projector_list." + n);
        s.aggW = w.get(prefix + "agg_projector_list." + n + ".net.0.weight").squeeze(-1);
        s.aggB = w.get(prefix + "agg_projector_list." + n + ".net.0.bias");
        s.norm = LayerNorm(w, prefix + "agg_projector_list." + n + ".norm", 1e-5);
        m_stages.push_back(std::move(s));
    }
    m_flatten = Linear(w, prefix + "flatten_projector");
    m_out = Linear(w, prefix + "dim_projector");
}

at::Tensor FerretRegionSampler::operator()(const at::Tensor &patches, const runtime::RegionSlot &region) const
{
    const at::NoGradGuard noGrad;
    const at::Tensor map = patches.to(at::kFloat);
    if (m_kind == RegionFeature::Adapter) {
        // extract_region_feature: rand_sample keeps at most 512 of the pixels, without repeats; the adapter on the
        // map, then the mean over the points (the adapter is linear, so it may as well come after the mean)
        const at::Tensor some = ferretRegionPoints(region, kFerretRegionPoints, false).to(map.device());
        return m_out(ferretPointFeatures(map, some).mean(0));
    }
    at::Tensor points = ferretRegionPoints(region, kFerretRegionPoints, true).to(map.device());
    at::Tensor features = ferretPointFeatures(map, points);
    for (size_t i = 0; i < m_stages.size(); ++i) {
        const Stage &s = m_stages[i];
        const at::Tensor anchorsAt = farthestPoints(points, kFerretAnchors[i]);
        const at::Tensor anchors = points.index_select(0, anchorsAt);
        const at::Tensor near = nearestPoints(points, anchors, kFerretNeighbours); // [A, k]
        const auto gather = [&](const at::Tensor &t) { return t.index_select(0, near.reshape(-1)).view({near.size(0), near.size(1), -1}); };
        const at::Tensor local = at::cat({gather(features), gather(points)}, -1); // [A, k, C+2]
        const at::Tensor anchor = at::cat({features.index_select(0, anchorsAt), anchors}, -1).unsqueeze(1); // [A, 1, C+2]
        const at::Tensor offset = s.diff(local - anchor);
        const at::Tensor both = at::cat({offset, anchor.expand_as(offset)}, -1); // [A, k, 2(C+2)]
        const at::Tensor y = s.norm(at::relu(at::linear(both, s.aggW, s.aggB)));  // [A, k, C]
        features = m_maxPool ? std::get<0>(y.max(1)) : y.mean(1);
        points = anchors;
    }
    return m_out(m_flatten(features.reshape({-1})));
}

} // namespace gc::nn::llava
