#pragma once

// An image as a vision tower takes it, for every architecture with CLIP-style preprocessing.
// Internal header (ATen).

#include "nn/preprocess.h"

#include <ATen/ATen.h>

namespace gc::nn {

// clipPreprocess as [1, 3, height, width] float32 on `device`; io::FormatError for an empty or
// inconsistent pixel buffer.
[[nodiscard]] at::Tensor pixelTensor(const io::RgbImage &image, const ClipPreprocessConfig &cfg, at::Device device);

} // namespace gc::nn
