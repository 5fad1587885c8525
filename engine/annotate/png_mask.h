#pragma once

// Binary masks as base64 PNG, the way labelme stores a "mask" shape (8-bit greyscale, 0 = background).

#include "core/rle.h"

#include <optional>
#include <string>

namespace gc::annot {

[[nodiscard]] std::string base64Encode(const std::string &bytes);
[[nodiscard]] std::optional<std::string> base64Decode(const std::string &text);

// 8-bit greyscale PNG, 0/1 samples.
[[nodiscard]] std::string encodeMaskPng(const Mask &mask);
// Reads greyscale PNGs of 1 or 8 bits (the forms labelme and PIL write); nullopt with *error otherwise.
[[nodiscard]] std::optional<Mask> decodeMaskPng(const std::string &png, std::string *error);

} // namespace gc::annot
