// The AVX-512 kernels (F, BW, VL and VNNI). Only called when bestIsa() says the CPU has them; this file alone is
// built with those instructions enabled. Against the AVX2 kernels: twice the width per instruction, and for
// Q8 one vpdpbusd where AVX2 needs maddubs + madd + two signs. (f32 and Q4 weights go to the AVX2 kernels:
// gemvRows says why.) One input row is bound by memory
// either way (bench_quant: the two within noise of each other); where they differ is several rows at once (a
// follow-up turn's prompt, beams), which the AVX2 kernels run out of instructions on: Kosmos-2 (6 layers) answers
// a follow-up 25–35 % sooner, and decodes a few per cent faster, in the same run.
#include "quant/gemv.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include "quant/avx2_sums.h"

namespace gc::quant::detail {

namespace {

__m512i pairScale(int p) // lanes 0..7 block 2p's scale, 8..15 block 2p + 1's
{
    return _mm512_setr_epi32(2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p, 2 * p + 1, 2 * p + 1,
                             2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1, 2 * p + 1);
}

__mmask16 firstLanes(int64_t n) { return n >= 16 ? __mmask16(0xffff) : __mmask16((1u << n) - 1u); }

// Every accumulator to zero; the A partial sums of input i as one float.
template <int A, int M>
[[gnu::always_inline]] inline void zero(__m512 (&acc)[A][M])
{
#pragma GCC unroll 4
    for (int a = 0; a < A; ++a)
#pragma GCC unroll 4
        for (int i = 0; i < M; ++i)
            acc[a][i] = _mm512_setzero_ps();
}

template <int A, int M>
[[gnu::always_inline]] inline float total(const __m512 (&acc)[A][M], int i)
{
    __m512 s = acc[0][i];
#pragma GCC unroll 4
    for (int a = 1; a < A; ++a)
        s = _mm512_add_ps(s, acc[a][i]);
    return _mm512_reduce_add_ps(s);
}

// Blocks [b0, b0 + n) (n ≤ 16, the rest zero) of M inputs: s[i] = each block's weight scale times input i's, and
// the blocks' shift (PreparedInput::offset: Q8's +128) taken off accumulator acc[A - 1][i] while the
// weight scales are in a register.
template <int A, int M>
[[gnu::always_inline]] inline void blockScales(const uint16_t *ws, const float *xs, const float *off, int64_t nb,
                                               int64_t n, __m512 (&s)[M], __m512 (&acc)[A][M])
{
    const __mmask16 k = firstLanes(n);
    // sixteen bf16 scales, each moved to the top of its f32 lane (zero in the lanes past n)
    const __m512 w16 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(k, ws)), 16));
#pragma GCC unroll 4
    for (int i = 0; i < M; ++i) {
        s[i] = _mm512_mul_ps(w16, _mm512_maskz_loadu_ps(k, xs + i * nb));
        acc[A - 1][i] = _mm512_fnmadd_ps(w16, _mm512_maskz_loadu_ps(k, off + i * nb), acc[A - 1][i]);
    }
}

// Q8: two blocks per 64-byte load. vpdpbusd wants one operand unsigned: the weights are read as w + 128 (one
// xor of the sign bit), against the inputs as quantised, Σ (w + 128)·x = Σ w·x + 128 · Σ x; the second sum is the
// input's alone, so it comes off once per block through PreparedInput::offset (128 · scale · Σ q). (Shifting the inputs instead left a correction per weight load: two more instructions per 64 bytes,
// and one core ran Q8 at 63 % of its read rate where the 16-bit formats ran at 80 %.)
template <int M>
void rowsQ8(const MatrixView &m, const PreparedInput &in, int64_t i0, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    constexpr int A = M <= 2 ? 2 : 1;
    const int64_t nb = m.blocksPerRow(), ldx = in.padded, pairBlocks = nb / 2 * 2;
    const int8_t *xq = in.q.data() + i0 * ldx;
    const float *xs = in.scale.data() + i0 * nb, *off = in.offset.data() + i0 * nb;
    const __m512i sign = _mm512_set1_epi8(char(0x80));
    for (int64_t r = r0; r < r1; ++r) {
        const uint16_t *ws = m.q8Scales() + r * nb;
        const int8_t *wrow = static_cast<const int8_t *>(m.data) + r * nb * kBlock;
        __m512 acc[A][M];
        zero(acc);
        for (int64_t b0 = 0; b0 < pairBlocks; b0 += 16) { // 16 blocks share one load of their scales
            __m512 s[M];
            blockScales(ws + b0, xs + b0, off + b0, nb, pairBlocks - b0, s, acc);
            const int pairs = pairBlocks - b0 >= 16 ? 8 : int((pairBlocks - b0) / 2);
#pragma GCC unroll 8
            for (int p = 0; p < pairs; ++p) {
                const int64_t b = b0 + 2 * p;
                const __m512i w = _mm512_xor_si512(_mm512_loadu_si512(wrow + b * kBlock), sign);
                const __m512i idx = pairScale(p);
#pragma GCC unroll 4
                for (int i = 0; i < M; ++i) {
                    const __m512i sum = _mm512_dpbusd_epi32(_mm512_setzero_si512(), w, _mm512_loadu_si512(xq + i * ldx + b * kBlock));
                    acc[p % A][i] = _mm512_fmadd_ps(_mm512_permutexvar_ps(idx, s[i]), _mm512_cvtepi32_ps(sum), acc[p % A][i]);
                }
            }
        }
        float last[M] = {}; // an odd last block, its shift included
        if (pairBlocks < nb) {
            const int64_t b = pairBlocks;
            const __m256i w = _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(wrow + b * kBlock)),
                                               _mm256_set1_epi8(char(0x80)));
#pragma GCC unroll 4
            for (int i = 0; i < M; ++i) {
                const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(xq + i * ldx + b * kBlock));
                const __m256 sum = _mm256_cvtepi32_ps(_mm256_dpbusd_epi32(_mm256_setzero_si256(), w, x));
                const float d = bf16ToF32(ws[b]);
                last[i] = d * xs[i * nb + b] * hsum(sum) - d * off[i * nb + b];
            }
        }
#pragma GCC unroll 4
        for (int i = 0; i < M; ++i)
            y[(i0 + i) * ldy + r] = total(acc, i) + last[i];
    }
}

// bf16, f16 (f32 stays with the AVX2 kernel: gemvRows): widened 16 at a time; the row's last partial vector
// through masked loads (the inputs are padded with zeros to whole blocks, the weights are not).
template <WeightFormat F, int M>
void rowsWide(const MatrixView &m, const PreparedInput &in, int64_t i0, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    constexpr int A = M <= 2 ? 4 : 2;
    const float *x = in.x.data() + i0 * in.padded;
    const int64_t ldx = in.padded, cols = m.cols;
    for (int64_t r = r0; r < r1; ++r) {
        const uint16_t *src16 = static_cast<const uint16_t *>(m.data) + r * cols;
        const auto widen = [&](int64_t k, __mmask16 mask) {
            if constexpr (F == WeightFormat::BF16)
                return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(mask, src16 + k)), 16));
            else
                return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mask, src16 + k));
        };
        __m512 acc[A][M];
        zero(acc);
        int64_t k = 0;
        for (; k + 16 * A <= cols; k += 16 * A) {
#pragma GCC unroll 4
            for (int a = 0; a < A; ++a) {
                const __m512 w = widen(k + 16 * a, 0xffff);
#pragma GCC unroll 4
                for (int i = 0; i < M; ++i)
                    acc[a][i] = _mm512_fmadd_ps(w, _mm512_loadu_ps(x + i * ldx + k + 16 * a), acc[a][i]);
            }
        }
        for (; k < cols; k += 16) {
            const __m512 w = widen(k, firstLanes(cols - k));
#pragma GCC unroll 4
            for (int i = 0; i < M; ++i) // lanes past cols: weight 0 times the input's zero padding, or a value
                acc[0][i] = _mm512_fmadd_ps(w, _mm512_maskz_loadu_ps(firstLanes(cols - k), x + i * ldx + k), acc[0][i]);
        }
#pragma GCC unroll 4
        for (int i = 0; i < M; ++i)
            y[(i0 + i) * ldy + r] = total(acc, i);
    }
}

template <int M>
void rowsOf(const MatrixView &w, const PreparedInput &in, int64_t i0, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    switch (w.format) {
    case WeightFormat::F32: // the AVX2 kernels' (gemvRows)
    case WeightFormat::Q4: break;
    case WeightFormat::BF16: rowsWide<WeightFormat::BF16, M>(w, in, i0, y, ldy, r0, r1); break;
    case WeightFormat::F16: rowsWide<WeightFormat::F16, M>(w, in, i0, y, ldy, r0, r1); break;
    case WeightFormat::Q8: rowsQ8<M>(w, in, i0, y, ldy, r0, r1); break;
    }
}

} // namespace

void gemvRowsAvx512(const MatrixView &w, const PreparedInput &x, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    for (int64_t i = 0; i < x.m;) {
        const int64_t left = x.m - i;
        if (left >= 4) {
            rowsOf<4>(w, x, i, y, ldy, r0, r1);
            i += 4;
        } else if (left == 3) {
            rowsOf<3>(w, x, i, y, ldy, r0, r1);
            i += 3;
        } else if (left == 2) {
            rowsOf<2>(w, x, i, y, ldy, r0, r1);
            i += 2;
        } else {
            rowsOf<1>(w, x, i, y, ldy, r0, r1);
            i += 1;
        }
    }
}

} // namespace gc::quant::detail
#endif
