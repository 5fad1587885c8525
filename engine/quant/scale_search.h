#pragma once

// Internal to quantized_matrix.cpp and pack_avx2.cpp, which compile it for different CPUs (hence the unnamed
// namespace: each gets its own copy). A Q8 block's scale search tries twenty candidate scales, a Q4 block's
// range search sixteen candidate ranges, each a pass over the block; here they run side by side, one per vector
// lane, and each lane does the very float operations of the one-at-a-time search in the same order, so the
// choice is the same to the bit.
// Both files are built with -ffp-contract=off: a fused multiply-add would round differently.

#include <cstdint>

namespace gc::quant {

// Q4's candidate ranges inside a block's [lowest, highest]: a fraction 0, 0.03, 0.06 or 0.09 of the block's range
// trimmed from the bottom (candidate c: kTrims[c / 4]) and one from the top (kTrims[c % 4]); a weight maps to
// nibble clamp(round((x - lo[c]) · inv[c]), 0, 15). Trimming lets the outermost weights clip so that the others
// get a finer step; which trim is best differs from block to block (sixteen candidates: relative RMS error 0.0708
// on Gaussian blocks, thirty-six: 0.0703, none: 0.0756).
constexpr int kRanges = 16;
struct RangeCandidates {
    float lo[kRanges], inv[kRanges];
};

// Each candidate's Σq, Σq² and Σx·q over the block (q its nibbles), what the least-squares fit needs.
struct RangeSums {
    float q[kRanges], q2[kRanges], xq[kRanges];
};

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

inline RangeCandidates rangeCandidates(float lowest, float highest)
{
    constexpr float kTrims[4] = {0.0f, 0.03f, 0.06f, 0.09f};
    const float range = highest - lowest;
    RangeCandidates c{};
    for (int i = 0; i < kRanges; ++i) {
        const float bottom = kTrims[i / 4] * range, top = kTrims[i % 4] * range;
        c.lo[i] = lowest + bottom;
        c.inv[i] = 15.0f / ((range - bottom) - top);
    }
    return c;
}

// One weight's nibble for a candidate, as a float: the lanes' operations below, one at a time.
inline float rangeNibble(float x, float lo, float inv)
{
    float l = roundSmall((x - lo) * inv);
    l = l < 0.0f ? 0.0f : l;
    return 15.0f < l ? 15.0f : l;
}

static_assert(kRanges == 16, "rangeSumsLanes holds the candidates in two vectors of eight lanes");

inline RangeSums rangeSumsLanes(const float *x, int64_t n, const RangeCandidates &c)
{
    constexpr int kVectors = kRanges / 8;
    Lanes lo[kVectors], inv[kVectors];
    for (int i = 0; i < kRanges; ++i) {
        lo[i / 8][i % 8] = c.lo[i];
        inv[i / 8][i % 8] = c.inv[i];
    }
    const Lanes magic = Lanes{} + 12582912.0f, zero = Lanes{}, fifteen = Lanes{} + 15.0f;
    Lanes q0 = {}, q1 = {}, qq0 = {}, qq1 = {}, xq0 = {}, xq1 = {};
    const auto step = [&](const Lanes &xk, int v, Lanes &sq, Lanes &sq2, Lanes &sxq) {
        Lanes l = ((xk - lo[v]) * inv[v] + magic) - magic;
        l = l < zero ? zero : l;
        l = fifteen < l ? fifteen : l;
        sq += l;
        sq2 += l * l;
        sxq += xk * l;
    };
    for (int64_t k = 0; k < n; ++k) {
        const Lanes xk = Lanes{} + x[k];
        step(xk, 0, q0, qq0, xq0);
        step(xk, 1, q1, qq1, xq1);
    }
    RangeSums s{};
    for (int i = 0; i < 8; ++i) {
        s.q[i] = q0[i], s.q2[i] = qq0[i], s.xq[i] = xq0[i];
        s.q[8 + i] = q1[i], s.q2[8 + i] = qq1[i], s.xq[8 + i] = xq1[i];
    }
    return s;
}

} // namespace
} // namespace gc::quant
