#pragma once

#include "geometry.h"

#include <optional>

// Conversions between the original image's pixels and the normalised spaces the model families use
// (see docs: 0-1 floats, 0-100 / 0-999 / 0-1000 / 0-1023 integer grids, bin centres, padded squares,
// the resized input frame). "Unit" below means 0..1 of the original image along each axis.
namespace gc::coords {

// Value v on a scale where `divisor` is the full extent (100, 999, 1000, 1023, 1024...) -> unit.
[[nodiscard]] inline double fromScale(double v, double divisor) { return v / divisor; }
// unit -> integer on that scale, rounded half away from zero and clamped to [0, maxValue].
[[nodiscard]] int toScaleRounded(double unit, double divisor, int maxValue);
// unit -> integer by truncation (int(x/W*K)), clamped to [0, maxValue].
[[nodiscard]] int toScaleTruncated(double unit, double divisor, int maxValue);

// Bins: `bins` equal cells per axis. quantize = floor(unit*bins) clamped to [0, bins-1];
// dequantize returns the bin centre (q + 0.5) / bins.
[[nodiscard]] int quantizeBin(double unit, int bins);
[[nodiscard]] double binCenter(int q, int bins);

// Padded square (Shikra, GroundingGPT, LLaVA-Grounding): the image is pasted centred into a
// max(W,H) square. Converts a unit coordinate of the square to a unit coordinate of the image and back.
[[nodiscard]] PointF squareToImage(PointF squareUnit, SizeI image);
[[nodiscard]] PointF imageToSquare(PointF imageUnit, SizeI image);

struct SmartResizeLimits {
    int factor = 28;           // patch 14 x merge 2 (Qwen2/2.5-VL); 32 for Qwen3-VL
    long long minPixels = 3136;     // 4 * 28 * 28
    long long maxPixels = 12845056; // 16384 * 28 * 28 (qwen-vl-utils default)
};
// The resize Qwen2-VL / Qwen2.5-VL / Qwen3-VL apply before the vision encoder. nullopt when the aspect
// ratio exceeds 200 or the size is invalid.
[[nodiscard]] std::optional<SizeI> smartResize(SizeI image, const SmartResizeLimits &limits = {});
[[nodiscard]] SmartResizeLimits qwen3Limits();

// Python's round(): half to even.
[[nodiscard]] double roundHalfEven(double v);

} // namespace gc::coords
