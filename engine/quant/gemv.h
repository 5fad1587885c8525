#pragma once

// The kernels: y = x Wᵀ for weights in any WeightFormat, widened to f32 in registers. AVX2 + FMA where the CPU
// has them (chosen at run time), a portable path otherwise; both are tested against the reference widening
// (quantized_matrix.h). Each call covers a range of output rows, so callers thread over rows.

#include "quant/quantized_matrix.h"

namespace gc::quant {

enum class Isa { Portable, Avx2 };

// The best this CPU runs (AVX2 and FMA, else portable).
[[nodiscard]] Isa bestIsa();
[[nodiscard]] const char *isaName(Isa isa);

// For i < m and r in [rowBegin, rowEnd): y[i * ldy + r] = Σ_k x[i * ldx + k] · W[r, k]. Every weight row is
// read once for all m inputs (decode with a few beams, or one token). x rows need only `cols` readable floats.
void gemvRows(const MatrixView &w, const float *x, int64_t m, int64_t ldx, float *y, int64_t ldy, int64_t rowBegin,
              int64_t rowEnd, Isa isa = bestIsa());

// Rows [begin, end) widened to f32 into out[(end-begin) * cols], for a big product to run as an f32 GEMM.
void dequantizeRows(const MatrixView &w, int64_t begin, int64_t end, float *out, Isa isa = bestIsa());

namespace detail {
// The AVX2 bodies (gemv_avx2.cpp, built with -mavx2 -mfma -mf16c; x86 only); x rows are padded to whole blocks
// by the caller.
void gemvRowsAvx2(const MatrixView &w, const float *xPadded, int64_t m, int64_t ldx, float *y, int64_t ldy,
                  int64_t rowBegin, int64_t rowEnd);
void dequantizeRowsAvx2(const MatrixView &w, int64_t begin, int64_t end, float *out);
} // namespace detail

} // namespace gc::quant
