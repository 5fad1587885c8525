#pragma once

// The kernels: y = x Wᵀ for weights in any WeightFormat, widened in registers. AVX-512 (F, BW, VL, VNNI) or
// AVX2 + FMA where the CPU has them (chosen at run time), a portable path otherwise; each is tested against the
// plain computation.
// For Q8/Q4 weights the inputs are quantised to int8 per block of 32 as well, so that the products run in
// integers (as llama.cpp's q8_0 dot product does): widening 4-bit weights to f32 one by one cannot keep up
// with memory. Each call covers a range of output rows, so callers thread over rows.

#include "quant/aligned_allocator.h"
#include "quant/quantized_matrix.h"

#include <vector>

namespace gc::quant {

enum class Isa { Portable, Avx2, Avx512 };

// What this CPU runs: AVX-512 F/BW/VL/VNNI (with AVX2, FMA, F16C), else AVX2 + FMA + F16C, else portable.
[[nodiscard]] Isa cpuIsa();
// The kernels used: cpuIsa(), or less where the environment caps it (GROUNDCHAT_KERNELS=avx2 or portable, for
// comparing the kernels in one run of a benchmark).
[[nodiscard]] Isa bestIsa();
[[nodiscard]] const char *isaName(Isa isa);

// The m input rows of one product, prepared once for every thread: copied into rows padded with zeros to whole
// blocks, and for Q8/Q4 weights quantised (scale max|x|/127 per block).
struct PreparedInput {
    PreparedInput() = default;
    PreparedInput(WeightFormat weights, const float *x, int64_t m, int64_t ldx, int64_t cols);
    // The same into this object's buffers, which keep their memory from one input to the next.
    void prepare(WeightFormat weights, const float *x, int64_t m, int64_t ldx, int64_t cols);
    int64_t m = 0, cols = 0, padded = 0;
    AlignedVector<float> x;     // [m, padded]
    AlignedVector<int8_t> q;    // [m, padded], Q8/Q4 weights only
    // Q4 weights only: q with each pair of blocks b, b+1 laid out as the AVX2 kernel reads two Q4 blocks from one
    // 32-byte load: b's inputs 0..15, b+1's 0..15, b's 16..31, b+1's 16..31 (an odd last block as in q).
    AlignedVector<int8_t> qPaired;
    AlignedVector<float> scale; // [m, padded / 32]
    // [m, padded / 32]: Q4, scale · Σ q over the block (the input block's sum, which the weights' minimum
    // multiplies); Q8 on an AVX-512 CPU, 128 · scale · Σ q (that kernel reads the weights as w + 128)
    AlignedVector<float> offset;
    AlignedVector<int32_t> sums; // [m, padded / 32], Q8/Q4: Σ q over the block
    // The values the kernels multiply with (x itself, or its quantised form widened).
    [[nodiscard]] float effective(int64_t row, int64_t k) const
    {
        if (q.empty())
            return x[size_t(row * padded + k)];
        return scale[size_t(row * (padded / kBlock) + k / kBlock)] * float(q[size_t(row * padded + k)]);
    }
};

// For i < m and r in [rowBegin, rowEnd): y[i * ldy + r] = Σ_k x[i, k] · W[r, k]. Every weight row is read once
// for all m inputs (decode with a few beams, or one token).
void gemvRows(const MatrixView &w, const PreparedInput &x, float *y, int64_t ldy, int64_t rowBegin, int64_t rowEnd,
              Isa isa = bestIsa());

// Rows [begin, end) widened to f32 into out[(end-begin) * cols], for a big product to run as an f32 GEMM.
void dequantizeRows(const MatrixView &w, int64_t begin, int64_t end, float *out, Isa isa = bestIsa());

namespace detail {
// Blocks of 32 floats quantised to int8 (scale max|x|/127, rounded to nearest even) with each block's scale and
// integer sum: the plain loop, and the same bytes eight lanes at a time (gemv_avx2.cpp, what PreparedInput uses
// where the CPU has AVX2).
void quantizeBlocksReference(const float *x, int64_t blocks, int8_t *q, float *scale, int32_t *sums);
void quantizeBlocksAvx2(const float *x, int64_t blocks, int8_t *q, float *scale, int32_t *sums);
// The AVX-512 body (gemv_avx512.cpp, built with -mavx512f -mavx512bw -mavx512vl -mavx512vnni; x86 only).
void gemvRowsAvx512(const MatrixView &w, const PreparedInput &x, float *y, int64_t ldy, int64_t rowBegin, int64_t rowEnd);
// The AVX2 bodies (gemv_avx2.cpp, built with -mavx2 -mfma -mf16c; x86 only).
void gemvRowsAvx2(const MatrixView &w, const PreparedInput &x, float *y, int64_t ldy, int64_t rowBegin, int64_t rowEnd);
void dequantizeRowsAvx2(const MatrixView &w, int64_t begin, int64_t end, float *out);
} // namespace detail

} // namespace gc::quant
