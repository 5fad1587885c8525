#pragma once

// How a model's matrix weights are held in memory. Decoding one token reads every weight once, so on a CPU the
// answer speed is memory bandwidth divided by weight bytes: the small formats are widened to f32 inside the
// kernels (quant/gemv.h), never as a whole.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gc::quant {

enum class WeightFormat {
    F32,  // as stored
    BF16, // the top half of an f32
    F16,  // IEEE half
    Q8,   // int8 with one bf16 scale per block of 32 along a row
    Q4,   // 4-bit with a scale and a minimum (two bf16) per block of 32 along a row
};

inline constexpr int64_t kBlock = 32; // weights per scale in Q8 and Q4 (and per minimum in Q4)

[[nodiscard]] std::optional<WeightFormat> parseWeightFormat(std::string_view name); // "f32", "bf16", "q8", ...
[[nodiscard]] std::string_view weightFormatName(WeightFormat f);
// Bytes of a [rows, cols] matrix's block scales in the format (Q8: a bf16 scale per block; Q4: a bf16 scale and
// minimum; none for the others).
[[nodiscard]] int64_t scaleBytes(WeightFormat f, int64_t rows, int64_t cols);
// Bytes that hold a [rows, cols] matrix in the format, scales included.
[[nodiscard]] int64_t matrixBytes(WeightFormat f, int64_t rows, int64_t cols);

} // namespace gc::quant
