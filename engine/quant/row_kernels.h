#pragma once

// A decoder layer's row work besides its products, on raw floats: LayerNorm and the erf form of gelu. Written here
// rather than called in libtorch because a decode step calls them right after a product has streamed megabytes
// through the caches, and a libtorch operator then costs its dispatcher's cold memory too: a throwaway timed
// at::layer_norm on 8192 floats at 19 µs with warm caches and 107 µs after a 64 MB read, at::gelu_ 45 → 238 µs and
// at::empty 1 → 35 µs; the loops alone barely notice. AVX2 + FMA where bestIsa() allows, a portable path otherwise.
//
// Each is deterministic for a given CPU path: a row's LayerNorm does not depend on other rows, and gelu gives every
// value the same result wherever it lies in the range (the vector path takes a short tail through a padded copy),
// so a decode step that slices a row over threads gets what the whole-tensor call gets.

#include "quant/gemv.h"

#include <cstdint>

namespace gc::quant {

// out[i] = (x[i] - mean) / sqrt(var + eps) * w[i] + b[i] over n floats (mean and biased variance of x, both
// accumulated in double); b may be null (no bias); out may be x.
void layerNormRow(const float *x, int64_t n, const float *w, const float *b, double eps, float *out,
                  Isa isa = bestIsa());

// x[i] = x[i] / 2 * (1 + erf(x[i] / sqrt 2)) in place. erf as Abramowitz and Stegun's 7.1.26 (absolute error
// below 1.5e-7, as libtorch's vectorised erf), for negative inputs taken as the complement it computes, so that the
// negative tail does not cancel: relative error 0.05 % at x = -4, 3 % at -12 (where gelu is -1e-32).
void geluErf(float *x, int64_t n, Isa isa = bestIsa());

// One query row's attention over T keys and values (rows hd apart, hd a multiple of 8): out[0, hd) =
// Σ_t softmax_t(q·k_t / divisor + mask[t · maskStride]) v_t, mask null for none; scores is T floats of scratch.
// One pass over the keys (four at a time), the softmax with the exponential in vector lanes (zero below e^-87.3),
// one pass over the values. Only where hd % 8 == 0 and the CPU has AVX2: returns false otherwise, and the caller
// takes its plain path (nn::attendOneHead's, which this is tested against).
bool attendOneQuery(const float *q, const float *keys, const float *values, int64_t T, int64_t hd, const float *mask,
                    int64_t maskStride, float divisor, float *scores, float *out, Isa isa = bestIsa());

namespace detail {
// Abramowitz and Stegun 7.1.26: erfc(z) ≈ t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) e^(-z²), t = 1 / (1 + p z), z ≥ 0;
// kErfA holds a1..a5. Both paths of geluErf read them here.
inline constexpr float kErfP = 0.3275911f;
inline constexpr float kErfA[5] = {0.254829592f, -0.284496736f, 1.421413741f, -1.453152027f, 1.061405429f};
void attendOneQueryAvx2(const float *q, const float *keys, const float *values, int64_t T, int64_t hd,
                        const float *mask, int64_t maskStride, float divisor, float *scores, float *out);
void layerNormRowAvx2(const float *x, int64_t n, const float *w, const float *b, double eps, float *out);
void geluErfAvx2(float *x, int64_t n);
} // namespace detail

} // namespace gc::quant
