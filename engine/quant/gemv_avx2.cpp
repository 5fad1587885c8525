// The AVX2 + FMA kernels. Only called when bestIsa() says the CPU has AVX2, FMA and F16C; this file alone is
// built with those instructions enabled.
#include "quant/gemv.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include "quant/avx2_sums.h"

#include <algorithm>

namespace gc::quant::detail {

namespace {

// How far ahead of the loads the one-input kernels ask for their weights (software prefetch, bytes): the hardware
// prefetcher alone let a Q4 row stream at ~80 % of at::mv's rate and Q8 at ~85 % (bench_quant's decode table; a
// throwaway that alternated the distances over 512 MB of 8192 × 2048 matrices, two threads, beside at::mv on the same
// bytes: Q4 80 → 93–95 % with 1–4 KB, Q8 85 → 89–101 % with 1 KB and less further on, bf16 and f16 +2–4 % with 1 KB
// and worse at 2 KB). f32 streams at at::mv's rate without it and lost 5–15 % with it: none there.
constexpr int kPrefetchQ4 = 2048, kPrefetchQ8 = 1024, kPrefetch16 = 1024;

// The cache lines of [p + ahead, p + ahead + bytes) asked for (bytes a multiple of 64, or less than 64 for one line).
template <int Bytes>
[[gnu::always_inline]] inline void prefetchAhead(const void *p, int ahead)
{
    const char *a = static_cast<const char *>(p) + ahead;
#pragma GCC unroll 4
    for (int l = 0; l < Bytes; l += 64)
        _mm_prefetch(a + l, _MM_HINT_T0);
}

__m256 widenI8(const int8_t *q) // 8 int8 -> 8 f32
{
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(q))));
}

__m256 widenBf16(const uint16_t *p)
{
    const __m256i v = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(v, 16));
}

__m256 widenF16(const uint16_t *p) { return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p))); }

// Eight Q4 blocks' scales and minima from their words, as q4Scale and q4Min take one: each word's low half shifted
// up is its scale as an f32, its high half with the low one cleared its minimum. Two instructions for sixteen
// numbers.
[[gnu::always_inline]] inline void q4ScalesAndMins(const uint32_t *words, __m256 &scale, __m256 &minimum)
{
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(words));
    scale = _mm256_castsi256_ps(_mm256_slli_epi32(v, 16));
    minimum = _mm256_castsi256_ps(_mm256_and_si256(v, _mm256_set1_epi32(int(0xffff0000u))));
}

// The 32 weights of block b of a Q8/Q4 row, widened and scaled, into w[4] (for the f32 GEMM of a prefill).
template <WeightFormat F>
void widenBlock(const MatrixView &m, int64_t row, int64_t b, __m256 w[4])
{
    const int64_t nb = m.blocksPerRow();
    if constexpr (F == WeightFormat::Q8) {
        const __m256 d = _mm256_set1_ps(bf16ToF32(m.q8Scales()[row * nb + b]));
        const int8_t *q = static_cast<const int8_t *>(m.data) + (row * nb + b) * kBlock;
        for (int g = 0; g < 4; ++g)
            w[g] = _mm256_mul_ps(d, widenI8(q + 8 * g));
    } else {
        // scale · nibble + minimum: the product is exact (8 significant bits times 4), so the FMA rounds as the
        // reference's multiply and add do
        const uint32_t word = m.q4ScaleMins()[row * nb + b];
        const __m256 d = _mm256_set1_ps(q4Scale(word)), mn = _mm256_set1_ps(q4Min(word));
        const __m128i bytes =
            _mm_loadu_si128(reinterpret_cast<const __m128i *>(static_cast<const uint8_t *>(m.data) + (row * nb + b) * (kBlock / 2)));
        const __m128i mask = _mm_set1_epi8(0x0f);
        const __m128i lo = _mm_and_si128(bytes, mask);                    // weights 0..15
        const __m128i hi = _mm_and_si128(_mm_srli_epi16(bytes, 4), mask); // weights 16..31
        w[0] = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(lo)), mn);
        w[1] = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(lo, 8))), mn);
        w[2] = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(hi)), mn);
        w[3] = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(hi, 8))), mn);
    }
}

// The 32 integer weights of block b of a Q8 row (signed), or of a Q4 row as stored, 0..15 (unsigned: they go
// straight into maddubs; the block's minimum times the input block's sum is added apart, PreparedInput::offset).
template <WeightFormat F>
__m256i blockBytes(const MatrixView &m, int64_t row, int64_t b)
{
    const int64_t nb = m.blocksPerRow();
    if constexpr (F == WeightFormat::Q8) {
        return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(static_cast<const int8_t *>(m.data) + (row * nb + b) * kBlock));
    } else {
        const __m128i bytes =
            _mm_loadu_si128(reinterpret_cast<const __m128i *>(static_cast<const uint8_t *>(m.data) + (row * nb + b) * (kBlock / 2)));
        const __m256i both = _mm256_set_m128i(_mm_srli_epi16(bytes, 4), bytes); // weights 0..15 low, 16..31 high
        return _mm256_and_si256(both, _mm256_set1_epi8(0x0f));
    }
}

// Σ w·x over a block as 8 int32 lanes, pairs summed to int16 first (no overflow: Q8 |w| ≤ 127 through the sign
// trick, as maddubs takes its first operand unsigned, neither side ever -128; Q4 0..15 times |x| ≤ 127).
template <WeightFormat F>
__m256i blockDot(__m256i w, __m256i x)
{
    const __m256i prod16 = F == WeightFormat::Q8 ? _mm256_maddubs_epi16(_mm256_sign_epi8(w, w), _mm256_sign_epi8(x, w))
                                                 : _mm256_maddubs_epi16(w, x);
    return _mm256_madd_epi16(prod16, _mm256_set1_epi16(1));
}

// Block b of weight row r (its scale ws) against M inputs (their int8 form at xq, row stride ldx; their block
// scales at xs, row stride nb), into acc[i]: one block at a time.
template <WeightFormat F, int M>
[[gnu::always_inline]] inline void oneBlock(const MatrixView &m, int64_t r, int64_t b, const int8_t *xq, int64_t ldx, float ws,
              const float *xs, int64_t nb, __m256 (&acc)[M])
{
    const __m256i w = blockBytes<F>(m, r, b);
#pragma GCC unroll 4
    for (int i = 0; i < M; ++i) {
        const __m256i xv = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(xq + i * ldx + b * kBlock));
        const __m256 d = _mm256_set1_ps(ws * xs[i * nb + b]);
        acc[i] = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(blockDot<F>(w, xv)), acc[i]);
    }
}

// The 64 weights of two consecutive Q4 blocks from one 32-byte load: lo holds both blocks' weights 0..15, hi their
// 16..31 (0..15 each, as stored).
[[gnu::always_inline]] inline void twoQ4Blocks(const uint8_t *bytes, __m256i &lo, __m256i &hi)
{
    const __m256i nibble = _mm256_set1_epi8(0x0f);
    const __m256i raw = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(bytes));
    lo = _mm256_and_si256(raw, nibble);
    hi = _mm256_and_si256(_mm256_srli_epi16(raw, 4), nibble);
}

// Σ_b minimum[b]·c[b] over n Q4 blocks' words: a row's minima against an input's block sums. Two accumulators: a
// row's blocks are few (64 for 2048 columns), and one chain of dependent FMAs made such a sum a seventh of the
// Q4 kernel's time in Kosmos-2's decode (perf).
float minsDot(const uint32_t *words, const float *c, int64_t n)
{
    __m256 acc = _mm256_setzero_ps(), acc2 = _mm256_setzero_ps(), d, mn;
    int64_t b = 0;
    for (; b + 16 <= n; b += 16) {
        q4ScalesAndMins(words + b, d, mn);
        acc = _mm256_fmadd_ps(mn, _mm256_loadu_ps(c + b), acc);
        q4ScalesAndMins(words + b + 8, d, mn);
        acc2 = _mm256_fmadd_ps(mn, _mm256_loadu_ps(c + b + 8), acc2);
    }
    for (; b + 8 <= n; b += 8) {
        q4ScalesAndMins(words + b, d, mn);
        acc = _mm256_fmadd_ps(mn, _mm256_loadu_ps(c + b), acc);
    }
    float s = hsum(_mm256_add_ps(acc, acc2));
    for (; b < n; ++b)
        s += q4Min(words[b]) * c[b];
    return s;
}

// Eight blocks' int32 sums, each spread over the lanes of its own vector p[0..7] (Q8), summed within their vectors
// and gathered into one vector in block order: two levels of hadd leave blocks 0..3 with their low lanes' sums
// in X's low half and their high lanes' in X's high half (4..7 in Y), and one add of the halves finishes them.
// Seven shuffles and adds for eight blocks, where converting and scaling each block's vector on its own took a
// broadcast, a multiply, a conversion and an FMA per block.
[[gnu::always_inline]] inline __m256i eightBlockSums(const __m256i (&p)[8])
{
    const __m256i x = _mm256_hadd_epi32(_mm256_hadd_epi32(p[0], p[1]), _mm256_hadd_epi32(p[2], p[3]));
    const __m256i y = _mm256_hadd_epi32(_mm256_hadd_epi32(p[4], p[5]), _mm256_hadd_epi32(p[6], p[7]));
    return _mm256_add_epi32(_mm256_permute2x128_si256(x, y, 0x20), _mm256_permute2x128_si256(x, y, 0x31));
}

// The trips of q8RowEights and q4RowEights over a row of nb blocks: eight(b, acc) for blocks [b, b + 8), two eights a
// trip into two accumulators (two independent chains of FMAs) while sixteen remain, then one more eight if one
// does. Returns both accumulators summed and sets *done to the blocks covered.
template <class Eight>
[[gnu::always_inline]] inline __m256 overEights(int64_t nb, int64_t *done, const Eight &eight)
{
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t b = 0;
    for (; b + 16 <= nb; b += 16) {
        eight(b, acc0);
        eight(b + 8, acc1);
    }
    if (b + 8 <= nb) {
        eight(b, acc0);
        b += 8;
    }
    *done = b;
    return _mm256_add_ps(acc0, acc1);
}

// Σ w·x of one Q8 row against one input (decode), eight blocks at a time: the blocks' integer sums gathered into
// one vector (eightBlockSums), converted once and scaled by eight products of scales. Returns the blocks' sums in
// eight lanes and sets *done to the blocks covered; the blocks past the last whole eight are left to the caller.
// bench_quant, from the cache, one thread: 33.3 GB/s, against 28.4 scaling each block on its own (best of 7 runs).
[[gnu::always_inline]] inline __m256 q8RowEights(const int8_t *w, const uint16_t *ws, const int8_t *xq, const float *xs,
                                                 int64_t nb, int64_t *done)
{
    const auto eight = [&](int64_t b0, __m256 &acc) {
        prefetchAhead<8 * kBlock>(w + b0 * kBlock, kPrefetchQ8);                 // eight blocks: four lines
        prefetchAhead<16>(ws + b0, kPrefetchQ8 / kBlock * int(sizeof(uint16_t))); // their scales, as many blocks on
        __m256i p[8];
#pragma GCC unroll 8
        for (int a = 0; a < 8; ++a)
            p[a] = blockDot<WeightFormat::Q8>(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(w + (b0 + a) * kBlock)),
                                              _mm256_loadu_si256(reinterpret_cast<const __m256i *>(xq + (b0 + a) * kBlock)));
        acc = _mm256_fmadd_ps(_mm256_mul_ps(widenBf16(ws + b0), _mm256_loadu_ps(xs + b0)),
                              _mm256_cvtepi32_ps(eightBlockSums(p)), acc);
    };
    return overEights(nb, done, eight);
}

// Two Q4 blocks' integer sums (lo, hi from twoQ4Blocks) against the same two blocks of an input's paired form at xb:
// the two halves' products added as int16 (|15·127·2| twice fits), one madd giving block b's sum spread over the
// low 128-bit lane, b+1's over the high one.
[[gnu::always_inline]] inline __m256i q4PairSums(__m256i lo, __m256i hi, const int8_t *xb)
{
    const __m256i xlo = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(xb));
    const __m256i xhi = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(xb + kBlock));
    const __m256i sum16 = _mm256_add_epi16(_mm256_maddubs_epi16(lo, xlo), _mm256_maddubs_epi16(hi, xhi));
    return _mm256_madd_epi16(sum16, _mm256_set1_epi16(1));
}

// The Q4 pair step of the kernels below: q4PairSums, each block's sum scaled by its own scales (the scales of
// words[0..1] · xs[0..1]), into acc. The minima are the caller's (minsDot).
[[gnu::always_inline]] inline void q4Pair(__m256i lo, __m256i hi, const int8_t *xb, const uint32_t *words, const float *xs,
                                          __m256 &acc)
{
    const __m128i w2 = _mm_slli_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(words)), 16);
    const __m128 d2 = _mm_mul_ps(_mm_castsi128_ps(w2), _mm_castpd_ps(_mm_load_sd(reinterpret_cast<const double *>(xs))));
    const __m256 d = _mm256_permutevar8x32_ps(_mm256_castps128_ps256(d2), _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1));
    acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(q4PairSums(lo, hi, xb)), acc);
}

// Σ w·x of one Q4 row against one input (decode), eight blocks (four pairs) at a time, two eights per trip where
// there are sixteen. Each pair's int32 sums (twoQ4Blocks: block b in the low half, b+1 in the high) are gathered by
// two levels of hadd into one vector of eight blocks, lanes in the order 0 2 4 6 1 3 5 7, put in block order by one
// permute, converted once and scaled by eight products of scales; the eight minima times the input blocks' sums
// (PreparedInput::offset) go in with one more FMA. A 2048-wide row took about 12.7 instructions per pair against
// 18.8 when each pair was scaled on its own (objdump, the loops' trips counted); bench_quant, from the cache, one
// thread: 24.2 GB/s against 20.9 (best of 7 runs). The blocks past the last whole eight are left to the caller, as
// in q8RowEights.
[[gnu::always_inline]] inline __m256 q4RowEights(const uint8_t *w, const uint32_t *words, const int8_t *xq,
                                                 const float *xs, const float *xsum, int64_t nb, int64_t *done)
{
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7); // lanes 0 2 4 6 1 3 5 7 back to 0..7
    const auto eight = [&](int64_t b0, __m256 &acc) {
        prefetchAhead<4 * kBlock>(w + b0 * (kBlock / 2), kPrefetchQ4);                // eight blocks: two lines
        prefetchAhead<32>(words + b0, kPrefetchQ4 / (kBlock / 2) * int(sizeof(uint32_t))); // their words
        __m256i p[4];
#pragma GCC unroll 4
        for (int a = 0; a < 4; ++a) {
            __m256i lo, hi;
            twoQ4Blocks(w + (b0 + 2 * a) * (kBlock / 2), lo, hi);
            p[a] = q4PairSums(lo, hi, xq + (b0 + 2 * a) * kBlock);
        }
        const __m256i sums = _mm256_permutevar8x32_epi32(
            _mm256_hadd_epi32(_mm256_hadd_epi32(p[0], p[1]), _mm256_hadd_epi32(p[2], p[3])), order);
        __m256 d, mn;
        q4ScalesAndMins(words + b0, d, mn);
        acc = _mm256_fmadd_ps(mn, _mm256_loadu_ps(xsum + b0), acc);
        acc = _mm256_fmadd_ps(_mm256_mul_ps(d, _mm256_loadu_ps(xs + b0)), _mm256_cvtepi32_ps(sums), acc);
    };
    return overEights(nb, done, eight);
}

// One input row (decode) against rows [r0, r1) of a Q8 or Q4 matrix, into y[r]: the rows eight blocks at a time
// (q8RowEights, q4RowEights), the few blocks past the last eight as the many-input kernel takes them. Its own
// loop so that a row costs little beyond its blocks: a 2048-wide Q4 row is only four trips of sixteen blocks.
template <WeightFormat F>
void rowsOneQuantisedInput(const MatrixView &m, const PreparedInput &in, float *y, int64_t r0, int64_t r1)
{
    const int64_t nb = m.blocksPerRow();
    const float *xs = in.scale.data();
    const int8_t *xq = (F == WeightFormat::Q4 ? in.qPaired : in.q).data();
    for (int64_t r = r0; r < r1; ++r) {
        int64_t b = 0;
        float rest = 0;
        __m256 acc;
        if constexpr (F == WeightFormat::Q4) {
            const uint32_t *words = m.q4ScaleMins() + r * nb;
            const uint8_t *wrow = static_cast<const uint8_t *>(m.data) + r * nb * (kBlock / 2);
            acc = q4RowEights(wrow, words, xq, xs, in.offset.data(), nb, &b);
            if (b < nb) {
                const int64_t eights = b;
                for (; b + 2 <= nb; b += 2) {
                    __m256i lo, hi;
                    twoQ4Blocks(wrow + b * (kBlock / 2), lo, hi);
                    q4Pair(lo, hi, xq + b * kBlock, words + b, xs + b, acc);
                }
                if (b < nb) { // an odd last block, laid out in qPaired as in q
                    __m256 last[1] = {acc};
                    oneBlock<F, 1>(m, r, b, xq, in.padded, q4Scale(words[b]), xs, nb, last);
                    acc = last[0];
                }
                rest = minsDot(words + eights, in.offset.data() + eights, nb - eights);
            }
        } else {
            const uint16_t *ws = m.q8Scales() + r * nb;
            acc = q8RowEights(static_cast<const int8_t *>(m.data) + r * nb * kBlock, ws, xq, xs, nb, &b);
            __m256 last[1] = {acc};
            for (; b < nb; ++b)
                oneBlock<F, 1>(m, r, b, xq, in.padded, bf16ToF32(ws[b]), xs, nb, last);
            acc = last[0];
        }
        y[r] = hsum(acc) + rest;
    }
}

// M inputs against rows [r0, r1). A independent accumulators per input hide the FMA latency (fewer as M grows, so
// that they stay in the 16 registers); the loops over them are unrolled so that every accumulator is a register:
// indexed at run time they lived on the stack, and each step waited on a store and a load (bench_quant: the f32
// kernel streamed at half of at::mv's rate).
template <WeightFormat F, int M>
void rowsBlocked(const MatrixView &m, const PreparedInput &in, int64_t i0, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    const float *x = in.x.data() + i0 * in.padded;
    const int64_t ldx = in.padded;
    constexpr int A = M <= 2 ? 4 : 2;
    for (int64_t r = r0; r < r1; ++r) {
        __m256 acc[A][M]; // acc[a][i]: input i's sum over the blocks (or columns) a, a + A, …
#pragma GCC unroll 4
        for (int a = 0; a < A; ++a)
#pragma GCC unroll 4
            for (int i = 0; i < M; ++i)
                acc[a][i] = _mm256_setzero_ps();
        float tail[M] = {};
        if constexpr (F == WeightFormat::Q4) {
            // Two blocks per 32-byte load: the low nibbles are both blocks' weights 0..15, the high nibbles their
            // 16..31, against the inputs laid out to match (PreparedInput::qPaired). The two halves' products add
            // as int16 (|15·127·2| twice fits), one madd gives each block's sum in its 128-bit lane, and one FMA
            // scales both lanes by their own block's scale. About half the instructions of a block at a time.
            const int64_t nb = m.blocksPerRow();
            const uint32_t *words = m.q4ScaleMins() + r * nb;
            const uint8_t *wrow = static_cast<const uint8_t *>(m.data) + r * nb * (kBlock / 2);
            const int8_t *xq = in.qPaired.data() + i0 * in.padded;
            const float *xs = in.scale.data() + i0 * nb;
            const auto pair = [&](int64_t b, int i, __m256 &acc, __m256i lo, __m256i hi) {
                q4Pair(lo, hi, xq + i * ldx + b * kBlock, words + b, xs + i * nb + b, acc);
            };
            int64_t b = 0;
            for (; b + 2 * A <= nb; b += 2 * A) {
#pragma GCC unroll 4
                for (int a = 0; a < A; ++a) {
                    __m256i lo, hi;
                    twoQ4Blocks(wrow + (b + 2 * a) * (kBlock / 2), lo, hi);
#pragma GCC unroll 4
                    for (int i = 0; i < M; ++i)
                        pair(b + 2 * a, i, acc[a][i], lo, hi);
                }
            }
            for (; b + 2 <= nb; b += 2) {
                __m256i lo, hi;
                twoQ4Blocks(wrow + b * (kBlock / 2), lo, hi);
#pragma GCC unroll 4
                for (int i = 0; i < M; ++i)
                    pair(b, i, acc[0][i], lo, hi);
            }
            if (b < nb) // an odd last block, laid out in qPaired as in q
                oneBlock<F, M>(m, r, b, xq, ldx, q4Scale(words[b]), xs, nb, acc[0]);
#pragma GCC unroll 4
            for (int i = 0; i < M; ++i)
                tail[i] = minsDot(words, in.offset.data() + (i0 + i) * nb, nb);
        } else if constexpr (F == WeightFormat::Q8) {
            const int64_t nb = m.blocksPerRow();
            const uint16_t *ws = m.q8Scales() + r * nb;
            const int8_t *xq = in.q.data() + i0 * in.padded;
            const float *xs = in.scale.data() + i0 * nb;
            int64_t b = 0;
            for (; b + A <= nb; b += A) {
#pragma GCC unroll 4
                for (int a = 0; a < A; ++a)
                    oneBlock<F, M>(m, r, b + a, xq, ldx, bf16ToF32(ws[b + a]), xs, nb, acc[a]);
            }
            for (; b < nb; ++b)
                oneBlock<F, M>(m, r, b, xq, ldx, bf16ToF32(ws[b]), xs, nb, acc[0]);
        } else {
            const int64_t cols = m.cols;
            const uint16_t *src16 = static_cast<const uint16_t *>(m.data) + r * cols;
            const float *src32 = static_cast<const float *>(m.data) + r * cols;
            const auto widen = [&](int64_t k) {
                if constexpr (F == WeightFormat::BF16)
                    return widenBf16(src16 + k);
                else if constexpr (F == WeightFormat::F16)
                    return widenF16(src16 + k);
                else
                    return _mm256_loadu_ps(src32 + k);
            };
            int64_t k = 0;
            for (; k + 8 * A <= cols; k += 8 * A) {
                if constexpr (F != WeightFormat::F32)
                    prefetchAhead<8 * A * 2>(src16 + k, kPrefetch16);
#pragma GCC unroll 4
                for (int a = 0; a < A; ++a) {
                    const __m256 w = widen(k + 8 * a);
#pragma GCC unroll 4
                    for (int i = 0; i < M; ++i)
                        acc[a][i] = _mm256_fmadd_ps(w, _mm256_loadu_ps(x + i * ldx + k + 8 * a), acc[a][i]);
                }
            }
            for (; k + 8 <= cols; k += 8) {
                const __m256 w = widen(k);
#pragma GCC unroll 4
                for (int i = 0; i < M; ++i)
                    acc[0][i] = _mm256_fmadd_ps(w, _mm256_loadu_ps(x + i * ldx + k), acc[0][i]);
            }
            for (; k < cols; ++k) {
                float wk;
                if constexpr (F == WeightFormat::BF16)
                    wk = bf16ToF32(src16[k]);
                else if constexpr (F == WeightFormat::F16)
                    wk = f16ToF32(src16[k]);
                else
                    wk = src32[k];
#pragma GCC unroll 4
                for (int i = 0; i < M; ++i)
                    tail[i] += wk * x[i * ldx + k];
            }
        }
#pragma GCC unroll 4
        for (int i = 0; i < M; ++i) {
            __m256 s = acc[0][i];
#pragma GCC unroll 4
            for (int a = 1; a < A; ++a)
                s = _mm256_add_ps(s, acc[a][i]);
            y[(i0 + i) * ldy + r] = hsum(s) + tail[i];
        }
    }
}

template <WeightFormat F>
void rowsAnyM(const MatrixView &w, const PreparedInput &in, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    if constexpr (F == WeightFormat::Q8 || F == WeightFormat::Q4)
        if (in.m == 1) {
            rowsOneQuantisedInput<F>(w, in, y, r0, r1);
            return;
        }
    for (int64_t i = 0; i < in.m;) {
        switch (std::min<int64_t>(in.m - i, 4)) {
        case 4: rowsBlocked<F, 4>(w, in, i, y, ldy, r0, r1); i += 4; break;
        case 3: rowsBlocked<F, 3>(w, in, i, y, ldy, r0, r1); i += 3; break;
        case 2: rowsBlocked<F, 2>(w, in, i, y, ldy, r0, r1); i += 2; break;
        default: rowsBlocked<F, 1>(w, in, i, y, ldy, r0, r1); i += 1; break;
        }
    }
}

} // namespace

void quantizeBlocksAvx2(const float *x, int64_t blocks, int8_t *q, float *scale, int32_t *sums)
{
    const __m256 sign = _mm256_set1_ps(-0.0f), lo = _mm256_set1_ps(-127.0f), hi = _mm256_set1_ps(127.0f);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7); // packs interleave the 128-bit lanes
    for (int64_t b = 0; b < blocks; ++b) {
        const float *blk = x + b * kBlock;
        __m256 v[4];
        __m256 top = _mm256_setzero_ps();
        for (int g = 0; g < 4; ++g) {
            v[g] = _mm256_loadu_ps(blk + 8 * g);
            top = _mm256_max_ps(top, _mm256_andnot_ps(sign, v[g]));
        }
        __m128 t = _mm_max_ps(_mm256_castps256_ps128(top), _mm256_extractf128_ps(top, 1));
        t = _mm_max_ps(t, _mm_movehl_ps(t, t));
        t = _mm_max_ss(t, _mm_movehdup_ps(t));
        const float d = _mm_cvtss_f32(t) / 127.0f; // the reference's operations, in its order: the same bytes
        const float inv = d > 0 ? 1.0f / d : 0.0f;
        scale[b] = d;
        __m256i n[4];
        __m256i total = _mm256_setzero_si256();
        for (int g = 0; g < 4; ++g) {
            const __m256 c = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(v[g], _mm256_set1_ps(inv)), lo), hi);
            n[g] = _mm256_cvtps_epi32(c); // rounds to nearest even, as nearbyint does
            total = _mm256_add_epi32(total, n[g]);
        }
        const __m256i bytes = _mm256_permutevar8x32_epi32(
            _mm256_packs_epi16(_mm256_packs_epi32(n[0], n[1]), _mm256_packs_epi32(n[2], n[3])), order);
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(q + b * kBlock), bytes);
        __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(total), _mm256_extracti128_si256(total, 1));
        s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0x4e));
        s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0xb1));
        sums[b] = _mm_cvtsi128_si32(s4);
    }
}

void gemvRowsAvx2(const MatrixView &w, const PreparedInput &x, float *y, int64_t ldy, int64_t r0, int64_t r1)
{
    switch (w.format) {
    case WeightFormat::F32: rowsAnyM<WeightFormat::F32>(w, x, y, ldy, r0, r1); break;
    case WeightFormat::BF16: rowsAnyM<WeightFormat::BF16>(w, x, y, ldy, r0, r1); break;
    case WeightFormat::F16: rowsAnyM<WeightFormat::F16>(w, x, y, ldy, r0, r1); break;
    case WeightFormat::Q8: rowsAnyM<WeightFormat::Q8>(w, x, y, ldy, r0, r1); break;
    case WeightFormat::Q4: rowsAnyM<WeightFormat::Q4>(w, x, y, ldy, r0, r1); break;
    }
}

void dequantizeRowsAvx2(const MatrixView &w, int64_t begin, int64_t end, float *out)
{
    if (w.format == WeightFormat::F32) {
        dequantizeRowsReference(w, begin, end, out);
        return;
    }
    const int64_t cols = w.cols;
    for (int64_t r = begin; r < end; ++r) {
        float *o = out + (r - begin) * cols;
        if (w.format == WeightFormat::Q8 || w.format == WeightFormat::Q4) {
            const int64_t nb = w.blocksPerRow();
            for (int64_t b = 0; b < nb; ++b) {
                __m256 v[4];
                if (w.format == WeightFormat::Q8)
                    widenBlock<WeightFormat::Q8>(w, r, b, v);
                else
                    widenBlock<WeightFormat::Q4>(w, r, b, v);
                const int64_t k0 = b * kBlock;
                if (k0 + kBlock <= cols) {
                    for (int g = 0; g < 4; ++g)
                        _mm256_storeu_ps(o + k0 + 8 * g, v[g]);
                } else { // the row's last, partial block
                    alignas(32) float tmp[kBlock];
                    for (int g = 0; g < 4; ++g)
                        _mm256_store_ps(tmp + 8 * g, v[g]);
                    for (int64_t k = k0; k < cols; ++k)
                        o[k] = tmp[k - k0];
                }
            }
        } else {
            const uint16_t *src = static_cast<const uint16_t *>(w.data) + r * cols;
            int64_t k = 0;
            for (; k + 8 <= cols; k += 8)
                _mm256_storeu_ps(o + k, w.format == WeightFormat::BF16 ? widenBf16(src + k) : widenF16(src + k));
            for (; k < cols; ++k)
                o[k] = w.format == WeightFormat::BF16 ? bf16ToF32(src[k]) : f16ToF32(src[k]);
        }
    }
}

} // namespace gc::quant::detail
#endif
