#include "quant/row_kernels.h"

#include <cmath>

namespace gc::quant {

namespace {

void layerNormRowPortable(const float *x, int64_t n, const float *w, const float *b, double eps, float *out)
{
    double sum = 0;
    for (int64_t i = 0; i < n; ++i)
        sum += double(x[i]);
    const double mean = sum / double(n);
    double squares = 0;
    for (int64_t i = 0; i < n; ++i) {
        const double d = double(x[i]) - mean;
        squares += d * d;
    }
    const auto rstd = float(1.0 / std::sqrt(squares / double(n) + eps));
    const auto m = float(mean);
    for (int64_t i = 0; i < n; ++i)
        out[i] = (x[i] - m) * rstd * w[i] + (b ? b[i] : 0.0f);
}

void geluErfPortable(float *x, int64_t n)
{
    for (int64_t i = 0; i < n; ++i) {
        const float v = x[i], a = std::fabs(v) * 0.70710678118654752f;
        const float t = 1.0f / (1.0f + detail::kErfP * a);
        const float *c = detail::kErfA;
        const float q = t * (c[0] + t * (c[1] + t * (c[2] + t * (c[3] + t * c[4])))) * std::exp(-a * a); // erfc(|z|)
        x[i] = 0.5f * v * (v < 0 ? q : 2.0f - q);
    }
}

} // namespace

void layerNormRow(const float *x, int64_t n, const float *w, const float *b, double eps, float *out, Isa isa)
{
    if (n <= 0)
        return;
#if defined(__x86_64__) || defined(__i386__)
    if (isa != Isa::Portable) {
        detail::layerNormRowAvx2(x, n, w, b, eps, out);
        return;
    }
#endif
    layerNormRowPortable(x, n, w, b, eps, out);
}

bool attendOneQuery(const float *q, const float *keys, const float *values, int64_t T, int64_t hd, const float *mask,
                    int64_t maskStride, float divisor, float *scores, float *out, Isa isa)
{
#if defined(__x86_64__) || defined(__i386__)
    if (isa == Isa::Portable || hd % 8 != 0 || hd <= 0 || T <= 0)
        return false;
    detail::attendOneQueryAvx2(q, keys, values, T, hd, mask, maskStride, divisor, scores, out);
    return true;
#else
    (void)q, (void)keys, (void)values, (void)T, (void)hd, (void)mask, (void)maskStride, (void)divisor, (void)scores,
        (void)out, (void)isa;
    return false;
#endif
}

void geluErf(float *x, int64_t n, Isa isa)
{
#if defined(__x86_64__) || defined(__i386__)
    if (isa != Isa::Portable) {
        detail::geluErfAvx2(x, n);
        return;
    }
#endif
    geluErfPortable(x, n);
}

} // namespace gc::quant
