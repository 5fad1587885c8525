#include "quant/gemv.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace gc::quant {

Isa cpuIsa()
{
#if defined(__x86_64__) || defined(__i386__)
    static const Isa isa = [] {
        if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma") || !__builtin_cpu_supports("f16c"))
            return Isa::Portable;
        const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                            __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
        return avx512 ? Isa::Avx512 : Isa::Avx2;
    }();
    return isa;
#else
    return Isa::Portable;
#endif
}

Isa bestIsa()
{
    static const Isa isa = [] {
        const char *cap = std::getenv("GROUNDCHAT_KERNELS");
        const std::string want = cap ? cap : "";
        if (want == "portable")
            return Isa::Portable;
        if (want == "avx2" && cpuIsa() != Isa::Portable)
            return Isa::Avx2;
        return cpuIsa();
    }();
    return isa;
}

const char *isaName(Isa isa)
{
    switch (isa) {
    case Isa::Avx512: return "avx512+vnni";
    case Isa::Avx2: return "avx2+fma";
    case Isa::Portable: break;
    }
    return "portable";
}

namespace {

bool integerFormat(WeightFormat f) { return f == WeightFormat::Q8 || f == WeightFormat::Q4; }

// The integer value of weight j of a Q8 block, or its nibble in a Q4 one.
int blockValue(WeightFormat f, const uint8_t *blk, int64_t j)
{
    if (f == WeightFormat::Q8)
        return int(int8_t(blk[j]));
    return q4Nibble(blk, j);
}

// The plain path for CPUs without AVX2: one weight row widened (16-bit and f32 formats) or read as integers
// (Q8/Q4, one integer sum per block, and Q4's minimum times the input block's sum), dotted with every input row.
void gemvRowsPortable(const MatrixView &w, const PreparedInput &in, float *y, int64_t ldy, int64_t rowBegin, int64_t rowEnd)
{
    const int64_t nb = w.blocksPerRow();
    std::vector<float> row(size_t(w.cols));
    for (int64_t r = rowBegin; r < rowEnd; ++r) {
        if (integerFormat(w.format)) {
            const int64_t blockBytes = w.format == WeightFormat::Q8 ? kBlock : kBlock / 2;
            for (int64_t i = 0; i < in.m; ++i) {
                float acc = 0;
                for (int64_t b = 0; b < nb; ++b) {
                    const uint8_t *blk = static_cast<const uint8_t *>(w.data) + (r * nb + b) * blockBytes;
                    const int8_t *qx = in.q.data() + i * in.padded + b * kBlock;
                    int32_t sum = 0;
                    for (int64_t j = 0; j < kBlock; ++j)
                        sum += blockValue(w.format, blk, j) * qx[j];
                    const size_t at = size_t(i * nb + b);
                    if (w.format == WeightFormat::Q8) {
                        acc += bf16ToF32(w.q8Scales()[r * nb + b]) * in.scale[at] * float(sum);
                    } else {
                        const uint32_t word = w.q4ScaleMins()[r * nb + b];
                        acc += q4Scale(word) * in.scale[at] * float(sum) + q4Min(word) * in.offset[at];
                    }
                }
                y[i * ldy + r] = acc;
            }
            continue;
        }
        dequantizeRowsReference(w, r, r + 1, row.data());
        for (int64_t i = 0; i < in.m; ++i) {
            const float *xi = in.x.data() + i * in.padded;
            float acc[4] = {0, 0, 0, 0}; // four partial sums, as a compiler may not reorder a float sum itself
            int64_t k = 0;
            for (; k + 4 <= w.cols; k += 4)
                for (int l = 0; l < 4; ++l)
                    acc[l] += row[size_t(k + l)] * xi[k + l];
            for (; k < w.cols; ++k)
                acc[0] += row[size_t(k)] * xi[k];
            y[i * ldy + r] = (acc[0] + acc[1]) + (acc[2] + acc[3]);
        }
    }
}

} // namespace

void detail::quantizeBlocksReference(const float *x, int64_t nb, int8_t *q, float *scale, int32_t *sums)
{
    for (int64_t b = 0; b < nb; ++b) {
        const float *blk = x + b * kBlock;
        float amax = 0;
        for (int64_t j = 0; j < kBlock; ++j)
            amax = std::max(amax, std::fabs(blk[j]));
        const float d = amax / 127.0f;
        const float inv = d > 0 ? 1.0f / d : 0.0f;
        scale[b] = d;
        int32_t sum = 0;
        for (int64_t j = 0; j < kBlock; ++j) {
            const int8_t v = int8_t(std::nearbyint(std::clamp(blk[j] * inv, -127.0f, 127.0f)));
            q[b * kBlock + j] = v;
            sum += v;
        }
        sums[b] = sum;
    }
}

PreparedInput::PreparedInput(WeightFormat weights, const float *src, int64_t rows, int64_t ldx, int64_t width)
{
    prepare(weights, src, rows, ldx, width);
}

void PreparedInput::prepare(WeightFormat weights, const float *src, int64_t rows, int64_t ldx, int64_t width)
{
    m = rows;
    cols = width;
    padded = (width + kBlock - 1) / kBlock * kBlock;
    // sized, not cleared: a PreparedInput prepared again keeps its buffers (a decode step prepares one per product)
    x.resize(size_t(m * padded));
    for (int64_t i = 0; i < m; ++i) {
        std::memcpy(x.data() + i * padded, src + i * ldx, size_t(cols) * 4);
        std::fill(x.data() + i * padded + cols, x.data() + (i + 1) * padded, 0.0f);
    }
    q.clear();
    qPaired.clear();
    scale.clear();
    offset.clear();
    sums.clear();
    if (!integerFormat(weights))
        return;
    const int64_t nb = padded / kBlock;
    q.resize(size_t(m * padded));
    scale.resize(size_t(m * nb));
    sums.resize(size_t(m * nb));
    for (int64_t i = 0; i < m; ++i) {
        const float *row = x.data() + i * padded;
        int8_t *qi = q.data() + i * padded;
        float *si = scale.data() + i * nb;
        int32_t *ci = sums.data() + i * nb;
#if defined(__x86_64__) || defined(__i386__)
        if (cpuIsa() != Isa::Portable) {
            detail::quantizeBlocksAvx2(row, nb, qi, si, ci);
            continue;
        }
#endif
        detail::quantizeBlocksReference(row, nb, qi, si, ci);
    }
    if (weights == WeightFormat::Q4 || cpuIsa() == Isa::Avx512) {
        const float shift = weights == WeightFormat::Q4 ? 1.0f : 128.0f;
        offset.resize(size_t(m * nb));
        for (size_t k = 0; k < offset.size(); ++k)
            offset[k] = shift * scale[k] * float(sums[k]);
    }
    if (weights != WeightFormat::Q4)
        return;
    qPaired = q;
    constexpr int64_t half = kBlock / 2;
    for (int64_t i = 0; i < m; ++i)
        for (int64_t b = 0; b + 2 <= nb; b += 2) {
            const int8_t *src = q.data() + i * padded + b * kBlock;
            int8_t *dst = qPaired.data() + i * padded + b * kBlock;
            std::memcpy(dst, src, half);                          // b: 0..15
            std::memcpy(dst + half, src + kBlock, half);          // b+1: 0..15
            std::memcpy(dst + 2 * half, src + half, half);        // b: 16..31
            std::memcpy(dst + 3 * half, src + kBlock + half, half); // b+1: 16..31
        }
}

void gemvRows(const MatrixView &w, const PreparedInput &x, float *y, int64_t ldy, int64_t rowBegin, int64_t rowEnd, Isa isa)
{
    if (rowBegin >= rowEnd || x.m <= 0)
        return;
#if defined(__x86_64__) || defined(__i386__)
    // f32 weights stay with the AVX2 kernel: bound by memory either way, and an f32 matrix is used in place in a
    // memory-mapped checkpoint, at whatever offset the file gives it, where AVX-512's 64-byte loads straddle two
    // lines (Kosmos-2 f32 decode 22.3 against 24.7 tok/s, same run) and the sums' order would change with the
    // file (the same checkpoint as .bin and .safetensors must give the same logits). Q4 weights stay with it too:
    // their scale-and-minimum blocks have no AVX-512 kernel (none could be tested here, on a CPU without AVX-512).
    // Inputs prepared without the AVX-512 layout cannot happen on one CPU; kept safe all the same.
    if (isa == Isa::Avx512 && (w.format == WeightFormat::F32 || w.format == WeightFormat::Q4 ||
                               (x.offset.empty() && w.format == WeightFormat::Q8)))
        isa = Isa::Avx2;
    if (isa == Isa::Avx2 || isa == Isa::Avx512) {
        // The kernel takes the inputs 4 at a time over every row it is given: with more inputs, rows go a tile
        // at a time, so that each tile's weights come from memory once and from the cache for the other inputs
        // (a follow-up turn's 20 prompt tokens read the model once, not five times).
        const int64_t rowBytes = std::max<int64_t>(1, matrixBytes(w.format, 1, w.cols));
        const int64_t tile = x.m <= 4 ? rowEnd - rowBegin : std::max<int64_t>(1, (int64_t(128) << 10) / rowBytes);
        for (int64_t r = rowBegin; r < rowEnd; r += tile)
            (isa == Isa::Avx512 ? detail::gemvRowsAvx512 : detail::gemvRowsAvx2)(w, x, y, ldy, r, std::min(rowEnd, r + tile));
        return;
    }
#endif
    gemvRowsPortable(w, x, y, ldy, rowBegin, rowEnd);
}

void dequantizeRows(const MatrixView &w, int64_t begin, int64_t end, float *out, Isa isa)
{
#if defined(__x86_64__) || defined(__i386__)
    if (isa == Isa::Avx2 || isa == Isa::Avx512) {
        detail::dequantizeRowsAvx2(w, begin, end, out);
        return;
    }
#endif
    dequantizeRowsReference(w, begin, end, out);
}

} // namespace gc::quant
