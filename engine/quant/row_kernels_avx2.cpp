// AVX2 + FMA bodies of row_kernels.h (this file alone is built with -mavx2 -mfma; called after bestIsa() has seen
// them on the CPU).
#include "quant/row_kernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include "quant/avx2_sums.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gc::quant::detail {

namespace {

// e^v for v ≤ 0 (gelu's -z², softmax's s - max), Cephes' expf: v = n ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 in two
// parts), a degree-7 polynomial in r, 2^n put into the exponent bits; 0 below -87.3 (e^v there is below the
// smallest normal float), -inf included.
__m256 expNonPositive(__m256 v)
{
    const __m256 floor = _mm256_set1_ps(-87.3365447f);
    const __m256 under = _mm256_cmp_ps(v, floor, _CMP_LT_OQ);
    v = _mm256_max_ps(v, floor);
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(v, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), v);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_andnot_ps(under, _mm256_mul_ps(p, _mm256_castsi256_ps(e)));
}

// gelu of eight values (row_kernels.cpp's portable loop, eight lanes at a time).
__m256 geluEight(__m256 v)
{
    const __m256 a = _mm256_mul_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.0f), v), _mm256_set1_ps(0.70710678118654752f));
    const __m256 t = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(_mm256_set1_ps(kErfP), a, _mm256_set1_ps(1.0f)));
    __m256 poly = _mm256_fmadd_ps(_mm256_set1_ps(kErfA[4]), t, _mm256_set1_ps(kErfA[3]));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(kErfA[2]));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(kErfA[1]));
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(kErfA[0]));
    const __m256 q = _mm256_mul_ps(_mm256_mul_ps(poly, t), expNonPositive(_mm256_mul_ps(_mm256_sub_ps(_mm256_setzero_ps(), a), a)));
    const __m256 negative = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_LT_OQ);
    const __m256 onePlusErf = _mm256_blendv_ps(_mm256_sub_ps(_mm256_set1_ps(2.0f), q), q, negative);
    return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), v), onePlusErf);
}

// out[0, 8G) = norm · Σ_t w[t] · v[t], the rows of v 8G floats apart, the sums in G registers.
template <int G>
void weightedValues(const float *w, const float *values, int64_t T, __m256 norm, float *out)
{
    __m256 acc[G];
#pragma GCC unroll 16
    for (int j = 0; j < G; ++j)
        acc[j] = _mm256_setzero_ps();
    for (int64_t t = 0; t < T; ++t) {
        const __m256 wt = _mm256_set1_ps(w[t]);
        const float *row = values + t * 8 * G;
#pragma GCC unroll 16
        for (int j = 0; j < G; ++j)
            acc[j] = _mm256_fmadd_ps(wt, _mm256_loadu_ps(row + 8 * j), acc[j]);
    }
#pragma GCC unroll 16
    for (int j = 0; j < G; ++j)
        _mm256_storeu_ps(out + 8 * j, _mm256_mul_ps(acc[j], norm));
}

} // namespace

void attendOneQueryAvx2(const float *q, const float *keys, const float *values, int64_t T, int64_t hd,
                        const float *mask, int64_t maskStride, float divisor, float *scores, float *out)
{
    // scores: four keys a trip, each its own accumulator over the head's eights
    const float inv = 1.0f / divisor;
    int64_t t = 0;
    for (; t + 4 <= T; t += 4) {
        const float *k0 = keys + t * hd;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        for (int64_t d = 0; d < hd; d += 8) {
            const __m256 qv = _mm256_loadu_ps(q + d);
            a0 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k0 + d), a0);
            a1 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k0 + hd + d), a1);
            a2 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k0 + 2 * hd + d), a2);
            a3 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k0 + 3 * hd + d), a3);
        }
        scores[t] = hsum(a0);
        scores[t + 1] = hsum(a1);
        scores[t + 2] = hsum(a2);
        scores[t + 3] = hsum(a3);
    }
    for (; t < T; ++t) {
        __m256 a = _mm256_setzero_ps();
        for (int64_t d = 0; d < hd; d += 8)
            a = _mm256_fmadd_ps(_mm256_loadu_ps(q + d), _mm256_loadu_ps(keys + t * hd + d), a);
        scores[t] = hsum(a);
    }
    float top = -std::numeric_limits<float>::infinity();
    for (t = 0; t < T; ++t) {
        scores[t] = scores[t] * inv + (mask ? mask[t * maskStride] : 0.0f);
        top = std::max(top, scores[t]);
    }
    if (top == -std::numeric_limits<float>::infinity()) // every key masked with -inf: all weighted alike (the plain
                                                        // path's exp(-inf + inf) gives NaN there)
        top = 0, std::fill(scores, scores + T, 0.0f);
    // the exponentials eight at a time (a short tail through a padded copy), their sum
    const __m256 topv = _mm256_set1_ps(top);
    __m256 sums = _mm256_setzero_ps();
    for (t = 0; t + 8 <= T; t += 8) {
        const __m256 e = expNonPositive(_mm256_sub_ps(_mm256_loadu_ps(scores + t), topv));
        _mm256_storeu_ps(scores + t, e);
        sums = _mm256_add_ps(sums, e);
    }
    if (t < T) {
        alignas(32) float tail[8];
        std::fill(tail, tail + 8, -std::numeric_limits<float>::infinity());
        std::copy(scores + t, scores + T, tail);
        const __m256 e = expNonPositive(_mm256_sub_ps(_mm256_load_ps(tail), topv));
        _mm256_store_ps(tail, e);
        sums = _mm256_add_ps(sums, e);
        std::copy(tail, tail + (T - t), scores + t);
    }
    const __m256 norm = _mm256_set1_ps(1.0f / hsum(sums));
    // the values, one key a trip: the head's eights in registers where it has 8 or 16 of them
    if (hd == 64) {
        weightedValues<8>(scores, values, T, norm, out);
        return;
    }
    if (hd == 128) {
        weightedValues<16>(scores, values, T, norm, out);
        return;
    }
    std::fill(out, out + hd, 0.0f);
    for (t = 0; t < T; ++t) {
        const __m256 w = _mm256_set1_ps(scores[t]);
        for (int64_t d = 0; d < hd; d += 8)
            _mm256_storeu_ps(out + d, _mm256_fmadd_ps(w, _mm256_loadu_ps(values + t * hd + d), _mm256_loadu_ps(out + d)));
    }
    for (int64_t d = 0; d < hd; d += 8)
        _mm256_storeu_ps(out + d, _mm256_mul_ps(_mm256_loadu_ps(out + d), norm));
}

void layerNormRowAvx2(const float *x, int64_t n, const float *w, const float *b, double eps, float *out)
{
    // sums in double, sixteen floats a trip into four accumulators; the last few one by one
    __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m256 lo = _mm256_loadu_ps(x + i), hi = _mm256_loadu_ps(x + i + 8);
        s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(lo)));
        s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps(lo, 1)));
        s2 = _mm256_add_pd(s2, _mm256_cvtps_pd(_mm256_castps256_ps128(hi)));
        s3 = _mm256_add_pd(s3, _mm256_cvtps_pd(_mm256_extractf128_ps(hi, 1)));
    }
    double sum = hsum(_mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)));
    for (int64_t k = i; k < n; ++k)
        sum += double(x[k]);
    const double mean = sum / double(n);
    const __m256d md = _mm256_set1_pd(mean);
    s0 = s1 = s2 = s3 = _mm256_setzero_pd();
    for (i = 0; i + 16 <= n; i += 16) {
        const __m256 lo = _mm256_loadu_ps(x + i), hi = _mm256_loadu_ps(x + i + 8);
        const __m256d d0 = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(lo)), md);
        const __m256d d1 = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(lo, 1)), md);
        const __m256d d2 = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(hi)), md);
        const __m256d d3 = _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(hi, 1)), md);
        s0 = _mm256_fmadd_pd(d0, d0, s0);
        s1 = _mm256_fmadd_pd(d1, d1, s1);
        s2 = _mm256_fmadd_pd(d2, d2, s2);
        s3 = _mm256_fmadd_pd(d3, d3, s3);
    }
    double squares = hsum(_mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)));
    for (int64_t k = i; k < n; ++k) {
        const double d = double(x[k]) - mean;
        squares += d * d;
    }
    const auto rstd = float(1.0 / std::sqrt(squares / double(n) + eps));
    const auto m = float(mean);
    const __m256 mv = _mm256_set1_ps(m), rv = _mm256_set1_ps(rstd);
    for (i = 0; i + 8 <= n; i += 8) {
        const __m256 centred = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), mv), rv);
        const __m256 bias = b ? _mm256_loadu_ps(b + i) : _mm256_setzero_ps();
        _mm256_storeu_ps(out + i, _mm256_fmadd_ps(centred, _mm256_loadu_ps(w + i), bias));
    }
    for (; i < n; ++i)
        out[i] = std::fma((x[i] - m) * rstd, w[i], b ? b[i] : 0.0f);
}

void geluErfAvx2(float *x, int64_t n)
{
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(x + i, geluEight(_mm256_loadu_ps(x + i)));
    if (i < n) { // the last few through the same lanes, so that a value's result does not depend on where it lies
        alignas(32) float tail[8] = {};
        std::copy(x + i, x + n, tail);
        _mm256_store_ps(tail, geluEight(_mm256_load_ps(tail)));
        std::copy(tail, tail + (n - i), x + i);
    }
}

} // namespace gc::quant::detail
#endif
