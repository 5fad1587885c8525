#pragma once

// RMSNorm as Qwen2, LLaMA and their vision towers compute it. Header-only, so that it adds no libtorch
// translation unit. Internal header (ATen).

#include "nn/layers.h"

namespace gc::nn {

// w · x / sqrt(mean(x²) + eps): no mean subtraction, no bias.
struct RmsNorm {
    at::Tensor weight;
    double eps = 1e-6;
    RmsNorm() = default;
    RmsNorm(const WeightStore &w, const std::string &prefix, double e) : weight(w.get(prefix + ".weight")), eps(e) {}
    [[nodiscard]] at::Tensor operator()(const at::Tensor &x) const
    {
        return x * at::rsqrt(x.pow(2).mean(-1, true) + eps) * weight;
    }
};

} // namespace gc::nn
