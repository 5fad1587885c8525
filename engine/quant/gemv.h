#pragma once

// The kernels: y = x Wᵀ for weights in any WeightFormat, widened in registers. AVX-512 (with VNNI) or AVX2 + FMA
// where the CPU has them (chosen at run time), a portable path otherwise; each is tested against the plain
// computation.
// For Q8/Q4 weights the inputs are quantised to int8 per block of 32 as well, so that the products run in
// integers (as llama.cpp's q8_0 dot product does): widening 4-bit weights to f32 one by one cannot keep up
// with memory. Each call covers a range of output rows, so callers thread over rows.

#include "quant/quantized_matrix.h"

#include <vector>

namespace gc::quant {

enum class Isa { Portable, Avx2, Avx512 };

// The best this CPU runs: AVX-512 (F, BW, VL, VNNI) beside AVX2, FMA and F16C; else AVX2, FMA and F16C; else
// portable. GC_KERNELS=avx2|portable in the environment caps it (for comparisons).
[[nodiscard]] Isa bestIsa();
// Every instruction set this CPU runs, the portable path first.
[[nodiscard]] std::vector<Isa> supportedIsas();
[[nodiscard]] const char *isaName(Isa isa);

// The m input rows of one product, prepared once for every thread: copied into rows padded with zeros to whole
// pairs of blocks (64 values), and for Q8/Q4 weights quantised (scale max|x|/127 per block).
struct PreparedInput {
    PreparedInput(WeightFormat weights, const float *x, int64_t m, int64_t ldx, int64_t cols);
    int64_t m = 0, cols = 0, padded = 0;
    [[nodiscard]] int64_t blocks() const { return padded / kBlock; } // per row of scale and offset
    std::vector<float> x;     // [m, padded]
    std::vector<int8_t> q;    // [m, padded], Q8/Q4 weights only
    std::vector<float> scale; // [m, blocks()]
    std::vector<float> offset; // [m, blocks()], Q4 only: 8 · scale · Σ q over the block (the nibbles' centring)
    // For the AVX-512 kernels, filled only when the CPU runs them:
    // Q8/Q4: the integer product runs on unsigned weights (Q8 + 128, Q4 as stored 0..15), and starts from
    // -128 · Σq (Q8) or -8 · Σq (Q4) over each 4 inputs a 32-bit lane sums, so that it comes out exact;
    std::vector<int32_t> laneStart; // [m, padded / 4]
    // the scales of each pair of blocks spread over a vector's lanes (8 of each);
    std::vector<float> pairScale; // [m, padded / 64, 16]
    // BF16: each block's even inputs, then its odd ones (a bf16 pair widens to f32 in place, without shuffles).
    std::vector<float> evenOdd; // [m, padded]
    // The values the kernels multiply with (x itself, or its quantised form widened): for tests.
    [[nodiscard]] float effective(int64_t row, int64_t k) const;
};

// For i < m and r in [rowBegin, rowEnd): y[i * ldy + r] = Σ_k x[i, k] · W[r, k]. Every weight row is read once
// for all m inputs (decode with a few beams, or one token).
void gemvRows(const MatrixView &w, const PreparedInput &x, float *y, int64_t ldy, int64_t rowBegin, int64_t rowEnd,
              Isa isa = bestIsa());

// Rows [begin, end) widened to f32 into out[(end-begin) * cols], for a big product to run as an f32 GEMM.
void dequantizeRows(const MatrixView &w, int64_t begin, int64_t end, float *out, Isa isa = bestIsa());

namespace detail {
// The AVX2 bodies (gemv_avx2.cpp, built with -mavx2 -mfma -mf16c; x86 only).
void gemvRowsAvx2(const MatrixView &w, const PreparedInput &x, float *y, int64_t ldy, int64_t rowBegin, int64_t rowEnd);
void dequantizeRowsAvx2(const MatrixView &w, int64_t begin, int64_t end, float *out);
// The AVX-512 bodies (gemv_avx512.cpp, built with -mavx512f -mavx512bw -mavx512vl -mavx512vnni; x86 only).
void gemvRowsAvx512(const MatrixView &w, const PreparedInput &x, float *y, int64_t ldy, int64_t rowBegin, int64_t rowEnd);
} // namespace detail

} // namespace gc::quant
