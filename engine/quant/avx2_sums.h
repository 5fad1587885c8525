#pragma once

// Horizontal sums for the files built with -mavx2 (gemv_avx2.cpp, gemv_avx512.cpp, row_kernels_avx2.cpp): include
// only there, after <immintrin.h>.

#include <immintrin.h>

namespace gc::quant::detail {

// The eight lanes' sum: the high half onto the low, then pairs.
[[gnu::always_inline]] inline float hsum(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}

// The four lanes' sum in double.
[[gnu::always_inline]] inline double hsum(__m256d v)
{
    const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

} // namespace gc::quant::detail
