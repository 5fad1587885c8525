#pragma once

// Small mask utilities shared by the segmenters, the CLI and the tests.

#include "core/rle.h"

#include <string>

namespace gc::seg {

// Intersection over union of two same-sized masks; 0 when sizes differ, 1 when both are empty.
[[nodiscard]] double maskIoU(const Mask &a, const Mask &b);
// Writes a 0/255 single-channel PNG of the mask's size; returns an error message or "".
[[nodiscard]] std::string saveMaskPng(const std::string &path, const Mask &mask);
// Reads any image as a mask (non-zero = foreground); returns an empty Mask on failure.
[[nodiscard]] Mask loadMaskPng(const std::string &path);

} // namespace gc::seg
