#pragma once

// A [rows, cols] weight matrix in one of the small formats, and the plain (reference) conversions to and from
// f32. Layout, row-major: BF16/F16 one uint16 per weight; Q8 per row ceil(cols/32) blocks of 32 int8 (the
// last block zero-padded) and one bf16 scale per block in `scales`, row-major (it may be negative: the block's
// extreme maps to -127; 8 significant bits, the integers chosen for the scale as stored: 34 bytes a block
// against 36 with an f32 scale, and decode reads 6 % fewer bytes). Q4 per row ceil(cols/32) blocks of 16 bytes
// (byte j holds weight j in its low nibble and weight j+16 in its high one) and per block one 32-bit word in `scales`: the block's scale d and minimum m
// as two bf16, d in the low half; weight = d · nibble + m. The minimum costs no byte over a symmetric 4-bit
// block with an f32 scale, and takes about an eighth off its error (Gaussian blocks: relative RMS 0.071
// against 0.081; Laplace 0.082 against 0.102).

#include "quant/aligned_allocator.h"
#include "quant/weight_format.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

namespace gc::quant {

struct MatrixView {
    WeightFormat format = WeightFormat::F32;
    int64_t rows = 0, cols = 0;
    const void *data = nullptr;
    const void *scales = nullptr; // Q8/Q4 only: 2 (Q8) or 4 (Q4) bytes per block (above)
    [[nodiscard]] int64_t blocksPerRow() const { return (cols + kBlock - 1) / kBlock; }
    [[nodiscard]] const uint16_t *q8Scales() const { return static_cast<const uint16_t *>(scales); } // bf16
    [[nodiscard]] const uint32_t *q4ScaleMins() const { return static_cast<const uint32_t *>(scales); }
};

// A bf16 value (a Q8 block's scale, either half of a Q4 block's word) widened: its bits the top half of an f32.
[[nodiscard]] inline float bf16ToF32(uint16_t v)
{
    const uint32_t wide = uint32_t(v) << 16;
    float f;
    std::memcpy(&f, &wide, 4);
    return f;
}

// A Q4 block's scale and minimum from its word (each bf16 half moved to the top of an f32), and its weight j's
// nibble (0..15): what every path that reads Q4 weights one at a time uses.
[[nodiscard]] inline float q4Scale(uint32_t word) { return bf16ToF32(uint16_t(word)); }
[[nodiscard]] inline float q4Min(uint32_t word) { return bf16ToF32(uint16_t(word >> 16)); }
[[nodiscard]] inline int q4Nibble(const uint8_t *block, int64_t j)
{
    return j < kBlock / 2 ? block[j] & 0x0f : block[j - kBlock / 2] >> 4;
}

// Calls body(begin, end) on slices covering [0, n), possibly several at once on other threads (the caller's
// thread pool: this library has none). Rows are packed independently, so any split gives the same bytes.
using RowRunner = std::function<void(int64_t n, const std::function<void(int64_t begin, int64_t end)> &body)>;

// Packing goes a slice of rows at a time, and 16-bit weights are widened to f32 one slice at a time (4 MB, or one
// row when a row is longer), so the scratch a load needs beside its result does not grow with the matrix: a
// 65k-row embedding table widened whole would take 530 MB.
inline constexpr int64_t kPackSliceFloats = int64_t(1) << 20;
// Called on the packing thread after rows [begin, end) are packed: their stored bytes are not read again.
using SliceDone = std::function<void(int64_t begin, int64_t end)>;
// What one packing held beyond its result: the most weights it had widened to f32 at once.
struct PackScratch {
    int64_t widenedFloats = 0;
};

class QuantizedMatrix {
public:
    QuantizedMatrix() = default;
    // 16-bit formats: round to nearest, ties to even. Q8 (integers -127..127): per block the scale with the least
    // squared error among a few around extreme/127; Q4 (0..15): per block the range with the least squared error
    // among a few inside the block's own, its scale and minimum fitted by least squares (quantized_matrix.cpp).
    // Candidates are searched side by side in vector lanes; without `run`, on the calling thread.
    [[nodiscard]] static QuantizedMatrix fromF32(const float *w, int64_t rows, int64_t cols, WeightFormat format,
                                                 const RowRunner &run = {});
    // The same from weights as a checkpoint stores them (`stored`: F32, BF16 or F16), in slices of rows (above):
    // the bytes fromF32 gives for those weights widened. `scratch`, when given, learns the widening's size.
    [[nodiscard]] static QuantizedMatrix fromStored(const MatrixView &stored, WeightFormat format,
                                                    const RowRunner &run = {}, const SliceDone &done = {},
                                                    PackScratch *scratch = nullptr);
    // The same bytes as fromF32, one candidate scale after another on one thread: what it is tested against.
    [[nodiscard]] static QuantizedMatrix fromF32Reference(const float *w, int64_t rows, int64_t cols,
                                                          WeightFormat format);
    // From 16-bit weights as a checkpoint stores them, kept as they are (no detour through f32 memory).
    [[nodiscard]] static QuantizedMatrix from16Bit(const uint16_t *w, int64_t rows, int64_t cols, WeightFormat format);

    // Packed bytes another owner holds (a memory-mapped cache file): `owner` keeps them alive and unchanged.
    [[nodiscard]] static QuantizedMatrix borrow(const MatrixView &packed, std::shared_ptr<const void> owner);

    [[nodiscard]] MatrixView view() const;
    [[nodiscard]] int64_t bytes() const { return matrixBytes(m_format, m_rows, m_cols); }

private:
    // One block of n ≤ 32 weights: Q8's integers and scale, Q4's nibbles (one per byte) and scale-minimum word.
    struct BlockQuantizers {
        float (*q8)(const float *x, int64_t n, int8_t *q);
        uint32_t (*q4)(const float *x, int64_t n, uint8_t *q);
    };
    static QuantizedMatrix pack(const MatrixView &stored, WeightFormat format, const RowRunner &run,
                                BlockQuantizers quantize, const SliceDone &done, PackScratch *scratch);

    WeightFormat m_format = WeightFormat::F32;
    int64_t m_rows = 0, m_cols = 0;
    AlignedVector<uint8_t> m_data;
    AlignedVector<uint16_t> m_scales; // Q8: bf16 scales; Q4: scale-minimum words, two halves each
    std::shared_ptr<const void> m_owner; // set when borrowed: m_data and m_scales are empty, m_view points there
    MatrixView m_view;
};

// Rows [begin, end) widened to f32 into out[(end-begin) * cols]: the reference every kernel is tested against.
void dequantizeRowsReference(const MatrixView &w, int64_t begin, int64_t end, float *out);

[[nodiscard]] uint16_t f32ToBf16(float v);
[[nodiscard]] uint16_t f32ToF16(float v);
[[nodiscard]] float f16ToF32(uint16_t v);

} // namespace gc::quant
