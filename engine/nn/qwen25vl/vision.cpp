#include "nn/qwen25vl/vision.h"

#include "nn/qwen25vl/weight_names.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gc::nn::qwen25vl {

namespace {

// The vision norms' eps is fixed in the reference: it does not follow the text model's rms_norm_eps.
constexpr double kNormEps = 1e-6;
constexpr double kRopeTheta = 10000.0;

at::Tensor indexTensor(const std::vector<int64_t> &v, at::Device device)
{
    return at::tensor(v, at::kLong).to(device);
}

} // namespace

at::Tensor segmentAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const std::vector<int64_t> &cu,
                            int64_t scoreBudget)
{
    const int64_t heads = q.size(1), hd = q.size(2);
    std::vector<at::Tensor> parts;
    for (size_t s = 0; s + 1 < cu.size();) {
        const int64_t start = cu[s], len = cu[s + 1] - cu[s];
        size_t e = s + 1;
        while (e + 1 < cu.size() && cu[e + 1] - cu[e] == len)
            ++e;
        const int64_t count = static_cast<int64_t>(e - s);
        s = e;
        if (len == 0)
            continue;
        const int64_t batch = std::max<int64_t>(1, scoreBudget / (heads * len * len));
        for (int64_t i = 0; i < count; i += batch) {
            const int64_t nb = std::min(batch, count - i);
            const auto segments = [&](const at::Tensor &t) {
                return t.narrow(0, start + i * len, nb * len).reshape({nb, len, heads, hd}).transpose(1, 2);
            };
            const at::Tensor qs = segments(q), ks = segments(k), vs = segments(v);
            // more than one query chunk only when nb is 1, so the chunks stay in row order
            const int64_t rows = std::max<int64_t>(1, scoreBudget / (nb * heads * len));
            for (int64_t r = 0; r < len; r += rows) {
                const int64_t nr = std::min(rows, len - r);
                parts.push_back(attend(qs.narrow(2, r, nr), ks, vs, {}).transpose(1, 2).reshape({nb * nr, heads * hd}));
            }
        }
    }
    return at::cat(parts, 0);
}

at::Tensor pixelValues(const std::vector<ProcessedImage> &images)
{
    std::vector<at::Tensor> rows;
    for (const ProcessedImage &im : images) {
        if (static_cast<int64_t>(im.pixelValues.size()) != im.rows() * im.cols)
            throw std::invalid_argument("pixel values: rows and grid disagree");
        rows.push_back(at::from_blob(const_cast<float *>(im.pixelValues.data()), {im.rows(), im.cols}, at::kFloat));
    }
    return at::cat(rows, 0); // a copy: the result does not alias the images
}

std::vector<GridThw> grids(const std::vector<ProcessedImage> &images)
{
    std::vector<GridThw> out;
    for (const ProcessedImage &im : images)
        out.push_back(im.grid);
    return out;
}

VisionTower::VisionTower(const WeightStore &w, VisionConfig cfg, const StopCheck &stop) : m_cfg(std::move(cfg))
{
    const std::string p = kVisionPrefix;
    std::vector<ExpectedTensor> expected;
    expectVisionTensors(expected, m_cfg, p);
    for (const ExpectedTensor &e : expected)
        checkTensor(w.file(), e);
    m_patchEmbed.weight = w.get(p + "patch_embed.proj.weight").reshape({m_cfg.hiddenSize, m_cfg.patchDim()});
    for (int64_t i = 0; i < m_cfg.depth; ++i) {
        stopIfAsked(stop);
        const std::string b = p + "blocks." + std::to_string(i) + ".";
        m_blocks.push_back({RmsNorm(w, b + "norm1", kNormEps), RmsNorm(w, b + "norm2", kNormEps), Linear(w, b + "attn.qkv"),
                            Linear(w, b + "attn.proj"), Linear(w, b + "mlp.gate_proj"), Linear(w, b + "mlp.up_proj"),
                            Linear(w, b + "mlp.down_proj")});
    }
    m_lnQ = RmsNorm(w, p + "merger.ln_q", kNormEps);
    m_mlp0 = Linear(w, p + "merger.mlp.0");
    m_mlp2 = Linear(w, p + "merger.mlp.2");
}

at::Tensor VisionTower::block(const Block &b, const at::Tensor &x, const at::Tensor &cos, const at::Tensor &sin,
                              const std::vector<int64_t> &cu) const
{
    const int64_t n = x.size(0), heads = m_cfg.heads, hd = m_cfg.headDim();
    const at::Tensor qkv = b.qkv(b.norm1(x)).view({n, 3, heads, hd});
    const at::Tensor q = applyRotary(qkv.select(1, 0), cos, sin) * (1.0 / std::sqrt(static_cast<double>(hd)));
    const at::Tensor k = applyRotary(qkv.select(1, 1), cos, sin);
    at::Tensor out = x + b.proj(segmentAttention(q, k, qkv.select(1, 2), cu));
    const at::Tensor h = b.norm2(out);
    return out + b.down(at::silu(b.gate(h)) * b.up(h));
}

at::Tensor VisionTower::encode(const at::Tensor &pixels, const std::vector<GridThw> &grids, const StopCheck &stop,
                               VisionTrace *trace) const
{
    const VisionConfig &c = m_cfg;
    const int64_t unit = c.mergeUnit(), hd = c.headDim();
    int64_t n = 0;
    for (const GridThw &g : grids)
        n += g.patches();
    if (grids.empty() || pixels.dim() != 2 || pixels.size(0) != n || pixels.size(1) != c.patchDim())
        throw std::invalid_argument("vision: pixel values of shape " + shapeText(pixels.sizes().vec()) +
                                    " but the grids give " + std::to_string(n) + " patches of " +
                                    std::to_string(c.patchDim()) + " values");
    const WindowLayout layout = windowLayout(grids, c.mergeSize, c.windowTokens());
    const at::Device device = m_lnQ.weight.device();

    at::Tensor x = m_patchEmbed(pixels.to(device, at::kFloat).contiguous());
    if (trace)
        trace->patchEmbed = x;

    // Rows go to window order in whole merged tokens (their merge² patches stay together), and so do the angles.
    std::vector<int64_t> rowOrder;
    rowOrder.reserve(static_cast<size_t>(n));
    for (int64_t token : layout.windowIndex)
        for (int64_t u = 0; u < unit; ++u)
            rowOrder.push_back(token * unit + u);
    const at::Tensor order = indexTensor(rowOrder, device);
    x = x.index_select(0, order);

    // angles [N, hd/2] = [row·inv | column·inv] with hd/4 frequencies, in float32 as the reference forms them
    std::vector<int64_t> rc;
    for (const auto &[r, col] : patchPositions(grids, c.mergeSize))
        rc.insert(rc.end(), {r, col});
    const at::Tensor positions = at::tensor(rc, at::kLong).view({n, 2}).to(device, at::kFloat).index_select(0, order);
    const int64_t half = hd / 2;
    const at::Tensor inv = rotaryInverseFrequencies(half, kRopeTheta, at::TensorOptions().device(device));
    const at::Tensor angles = at::cat({positions.narrow(1, 0, 1) * inv, positions.narrow(1, 1, 1) * inv}, 1);
    const at::Tensor emb = at::cat({angles, angles}, 1).unsqueeze(1); // [N, 1, hd]: rotate-half pairs i, i + hd/2
    const at::Tensor cos = emb.cos(), sin = emb.sin();

    for (size_t i = 0; i < m_blocks.size(); ++i) {
        stopIfAsked(stop);
        x = block(m_blocks[i], x, cos, sin,
                  c.fullAttention(static_cast<int64_t>(i)) ? layout.cuSeqlens : layout.cuWindowSeqlens);
        if (trace)
            trace->blocks.push_back(x);
    }

    at::Tensor y = m_lnQ(x).reshape({n / unit, unit * c.hiddenSize}); // [p00 | p01 | p10 | p11] per merged token
    y = m_mlp2(nn::gelu(m_mlp0(y)));
    if (trace)
        trace->mergerWindowOrder = y;
    std::vector<int64_t> raster(layout.windowIndex.size());
    for (size_t k = 0; k < layout.windowIndex.size(); ++k)
        raster[static_cast<size_t>(layout.windowIndex[k])] = static_cast<int64_t>(k);
    return y.index_select(0, indexTensor(raster, device));
}

} // namespace gc::nn::qwen25vl
