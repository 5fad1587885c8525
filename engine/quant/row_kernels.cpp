#include "quant/row_kernels.h"

#include <cmath>

namespace gc::quant {

namespace {

// Abramowitz and Stegun 7.1.26: erfc(z) ≈ t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) e^(-z²), t = 1 / (1 + p z), z ≥ 0.
constexpr float kP = 0.3275911f, kA1 = 0.254829592f, kA2 = -0.284496736f, kA3 = 1.421413741f,
                kA4 = -1.453152027f, kA5 = 1.061405429f;

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
        const float t = 1.0f / (1.0f + kP * a);
        const float q = t * (kA1 + t * (kA2 + t * (kA3 + t * (kA4 + t * kA5)))) * std::exp(-a * a); // erfc(|z|)
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
