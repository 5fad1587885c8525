#pragma once

// Internal to quantized_matrix.cpp and pack_avx2.cpp, which compile it for different CPUs (hence the unnamed
// namespace: each gets its own copy). A Q8/Q4 block's scale search tries twenty candidate scales, each a pass
// over the block; here the twenty run side by side, one per vector lane, and each lane does the very float
// operations of the one-at-a-time search in the same order, so the scale chosen is the same to the bit.
// Both files are built with -ffp-contract=off: a fused multiply-add would round differently.

#include <cstdint>

namespace gc::quant {
namespace {

using Lanes = float __attribute__((vector_size(32))); // 8 floats: one AVX register, or two SSE ones
constexpr int kCandidates = 20, kLaneVectors = 3;     // 24 lanes, the last 4 unused

// Round to nearest, ties to even, for |v| < 2^22: adding and removing 1.5·2^23 leaves no fraction bits.
// std::nearbyint is a library call on baseline x86-64 (no SSE4.1 roundss), ten times slower in the search.
inline float roundSmall(float v)
{
    constexpr float magic = 12582912.0f;
    return (v + magic) - magic; // float arithmetic, not reassociated without -ffast-math
}

// The least-squares scale of the best candidate for x[0..n), as quantizeBlockReference chooses it; extreme is
// the block's (nonzero) value of largest magnitude and lo the most negative integer.
inline float searchScaleLanes(const float *x, int64_t n, int lo, int hi, float extreme)
{
    const float nmax = float(-lo);
    Lanes inv[kLaneVectors];
    for (int i = 0; i < kLaneVectors * 8; ++i)
        inv[i / 8][i % 8] = -(nmax - 1 + 0.1f * float(i)) / extreme;
    const Lanes magic = Lanes{} + 12582912.0f, vlo = Lanes{} + float(lo), vhi = Lanes{} + float(hi);
    // three named accumulators, not an array: they stay in registers, so each step waits only on its adds
    Lanes xq0 = {}, xq1 = {}, xq2 = {}, q20 = {}, q21 = {}, q22 = {};
    const auto step = [&](const Lanes &xk, const Lanes &inverse, Lanes &sumxq, Lanes &sumq2) {
        Lanes l = (xk * inverse + magic) - magic;
        l = l < vlo ? vlo : l;
        l = vhi < l ? vhi : l;
        sumxq += xk * l;
        sumq2 += l * l;
    };
    for (int64_t k = 0; k < n; ++k) {
        const Lanes xk = Lanes{} + x[k];
        step(xk, inv[0], xq0, q20);
        step(xk, inv[1], xq1, q21);
        step(xk, inv[2], xq2, q22);
    }
    const Lanes sumxq[kLaneVectors] = {xq0, xq1, xq2}, sumq2[kLaneVectors] = {q20, q21, q22};
    float bestScale = 0, bestGain = -1;
    for (int i = 0; i < kCandidates; ++i) {
        const float sxq = sumxq[i / 8][i % 8], sq2 = sumq2[i / 8][i % 8];
        if (sq2 > 0 && sxq * sxq > bestGain * sq2) {
            bestGain = sxq * sxq / sq2;
            bestScale = sxq / sq2;
        }
    }
    return bestScale;
}

} // namespace
} // namespace gc::quant
