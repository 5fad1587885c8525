#include "quant/gemv.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace gc::quant {

Isa bestIsa()
{
#if defined(__x86_64__) || defined(__i386__)
    static const Isa isa = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")
                               ? Isa::Avx2
                               : Isa::Portable;
    return isa;
#else
    return Isa::Portable;
#endif
}

const char *isaName(Isa isa) { return isa == Isa::Avx2 ? "avx2+fma" : "portable"; }

namespace {

// One weight row widened, dotted with every input row: the plain path for CPUs without AVX2.
void gemvRowsPortable(const MatrixView &w, const float *x, int64_t m, int64_t ldx, float *y, int64_t ldy,
                      int64_t rowBegin, int64_t rowEnd)
{
    std::vector<float> row(size_t(w.cols));
    for (int64_t r = rowBegin; r < rowEnd; ++r) {
        dequantizeRowsReference(w, r, r + 1, row.data());
        for (int64_t i = 0; i < m; ++i) {
            const float *xi = x + i * ldx;
            float acc[4] = {0, 0, 0, 0}; // four partial sums, as the compiler would not reorder a float sum itself
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

void gemvRows(const MatrixView &w, const float *x, int64_t m, int64_t ldx, float *y, int64_t ldy, int64_t rowBegin,
              int64_t rowEnd, Isa isa)
{
    if (rowBegin >= rowEnd || m <= 0)
        return;
#if defined(__x86_64__) || defined(__i386__)
    if (isa == Isa::Avx2) {
        // The AVX2 loops read whole blocks of 32: inputs of a ragged width are copied once into zero-padded rows.
        const int64_t padded = w.blocksPerRow() * kBlock;
        if (padded == w.cols) {
            detail::gemvRowsAvx2(w, x, m, ldx, y, ldy, rowBegin, rowEnd);
            return;
        }
        std::vector<float> xp(size_t(m * padded), 0.0f);
        for (int64_t i = 0; i < m; ++i)
            std::memcpy(xp.data() + i * padded, x + i * ldx, size_t(w.cols) * 4);
        detail::gemvRowsAvx2(w, xp.data(), m, padded, y, ldy, rowBegin, rowEnd);
        return;
    }
#endif
    gemvRowsPortable(w, x, m, ldx, y, ldy, rowBegin, rowEnd);
}

void dequantizeRows(const MatrixView &w, int64_t begin, int64_t end, float *out, Isa isa)
{
#if defined(__x86_64__) || defined(__i386__)
    if (isa == Isa::Avx2) {
        detail::dequantizeRowsAvx2(w, begin, end, out);
        return;
    }
#endif
    dequantizeRowsReference(w, begin, end, out);
}

} // namespace gc::quant
