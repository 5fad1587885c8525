#pragma once

// Small helpers shared by the dialect codecs.

#include "dialect.h"

#include <optional>
#include <string>
#include <string_view>

namespace gc::dialects {

// Strict decimal number ("12", "-3.5", "0.125", "1e3" rejected); nullopt on anything else, NaN or inf.
[[nodiscard]] std::optional<double> parseNumber(std::string_view s);
// Non-negative integer made only of digits (at most 9 of them).
[[nodiscard]] std::optional<int> parseIndex(std::string_view s);
[[nodiscard]] inline bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// In partial (streaming) mode a trailing '<' that could still become a tag, or a trailing
// incomplete UTF-8 sequence, must not be shown. Returns the length of text that is safe to decode.
// `longestTag` bounds how far back a '<' is considered the start of an unfinished tag.
[[nodiscard]] size_t stableLength(std::string_view raw, bool partial, size_t longestTag = 64);

// Makes a model region from a unit box: swaps reversed corners and clamps to [0,1], flagging both.
[[nodiscard]] Region unitBoxRegion(Box unit, std::string label = {});
[[nodiscard]] Region unitPointRegion(PointF unit, std::string label = {});
// Same for polygons/quads: clamps every vertex.
[[nodiscard]] Region unitPolygonRegion(Polygon unit, bool quad, std::string label = {});

// Writes a number the way the prompt formats expect: fixed decimals, no exponent.
[[nodiscard]] std::string formatFixed(double v, int decimals);

// Unit box of a user region given in pixels (points become zero-size boxes).
[[nodiscard]] Box unitBoxOf(const PromptRegion &r, SizeI image);
[[nodiscard]] PointF unitPointOf(const PromptRegion &r, SizeI image);

} // namespace gc::dialects
