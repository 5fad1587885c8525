#include "quant/gemv.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace gc::quant {

namespace {

Isa detectIsa()
{
#if defined(__x86_64__) || defined(__i386__)
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
    return avx512 ? Isa::Avx512 : avx2 ? Isa::Avx2 : Isa::Portable;
#else
    return Isa::Portable;
#endif
}

} // namespace

Isa bestIsa()
{
    static const Isa isa = [] {
        const Isa cpu = detectIsa();
        const char *cap = std::getenv("GC_KERNELS");
        if (cap && std::strcmp(cap, "portable") == 0)
            return Isa::Portable;
        if (cap && std::strcmp(cap, "avx2") == 0 && cpu == Isa::Avx512)
            return Isa::Avx2;
        return cpu;
    }();
    return isa;
}

std::vector<Isa> supportedIsas()
{
    const Isa cpu = detectIsa();
    std::vector<Isa> out{Isa::Portable};
    if (cpu == Isa::Avx2 || cpu == Isa::Avx512)
        out.push_back(Isa::Avx2);
    if (cpu == Isa::Avx512)
        out.push_back(Isa::Avx512);
    return out;
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

// The integer value of weight j of a Q8/Q4 block.
int blockValue(WeightFormat f, const uint8_t *blk, int64_t j)
{
    if (f == WeightFormat::Q8)
        return int(int8_t(blk[j]));
    return (j < kBlock / 2 ? blk[j] & 0x0f : blk[j - kBlock / 2] >> 4) - 8;
}

// The plain path for CPUs without AVX2: one weight row widened (16-bit and f32 formats) or read as integers
// (Q8/Q4, one integer sum per block), dotted with every input row.
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
                    acc += w.scales[r * nb + b] * in.scale[size_t(i * in.blocks() + b)] * float(sum);
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

PreparedInput::PreparedInput(WeightFormat weights, const float *src, int64_t rows, int64_t ldx, int64_t width)
    : m(rows), cols(width), padded((width + 2 * kBlock - 1) / (2 * kBlock) * (2 * kBlock))
{
    x.assign(size_t(m * padded), 0.0f);
    for (int64_t i = 0; i < m; ++i)
        std::memcpy(x.data() + i * padded, src + i * ldx, size_t(cols) * 4);
    const bool wide = supportedIsas().back() == Isa::Avx512;
    if (weights == WeightFormat::BF16 && wide) {
        evenOdd.resize(x.size());
        for (int64_t i = 0; i < m * padded; i += kBlock)
            for (int64_t j = 0; j < kBlock / 2; ++j) {
                evenOdd[size_t(i + j)] = x[size_t(i + 2 * j)];
                evenOdd[size_t(i + kBlock / 2 + j)] = x[size_t(i + 2 * j + 1)];
            }
    }
    if (!integerFormat(weights))
        return;
    const int64_t nb = blocks();
    q.assign(size_t(m * padded), 0);
    scale.assign(size_t(m * nb), 0.0f);
    if (weights == WeightFormat::Q4)
        offset.assign(size_t(m * nb), 0.0f);
    for (int64_t i = 0; i < m; ++i)
        for (int64_t b = 0; b < nb; ++b) {
            const float *blk = x.data() + i * padded + b * kBlock;
            float amax = 0;
            for (int64_t j = 0; j < kBlock; ++j)
                amax = std::max(amax, std::fabs(blk[j]));
            const float d = amax / 127.0f;
            const float inv = d > 0 ? 1.0f / d : 0.0f;
            scale[size_t(i * nb + b)] = d;
            int32_t sum = 0;
            for (int64_t j = 0; j < kBlock; ++j) {
                const int8_t v = int8_t(std::nearbyint(std::clamp(blk[j] * inv, -127.0f, 127.0f)));
                q[size_t(i * padded + b * kBlock + j)] = v;
                sum += v;
            }
            if (!offset.empty())
                offset[size_t(i * nb + b)] = 8.0f * d * float(sum);
        }
    if (!wide)
        return;
    const int32_t centre = weights == WeightFormat::Q8 ? 128 : 8;
    laneStart.resize(q.size() / 4);
    for (size_t l = 0; l < laneStart.size(); ++l)
        laneStart[l] = -centre * (int32_t(q[4 * l]) + q[4 * l + 1] + q[4 * l + 2] + q[4 * l + 3]);
    pairScale.resize(q.size() / 4);
    for (int64_t i = 0; i < m; ++i)
        for (int64_t b = 0; b < nb; ++b)
            for (int64_t l = 0; l < 8; ++l)
                pairScale[size_t((i * nb + b) * 8 + l)] = scale[size_t(i * nb + b)];
}

float PreparedInput::effective(int64_t row, int64_t k) const
{
    if (q.empty())
        return x[size_t(row * padded + k)];
    return scale[size_t(row * blocks() + k / kBlock)] * float(q[size_t(row * padded + k)]);
}

void gemvRows(const MatrixView &w, const PreparedInput &x, float *y, int64_t ldy, int64_t rowBegin, int64_t rowEnd, Isa isa)
{
    if (rowBegin >= rowEnd || x.m <= 0)
        return;
#if defined(__x86_64__) || defined(__i386__)
    if (isa == Isa::Avx512) {
        detail::gemvRowsAvx512(w, x, y, ldy, rowBegin, rowEnd);
        return;
    }
    if (isa == Isa::Avx2) {
        detail::gemvRowsAvx2(w, x, y, ldy, rowBegin, rowEnd);
        return;
    }
#endif
    gemvRowsPortable(w, x, y, ldy, rowBegin, rowEnd);
}

void dequantizeRows(const MatrixView &w, int64_t begin, int64_t end, float *out, Isa isa)
{
#if defined(__x86_64__) || defined(__i386__)
    if (isa == Isa::Avx2 || isa == Isa::Avx512) { // widening is not what limits a GEMM: one body
        detail::dequantizeRowsAvx2(w, begin, end, out);
        return;
    }
#endif
    dequantizeRowsReference(w, begin, end, out);
}

} // namespace gc::quant
