#pragma once

// RMSNorm as Qwen2, LLaMA and their vision towers compute it. Internal header (ATen).

#include "nn/layers.h"

namespace gc::nn {

// w · x / sqrt(mean(x²) + eps): no mean subtraction, no bias.
struct RmsNorm {
    at::Tensor weight;
    double eps = 1e-6;
    RmsNorm() = default;
    RmsNorm(const WeightStore &w, const std::string &prefix, double eps);
    [[nodiscard]] at::Tensor operator()(const at::Tensor &x) const;
};

} // namespace gc::nn
