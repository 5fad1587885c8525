#include "quant/quantized_matrix.h"

#include "quant/gemv.h"
#include "quant/scale_search.h"

#include <algorithm>
#include <limits>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace gc::quant {

uint16_t f32ToBf16(float v)
{
    uint32_t b;
    std::memcpy(&b, &v, 4);
    if ((b & 0x7fffffffu) > 0x7f800000u) // NaN stays a (quiet) NaN
        return uint16_t((b >> 16) | 0x40u);
    b += 0x7fffu + ((b >> 16) & 1u); // round to nearest, ties to even
    return uint16_t(b >> 16);
}

uint16_t f32ToF16(float v)
{
    uint32_t b;
    std::memcpy(&b, &v, 4);
    const uint32_t sign = (b >> 16) & 0x8000u;
    const uint32_t absb = b & 0x7fffffffu;
    if (absb > 0x7f800000u)
        return uint16_t(sign | 0x7e00u);
    if (absb >= 0x477ff000u) // rounds to beyond the largest half (65504): infinity
        return uint16_t(sign | 0x7c00u);
    if (absb < 0x38800000u) { // below the smallest normal half: subnormal or zero, rounded to nearest even
        const float a = std::fabs(v) * 16777216.0f; // in units of 2^-24
        return uint16_t(sign | uint32_t(std::nearbyint(a)));
    }
    const uint32_t mant = absb & 0x7fffffu;
    const uint32_t exp = (absb >> 23) - 112;
    uint32_t h = (exp << 10) | (mant >> 13);
    const uint32_t rest = mant & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1u)))
        ++h; // may carry into the exponent, which is right
    return uint16_t(sign | h);
}

float f16ToF32(uint16_t h)
{
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    const uint32_t exp = (h >> 10) & 0x1fu;
    const uint32_t mant = h & 0x3ffu;
    if (exp == 0) {
        const float m = std::ldexp(float(mant), -24);
        return sign ? -m : m;
    }
    uint32_t b = sign | (exp == 31 ? 0x7f800000u | (mant << 13) : ((exp + 112) << 23) | (mant << 13));
    float f;
    std::memcpy(&f, &b, 4);
    return f;
}

namespace {

// The block's value of largest magnitude (the first of equals), signed.
float extremeOf(const float *x, int64_t n)
{
    float extreme = 0;
    for (int64_t k = 0; k < n; ++k)
        if (std::fabs(x[k]) > std::fabs(extreme))
            extreme = x[k];
    return extreme;
}

// One block's integers in [lo, hi] and the scale d that minimises Σ(x - d·q)², as llama.cpp's make_qx_quants:
// the signed extreme is mapped to lo (so Q4 uses -8 as well as 7; d is negative when the extreme is positive),
// and twenty inverse scales around that one are tried, (-lo - 1 + 0.1·i) / |extreme| for i in 0..19 (which
// includes hi/|extreme|, the plain choice), each with its rounded integers and the least-squares d for them
// (Σxq / Σq²), keeping the one with the smallest error (the largest (Σxq)² / Σq²). Rounding again with the
// chosen d can only lower the error further, so it never exceeds the plain choice's.
float searchScaleReference(const float *x, int64_t n, int lo, int hi, float extreme)
{
    const float nmax = float(-lo);
    float bestScale = 0, bestGain = -1;
    for (int i = 0; i < kCandidates; ++i) {
        const float inv = -(nmax - 1 + 0.1f * float(i)) / extreme;
        float sumxq = 0, sumq2 = 0;
        for (int64_t k = 0; k < n; ++k) {
            const float l = std::clamp(roundSmall(x[k] * inv), float(lo), float(hi));
            sumxq += x[k] * l;
            sumq2 += l * l;
        }
        if (sumq2 > 0 && sumxq * sumxq > bestGain * sumq2) {
            bestGain = sumxq * sumxq / sumq2;
            bestScale = sumxq / sumq2;
        }
    }
    return bestScale;
}

template <float (*Search)(const float *, int64_t, int, int, float)>
float quantizeQ8Block(const float *x, int64_t n, int8_t *q)
{
    constexpr int lo = -127, hi = 127;
    const float extreme = extremeOf(x, n);
    // The scale is stored as bf16 (8 significant bits): the searched scale's two bf16 neighbours and the plain
    // choice's (-extreme/127) are tried, each with its own integers, and the one with the least squared error
    // kept, so that a block never does worse than the plain choice as stored.
    uint32_t searched = 0;
    if (extreme != 0) {
        const float s = Search(x, n, lo, hi, extreme);
        std::memcpy(&searched, &s, 4);
    }
    const uint32_t below = searched & 0xffff0000u;
    const float candidates[3] = {bf16ToF32(uint16_t(below >> 16)), bf16ToF32(uint16_t((below >> 16) + 1)),
                                 bf16ToF32(f32ToBf16(-extreme / 127.0f))};
    // The three squared errors in float (they only rank the candidates), each as eight partial sums over the block
    // padded with zeros (which add nothing): independent lanes, which the compiler puts in vector registers (the
    // same sums either way). One sum after another made a load pack Q8 at half its speed.
    float invs[3];
    bool usable[3];
    for (int c = 0; c < 3; ++c) {
        invs[c] = 1.0f / candidates[c];
        usable[c] = std::fabs(candidates[c]) > 0 && std::isfinite(candidates[c]) && std::isfinite(invs[c]);
        if (!usable[c])
            invs[c] = 0;
    }
    float padded[kBlock] = {};
    std::copy_n(x, n, padded);
    float partial[3][8] = {};
    for (int64_t k0 = 0; k0 < kBlock; k0 += 8)
        for (int c = 0; c < 3; ++c)
            for (int j = 0; j < 8; ++j) {
                const float v = padded[k0 + j];
                const float diff = v - candidates[c] * std::clamp(roundSmall(v * invs[c]), float(lo), float(hi));
                partial[c][j] += diff * diff;
            }
    float error[3] = {0, 0, 0};
    for (int c = 0; c < 3; ++c)
        for (int j = 0; j < 8; ++j)
            error[c] += partial[c][j];
    float scale = 0, least = std::numeric_limits<float>::infinity();
    for (int c = 0; c < 3; ++c)
        if (usable[c] && error[c] < least) {
            least = error[c];
            scale = candidates[c];
        }
    if (scale == 0) { // an all-zero block (or one too small for a bf16 scale)
        std::fill(q, q + n, int8_t(0));
        return 0;
    }
    const float inv = 1.0f / scale;
    for (int64_t k = 0; k < n; ++k)
        q[k] = int8_t(std::clamp(roundSmall(x[k] * inv), float(lo), float(hi)));
    return scale;
}

// rangeSumsLanes one candidate after another: what the lanes are tested against (bit for bit).
RangeSums rangeSumsReference(const float *x, int64_t n, const RangeCandidates &c)
{
    RangeSums s{};
    for (int i = 0; i < kRanges; ++i) {
        float sq = 0, sq2 = 0, sxq = 0;
        for (int64_t k = 0; k < n; ++k) {
            const float l = rangeNibble(x[k], c.lo[i], c.inv[i]);
            sq += l;
            sq2 += l * l;
            sxq += x[k] * l;
        }
        s.q[i] = sq, s.q2[i] = sq2, s.xq[i] = sxq;
    }
    return s;
}

uint32_t scaleMinWord(float scale, float minimum)
{
    return uint32_t(f32ToBf16(scale)) | uint32_t(f32ToBf16(minimum)) << 16;
}

// One Q4 block: among the candidate ranges (scale_search.h) the one whose nibbles, with the least-squares scale d
// and minimum m for them, leave the least squared error Σ(x - d·q - m)². At the least-squares fit the residual is
// orthogonal to the nibbles and to 1, so that error is Σx² - (d·Σxq + m·Σx): the largest d·Σxq + m·Σx wins (the
// first of equals). d is then rounded to bf16, m fitted again for that d and rounded too, and each weight takes
// its nearest nibble on that final grid, which can only lower the error (every weight is within half a step of
// its value unless clipped at 0 or 15). Rounding to bf16 costs next to nothing: Gaussian blocks, relative RMS
// error 0.0706 against 0.0705 in f32. The fit and the choice run in double: the products of sums reach the
// fourth power of the weights' magnitude, beyond f32 for weights of 1e10 or 1e-10. A block of one value v
// (zeros included) holds it as bf16(v) plus the rest, bf16(v - bf16(v)), at nibble 1: 16 significant bits.
template <RangeSums (*Sums)(const float *, int64_t, const RangeCandidates &)>
uint32_t quantizeQ4Block(const float *x, int64_t n, uint8_t *q)
{
    float lowest = x[0], highest = x[0];
    double sx = 0;
    for (int64_t k = 0; k < n; ++k) {
        lowest = std::min(lowest, x[k]);
        highest = std::max(highest, x[k]);
        sx += x[k];
    }
    const double count = double(n);
    const auto constant = [&](float v) {
        std::fill(q, q + n, uint8_t(1));
        const float m = bf16ToF32(f32ToBf16(v));
        return scaleMinWord(v - m, m);
    };
    if (!(highest > lowest))
        return constant(lowest);
    const RangeCandidates c = rangeCandidates(lowest, highest);
    const RangeSums s = Sums(x, n, c);
    // the least-squares scale for candidate i's nibbles (its minimum follows from it)
    const auto fitScale = [&](int i) {
        const double det = count * s.q2[i] - double(s.q[i]) * s.q[i];
        return det > 0 ? (count * s.xq[i] - double(s.q[i]) * sx) / det : 0.0;
    };
    int best = -1;
    double bestGain = 0;
    for (int i = 0; i < kRanges; ++i) {
        const double d = fitScale(i);
        if (!(d > 0))
            continue;
        const double m = (sx - d * s.q[i]) / count;
        const double gain = d * s.xq[i] + m * sx;
        if (best < 0 || gain > bestGain) {
            best = i;
            bestGain = gain;
        }
    }
    const float d = best < 0 ? 0.0f : bf16ToF32(f32ToBf16(float(fitScale(best))));
    if (!(d > 0)) // no candidate with a rising fit: not for a finite block of two values
        return constant(float(sx / count));
    const float m = bf16ToF32(f32ToBf16(float((sx - double(d) * s.q[best]) / count)));
    const float inv = 1.0f / d;
    for (int64_t k = 0; k < n; ++k)
        q[k] = uint8_t(rangeNibble(x[k], m, inv));
    return scaleMinWord(d, m);
}

} // namespace

namespace detail {
// scale_search.h built for AVX2 (pack_avx2.cpp, x86 only).
float searchScaleLanesAvx2(const float *x, int64_t n, int lo, int hi, float extreme);
RangeSums rangeSumsLanesAvx2(const float *x, int64_t n, const RangeCandidates &c);
} // namespace detail

QuantizedMatrix QuantizedMatrix::fromF32(const float *w, int64_t rows, int64_t cols, WeightFormat format,
                                         const RowRunner &run)
{
    return fromStored({WeightFormat::F32, rows, cols, w}, format, run);
}

QuantizedMatrix QuantizedMatrix::fromStored(const MatrixView &stored, WeightFormat format, const RowRunner &run,
                                            const SliceDone &done, PackScratch *scratch)
{
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx2"))
        return pack(stored, format, run,
                    {quantizeQ8Block<detail::searchScaleLanesAvx2>, quantizeQ4Block<detail::rangeSumsLanesAvx2>},
                    done, scratch);
#endif
    return pack(stored, format, run, {quantizeQ8Block<searchScaleLanes>, quantizeQ4Block<rangeSumsLanes>}, done,
                scratch);
}

QuantizedMatrix QuantizedMatrix::fromF32Reference(const float *w, int64_t rows, int64_t cols, WeightFormat format)
{
    return pack({WeightFormat::F32, rows, cols, w}, format, {},
                {quantizeQ8Block<searchScaleReference>, quantizeQ4Block<rangeSumsReference>}, {}, nullptr);
}

QuantizedMatrix QuantizedMatrix::pack(const MatrixView &stored, WeightFormat format, const RowRunner &run,
                                      BlockQuantizers quantize, const SliceDone &done, PackScratch *scratch)
{
    const int64_t rows = stored.rows, cols = stored.cols;
    if (rows < 0 || cols <= 0)
        throw std::invalid_argument("quantize: empty matrix");
    if (stored.format != WeightFormat::F32 && stored.format != WeightFormat::BF16 && stored.format != WeightFormat::F16)
        throw std::invalid_argument("quantize: the stored weights must be f32, bf16 or f16");
    QuantizedMatrix q;
    q.m_format = format;
    q.m_rows = rows;
    q.m_cols = cols;
    const int64_t nb = q.view().blocksPerRow();
    const bool q8 = format == WeightFormat::Q8;
    const int64_t blockBytes = q8 ? kBlock : kBlock / 2;
    switch (format) {
    case WeightFormat::F32: q.m_data.resize(size_t(rows * cols * 4)); break;
    case WeightFormat::BF16:
    case WeightFormat::F16: q.m_data.resize(size_t(rows * cols * 2)); break;
    case WeightFormat::Q8:
    case WeightFormat::Q4:
        q.m_data.assign(size_t(rows * nb * blockBytes), 0); // padding: Q8 weight 0, Q4 the block's minimum
        q.m_scales.resize(size_t(scaleBytes(format, rows, cols)) / sizeof(uint16_t));
        break;
    }
    // Rows [begin, end) from w, which holds row `begin` first, in f32.
    const auto packRows = [&](const float *w, int64_t begin, int64_t end) {
        switch (format) {
        case WeightFormat::F32:
            std::memcpy(q.m_data.data() + begin * cols * 4, w, size_t((end - begin) * cols * 4));
            break;
        case WeightFormat::BF16:
        case WeightFormat::F16: {
            auto *out = reinterpret_cast<uint16_t *>(q.m_data.data()) + begin * cols;
            for (int64_t i = 0; i < (end - begin) * cols; ++i)
                out[i] = format == WeightFormat::BF16 ? f32ToBf16(w[i]) : f32ToF16(w[i]);
            break;
        }
        case WeightFormat::Q8:
        case WeightFormat::Q4: {
            for (int64_t r = begin; r < end; ++r)
                for (int64_t b = 0; b < nb; ++b) {
                    const int64_t n = std::min(kBlock, cols - b * kBlock);
                    const float *x = w + (r - begin) * cols + b * kBlock;
                    uint8_t *dst = q.m_data.data() + (r * nb + b) * blockBytes;
                    if (q8) {
                        q.m_scales[size_t(r * nb + b)] = f32ToBf16(quantize.q8(x, n, reinterpret_cast<int8_t *>(dst)));
                        continue;
                    }
                    uint8_t v[kBlock];
                    const uint32_t word = quantize.q4(x, n, v);
                    std::memcpy(&q.m_scales[size_t(2 * (r * nb + b))], &word, 4);
                    for (int64_t k = 0; k < n; ++k) {
                        if (k < kBlock / 2)
                            dst[k] = uint8_t((dst[k] & 0xf0) | v[k]);
                        else
                            dst[k - kBlock / 2] = uint8_t((dst[k - kBlock / 2] & 0x0f) | (v[k] << 4));
                    }
                }
            break;
        }
        }
    };
    const bool widen = stored.format != WeightFormat::F32;
    const int64_t sliceRows = std::clamp<int64_t>(kPackSliceFloats / cols, 1, std::max<int64_t>(rows, 1));
    std::vector<float> widened(widen ? size_t(std::min(sliceRows, rows) * cols) : 0);
    if (scratch)
        scratch->widenedFloats = std::max(scratch->widenedFloats, int64_t(widened.size()));
    for (int64_t r0 = 0; r0 < rows; r0 += sliceRows) {
        const int64_t n = std::min(sliceRows, rows - r0);
        const auto body = [&](int64_t b, int64_t e) {
            if (!widen) {
                packRows(static_cast<const float *>(stored.data) + (r0 + b) * cols, r0 + b, r0 + e);
                return;
            }
            float *rowsF32 = widened.data() + b * cols;
            dequantizeRows(stored, r0 + b, r0 + e, rowsF32);
            packRows(rowsF32, r0 + b, r0 + e);
        };
        if (run)
            run(n, body);
        else
            body(0, n);
        if (done)
            done(r0, r0 + n);
    }
    return q;
}

QuantizedMatrix QuantizedMatrix::borrow(const MatrixView &packed, std::shared_ptr<const void> owner)
{
    QuantizedMatrix q;
    q.m_format = packed.format;
    q.m_rows = packed.rows;
    q.m_cols = packed.cols;
    q.m_owner = std::move(owner);
    q.m_view = packed;
    return q;
}

QuantizedMatrix QuantizedMatrix::from16Bit(const uint16_t *w, int64_t rows, int64_t cols, WeightFormat format)
{
    if (format != WeightFormat::BF16 && format != WeightFormat::F16)
        throw std::invalid_argument("from16Bit: the format must be bf16 or f16");
    QuantizedMatrix q;
    q.m_format = format;
    q.m_rows = rows;
    q.m_cols = cols;
    q.m_data.resize(size_t(rows * cols * 2));
    std::memcpy(q.m_data.data(), w, q.m_data.size());
    return q;
}

MatrixView QuantizedMatrix::view() const
{
    if (m_owner)
        return m_view;
    return {m_format, m_rows, m_cols, m_data.data(), m_scales.empty() ? nullptr : m_scales.data()};
}

void dequantizeRowsReference(const MatrixView &w, int64_t begin, int64_t end, float *out)
{
    const int64_t nb = w.blocksPerRow();
    for (int64_t r = begin; r < end; ++r) {
        float *o = out + (r - begin) * w.cols;
        switch (w.format) {
        case WeightFormat::F32:
            std::memcpy(o, static_cast<const float *>(w.data) + r * w.cols, size_t(w.cols) * 4);
            break;
        case WeightFormat::BF16:
        case WeightFormat::F16: {
            const uint16_t *src = static_cast<const uint16_t *>(w.data) + r * w.cols;
            for (int64_t k = 0; k < w.cols; ++k)
                o[k] = w.format == WeightFormat::BF16 ? bf16ToF32(src[k]) : f16ToF32(src[k]);
            break;
        }
        case WeightFormat::Q8: {
            const int8_t *row = static_cast<const int8_t *>(w.data) + r * nb * kBlock;
            for (int64_t k = 0; k < w.cols; ++k)
                o[k] = bf16ToF32(w.q8Scales()[r * nb + k / kBlock]) * float(row[k]); // exact: 8 bits times 8
            break;
        }
        case WeightFormat::Q4: {
            for (int64_t k = 0; k < w.cols; ++k) {
                const int64_t b = k / kBlock, j = k % kBlock;
                const uint8_t *blk = static_cast<const uint8_t *>(w.data) + (r * nb + b) * (kBlock / 2);
                const uint32_t word = w.q4ScaleMins()[r * nb + b];
                // a bf16 scale (8 significant bits) times a nibble (4) is exact: one rounding, as in the FMA of
                // the AVX2 widening
                o[k] = q4Scale(word) * float(q4Nibble(blk, j)) + q4Min(word);
            }
            break;
        }
        }
    }
}

} // namespace gc::quant
