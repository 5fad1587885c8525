#include "nn/attention_few_queries.h"

#include "quant/gemv.h"
#include "quant/parallel_rows.h"
#include "quant/row_kernels.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace gc::nn {

namespace {

bool rowsContiguous(const at::Tensor &t, int64_t hd)
{
    return t.dim() == 4 && t.size(3) == hd && t.stride(3) == 1 && (t.size(2) <= 1 || t.stride(2) == hd);
}

// out[0, hd) = Σ_t w[t] · v[t, 0, hd), the rows of v `hd` floats apart.
void weightedRows(const float *__restrict w, const float *__restrict v, int64_t T, int64_t hd, float *__restrict out)
{
    std::fill(out, out + hd, 0.0f);
    for (int64_t t = 0; t < T; ++t) {
        const float wt = w[t];
        const float *__restrict row = v + t * hd;
        for (int64_t d = 0; d < hd; ++d)
            out[d] += wt * row[d];
    }
}

} // namespace

void attendOneHead(const float *q, int64_t M, const float *keys, const float *values, int64_t T, int64_t hd,
                   const float *mask, int64_t maskRow, int64_t maskCol, float divisor, float *scores, float *out)
{
    if (M == 1 && quant::attendOneQuery(q, keys, values, T, hd, mask, maskCol, divisor, scores, out))
        return; // a decode step's one row, fused (AVX2)
    const quant::MatrixView view{quant::WeightFormat::F32, T, hd, keys, nullptr};
    const quant::PreparedInput in(quant::WeightFormat::F32, q, M, hd, hd);
    quant::gemvRows(view, in, scores, T, 0, T);
    for (int64_t i = 0; i < M; ++i) {
        float *s = scores + i * T;
        const float *mrow = mask ? mask + i * maskRow : nullptr;
        for (int64_t t = 0; t < T; ++t) {
            s[t] /= divisor;
            if (mrow)
                s[t] += mrow[t * maskCol];
        }
        const float top = *std::max_element(s, s + T);
        float sum = 0;
        for (int64_t t = 0; t < T; ++t)
            sum += (s[t] = std::exp(s[t] - top));
        for (int64_t t = 0; t < T; ++t)
            s[t] /= sum;
        weightedRows(s, values, T, hd, out + i * hd);
    }
}

bool fewQueriesApply(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask)
{
    if (mask.defined() && mask.scalar_type() != at::kFloat)
        return false;
    if (q.dim() != 4 || !q.device().is_cpu() || q.scalar_type() != at::kFloat || k.scalar_type() != at::kFloat ||
        v.scalar_type() != at::kFloat || !k.device().is_cpu() || !v.device().is_cpu())
        return false;
    const int64_t hd = q.size(3);
    if (q.size(2) < 1 || q.size(2) > kFewQueries || k.size(2) < 1 || k.sizes() != v.sizes())
        return false;
    return k.size(0) == q.size(0) && k.size(1) == q.size(1) && rowsContiguous(k, hd) && rowsContiguous(v, hd);
}

at::Tensor attendFewQueries(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask,
                            double divisor)
{
    if (!fewQueriesApply(q, k, v, mask))
        throw std::invalid_argument("attendFewQueries: tensors outside the few-query path");
    const int64_t B = q.size(0), H = q.size(1), M = q.size(2), hd = q.size(3), T = k.size(2);
    const at::Tensor qc = q.contiguous();
    at::Tensor m;
    if (mask.defined())
        m = mask.expand({B, H, M, T}); // strides 0 where it broadcasts; read in place
    at::Tensor out = at::empty({B, H, M, hd}, q.options());
    const float *qp = qc.data_ptr<float>(), *kp = k.data_ptr<float>(), *vp = v.data_ptr<float>();
    const float *mp = m.defined() ? m.data_ptr<float>() : nullptr;
    float *op = out.data_ptr<float>();
    const float inv = static_cast<float>(divisor);
    quant::parallelRows(B * H, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> scores(static_cast<size_t>(M * T));
        for (int64_t bh = begin; bh < end; ++bh) {
            const int64_t b = bh / H, h = bh % H;
            const float *mrow = mp ? mp + b * m.stride(0) + h * m.stride(1) : nullptr;
            attendOneHead(qp + bh * M * hd, M, kp + b * k.stride(0) + h * k.stride(1), vp + b * v.stride(0) + h * v.stride(1),
                          T, hd, mrow, mp ? m.stride(2) : 0, mp ? m.stride(3) : 0, inv, scores.data(), op + bh * M * hd);
        }
    });
    return out;
}

} // namespace gc::nn
