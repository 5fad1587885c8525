#pragma once

// What every model benchmark shares: the machine's own baselines measured in the same run (memory read
// bandwidth, the best fp32 GEMM rate), peak RSS, a synthetic image, and a checkpoint of random weights of the
// real size written without holding it in memory.

#include "io/image_loader.h"
#include "nn/config_util.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

[[nodiscard]] double secondsSince(Clock::time_point t);
// The process's peak resident set so far (VmHWM), bytes.
[[nodiscard]] double peakRssBytes();
// Best of a few full reads of a buffer far larger than the caches, bytes/s.
[[nodiscard]] double measureBandwidth();
// The best rate over square and model-shaped products (x W^T as the layers compute it), FLOP/s; prints each.
[[nodiscard]] double measureGemm();
[[nodiscard]] gc::io::RgbImage syntheticImage(int w, int h, int seed);

// model.safetensors with uniform weights of variance 1/fan_in, and 1/0 for the tensors `isNorm` names, streamed
// through a small buffer so the process never holds the checkpoint itself.
void writeRandomWeights(const std::filesystem::path &file, const std::vector<gc::nn::ExpectedTensor> &tensors,
                        const std::function<bool(const std::string &name)> &isNorm);
[[nodiscard]] uint64_t weightBytes(const std::vector<gc::nn::ExpectedTensor> &tensors);

} // namespace bench
