// The AVX-512 kernels. Only called when bestIsa() says the CPU has AVX-512 F, BW, VL and VNNI (beside AVX2, FMA
// and F16C); this file alone is built with those instructions enabled.
//
// Why a second set: on a CPU with 512-bit units the AVX2 kernels run out of instructions before memory runs out of
// bytes (bench_quant: 20-29 GB/s on two cores of a machine that reads 55 GB/s). Here each step covers twice the
// weights and the integer formats need one instruction per 64 products (vpdpbusd):
// - Q8/Q4: the weights go in unsigned (Q8 + 128, Q4 as stored, 0..15) and the product starts from the input's
//   part of the centring (PreparedInput::laneStart), so that each 32-bit lane holds the exact integer dot
//   product of its 4 weights; two blocks per register, scaled per block (PreparedInput::pairScale).
// - BF16: 32 weights are widened in place, the even ones by a shift and the odd ones by a mask, against the inputs
//   stored even-then-odd (PreparedInput::evenOdd): no shuffles.
// - F16 through vcvtph2ps, F32 as it is.
// Rows run to their end with masked loads, so a ragged width reads nothing beyond its row.
#include "quant/gemv.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <algorithm>

namespace gc::quant::detail {

namespace {

// Lanes 0..7 take scale 2j of 16, lanes 8..15 scale 2j+1: the two blocks of pair j.
const __m512i &pairIndex(int j)
{
    static const __m512i idx[8] = {
        _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0),
        _mm512_set_epi32(3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2),
        _mm512_set_epi32(5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4),
        _mm512_set_epi32(7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6, 6, 6, 6, 6),
        _mm512_set_epi32(9, 9, 9, 9, 9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8),
        _mm512_set_epi32(11, 11, 11, 11, 11, 11, 11, 11, 10, 10, 10, 10, 10, 10, 10, 10),
        _mm512_set_epi32(13, 13, 13, 13, 13, 13, 13, 13, 12, 12, 12, 12, 12, 12, 12, 12),
        _mm512_set_epi32(15, 15, 15, 15, 15, 15, 15, 15, 14, 14, 14, 14, 14, 14, 14, 14),
    };
    return idx[j];
}

// The 64 unsigned weights of blocks b and b+1 of a row (only block b when `single`: the row's last, odd one; the
// other half is then zeros for Q4, 128 for Q8, both against zero inputs), in their natural order.
template <WeightFormat F>
__m512i pairBytes(const MatrixView &m, int64_t row, int64_t b, bool single)
{
    const int64_t nb = m.blocksPerRow();
    if constexpr (F == WeightFormat::Q8) {
        const int8_t *p = static_cast<const int8_t *>(m.data) + (row * nb + b) * kBlock;
        const __m512i w = single ? _mm512_maskz_loadu_epi8(0xffffffffULL, p) : _mm512_loadu_si512(p);
        return _mm512_xor_si512(w, _mm512_set1_epi8(char(0x80)));
    } else {
        const uint8_t *p = static_cast<const uint8_t *>(m.data) + (row * nb + b) * (kBlock / 2);
        const __m256i bytes = single ? _mm256_maskz_loadu_epi8(0xffffu, p) : _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
        // [low nibbles of both blocks | high nibbles of both], then 128-bit quarters reordered to
        // [block b: 0..15, 16..31 | block b+1: 0..15, 16..31]
        const __m512i both = _mm512_inserti64x4(_mm512_castsi256_si512(bytes), _mm256_srli_epi16(bytes, 4), 1);
        const __m512i nibbles = _mm512_and_si512(both, _mm512_set1_epi8(0x0f));
        return _mm512_permutexvar_epi64(_mm512_set_epi64(7, 6, 3, 2, 5, 4, 1, 0), nibbles);
    }
}

float hsum(__m512 v) { return _mm512_reduce_add_ps(v); }

// Q8/Q4 weights against M inputs, rows [r0, r1).
template <WeightFormat F, int M>
void rowsInteger(const MatrixView &m, const PreparedInput &in, int64_t i0, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    constexpr int A = M <= 2 ? 4 : 2; // independent sums per input, to hide the FMA's latency
    const int64_t nb = m.blocksPerRow();
    const int64_t ldx = in.padded, ldl = in.padded / 4, lds = in.padded / 4;
    const int8_t *xq = in.q.data() + i0 * ldx;
    const int32_t *start = in.laneStart.data() + i0 * ldl;
    const float *xs = in.pairScale.data() + i0 * lds;
    for (int64_t r = r0; r < r1; ++r) {
        __m512 acc[M][A];
#pragma GCC unroll 4
        for (int i = 0; i < M; ++i)
#pragma GCC unroll 4
            for (int a = 0; a < A; ++a)
                acc[i][a] = _mm512_setzero_ps();
        const float *ws = m.scales + r * nb;
        // blocks b, b+1 (b even) with their weight scales already spread over the lanes
        const auto pair = [&](int64_t b, __m512i w, __m512 dw, int a) {
#pragma GCC unroll 4
            for (int i = 0; i < M; ++i) {
                const __m512i dot = _mm512_dpbusd_epi32(_mm512_loadu_si512(start + i * ldl + b * 8), w,
                                                        _mm512_loadu_si512(xq + i * ldx + b * kBlock));
                const __m512 d = _mm512_mul_ps(dw, _mm512_loadu_ps(xs + i * lds + b * 8));
                acc[i][a] = _mm512_fmadd_ps(d, _mm512_cvtepi32_ps(dot), acc[i][a]);
            }
        };
        int64_t b = 0;
        for (; b + 16 <= nb; b += 16) {
            const __m512 scales = _mm512_loadu_ps(ws + b);
#pragma GCC unroll 8
            for (int j = 0; j < 8; ++j)
                pair(b + 2 * j, pairBytes<F>(m, r, b + 2 * j, false), _mm512_permutexvar_ps(pairIndex(j), scales), j % A);
        }
        if (b < nb) {
            const __m512 scales = _mm512_maskz_loadu_ps(__mmask16((1u << (nb - b)) - 1), ws + b);
            for (int j = 0; b + 2 * j < nb; ++j) {
                const bool single = b + 2 * j + 1 == nb;
                pair(b + 2 * j, pairBytes<F>(m, r, b + 2 * j, single), _mm512_permutexvar_ps(pairIndex(j), scales), 0);
            }
        }
#pragma GCC unroll 4
        for (int i = 0; i < M; ++i) {
            __m512 s = acc[i][0];
#pragma GCC unroll 4
            for (int a = 1; a < A; ++a)
                s = _mm512_add_ps(s, acc[i][a]);
            y[(i0 + i) * ldy + r] = hsum(s);
        }
    }
}

// The first n (< 32) of 32 lanes of 16 bits.
__mmask32 firstHalves(int64_t n) { return n >= 32 ? ~__mmask32(0) : __mmask32((1u << n) - 1); }
__mmask16 firstWords(int64_t n) { return n >= 16 ? __mmask16(0xffff) : __mmask16((1u << n) - 1); }

// F32/BF16/F16 weights against M inputs, rows [r0, r1): 32 weights a step.
template <WeightFormat F, int M>
void rowsFloat(const MatrixView &m, const PreparedInput &in, int64_t i0, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    constexpr int A = M <= 2 ? 2 : 1; // pairs of independent sums per input
    const int64_t cols = m.cols, ldx = in.padded;
    const float *x = (F == WeightFormat::BF16 ? in.evenOdd.data() : in.x.data()) + i0 * ldx;
    for (int64_t r = r0; r < r1; ++r) {
        __m512 acc[M][2 * A];
#pragma GCC unroll 4
        for (int i = 0; i < M; ++i)
#pragma GCC unroll 4
            for (int a = 0; a < 2 * A; ++a)
                acc[i][a] = _mm512_setzero_ps();
        const uint16_t *src16 = static_cast<const uint16_t *>(m.data) + r * cols;
        const float *src32 = static_cast<const float *>(m.data) + r * cols;
        // weights k..k+31 (the first n of them) as two vectors: for BF16 the even ones and the odd ones, else in
        // order; the inputs x[k..k+31] in the same arrangement
        const auto step = [&](int64_t k, int64_t n, int a) {
            __m512 w0, w1;
            if constexpr (F == WeightFormat::BF16) {
                const __m512i v = n >= 32 ? _mm512_loadu_si512(src16 + k) : _mm512_maskz_loadu_epi16(firstHalves(n), src16 + k);
                w0 = _mm512_castsi512_ps(_mm512_slli_epi32(v, 16));
                w1 = _mm512_castsi512_ps(_mm512_and_si512(v, _mm512_set1_epi32(int(0xffff0000u))));
            } else if constexpr (F == WeightFormat::F16) {
                const __m256i lo = n >= 16 ? _mm256_loadu_si256(reinterpret_cast<const __m256i *>(src16 + k))
                                           : _mm256_maskz_loadu_epi16(firstWords(n), src16 + k);
                const __m256i hi = n >= 32 ? _mm256_loadu_si256(reinterpret_cast<const __m256i *>(src16 + k + 16))
                                           : _mm256_maskz_loadu_epi16(firstWords(std::max<int64_t>(n - 16, 0)), src16 + k + 16);
                w0 = _mm512_cvtph_ps(lo);
                w1 = _mm512_cvtph_ps(hi);
            } else {
                w0 = n >= 16 ? _mm512_loadu_ps(src32 + k) : _mm512_maskz_loadu_ps(firstWords(n), src32 + k);
                w1 = n >= 32 ? _mm512_loadu_ps(src32 + k + 16)
                             : _mm512_maskz_loadu_ps(firstWords(std::max<int64_t>(n - 16, 0)), src32 + k + 16);
            }
#pragma GCC unroll 4
            for (int i = 0; i < M; ++i) {
                acc[i][2 * a] = _mm512_fmadd_ps(w0, _mm512_loadu_ps(x + i * ldx + k), acc[i][2 * a]);
                acc[i][2 * a + 1] = _mm512_fmadd_ps(w1, _mm512_loadu_ps(x + i * ldx + k + 16), acc[i][2 * a + 1]);
            }
        };
        int64_t k = 0;
        for (; k + 32 * A <= cols; k += 32 * A)
#pragma GCC unroll 2
            for (int a = 0; a < A; ++a)
                step(k + 32 * a, 32, a);
        for (; k < cols; k += 32) // inputs are padded with zeros to whole blocks: only the weights are masked
            step(k, cols - k, 0);
#pragma GCC unroll 4
        for (int i = 0; i < M; ++i) {
            __m512 s = acc[i][0];
#pragma GCC unroll 4
            for (int a = 1; a < 2 * A; ++a)
                s = _mm512_add_ps(s, acc[i][a]);
            y[(i0 + i) * ldy + r] = hsum(s);
        }
    }
}

template <WeightFormat F, int M>
void rows(const MatrixView &w, const PreparedInput &in, int64_t i0, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    if constexpr (F == WeightFormat::Q8 || F == WeightFormat::Q4)
        rowsInteger<F, M>(w, in, i0, y, ldy, r0, r1);
    else
        rowsFloat<F, M>(w, in, i0, y, ldy, r0, r1);
}

template <WeightFormat F>
void rowsAnyM(const MatrixView &w, const PreparedInput &in, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    for (int64_t i = 0; i < in.m;) {
        switch (std::min<int64_t>(in.m - i, 4)) {
        case 4: rows<F, 4>(w, in, i, y, ldy, r0, r1); i += 4; break;
        case 3: rows<F, 3>(w, in, i, y, ldy, r0, r1); i += 3; break;
        case 2: rows<F, 2>(w, in, i, y, ldy, r0, r1); i += 2; break;
        default: rows<F, 1>(w, in, i, y, ldy, r0, r1); i += 1; break;
        }
    }
}

} // namespace

void gemvRowsAvx512(const MatrixView &w, const PreparedInput &x, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    switch (w.format) {
    case WeightFormat::F32: rowsAnyM<WeightFormat::F32>(w, x, y, ldy, r0, r1); break;
    case WeightFormat::BF16: rowsAnyM<WeightFormat::BF16>(w, x, y, ldy, r0, r1); break;
    case WeightFormat::F16: rowsAnyM<WeightFormat::F16>(w, x, y, ldy, r0, r1); break;
    case WeightFormat::Q8: rowsAnyM<WeightFormat::Q8>(w, x, y, ldy, r0, r1); break;
    case WeightFormat::Q4: rowsAnyM<WeightFormat::Q4>(w, x, y, ldy, r0, r1); break;
    }
}

} // namespace gc::quant::detail
#endif
