#pragma once

// Helpers shared by the golden tests: fixture paths and NumPy arrays as ATen tensors.

#include "io/npy.h"

#include <ATen/ATen.h>

#include <string>

namespace golden {

inline std::string fixture(const std::string &name = "kosmos2-tiny-a") { return std::string(GC_TEST_DATA) + "/" + name; }

inline at::Tensor npy(const std::string &name, const std::string &dir = fixture())
{
    gc::io::NpyArray a = gc::io::readNpy(dir + "/" + name + ".npy");
    if (a.isFloat)
        return at::from_blob(a.f32.data(), a.shape, at::kFloat).clone();
    return at::from_blob(a.i64.data(), a.shape, at::kLong).clone();
}

inline double maxAbsDiff(const at::Tensor &a, const at::Tensor &b)
{
    return (a.to(at::kFloat) - b.to(at::kFloat)).abs().max().item<double>();
}

inline std::vector<int64_t> toVector(const at::Tensor &t)
{
    at::Tensor c = t.to(at::kLong).contiguous().flatten();
    return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

} // namespace golden
