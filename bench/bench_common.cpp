#include "bench_common.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <stdexcept>

namespace bench {

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double peakRssBytes()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) * 1024.0;
    return 0;
}

double measureBandwidth()
{
    at::Tensor big = at::ones({256ll << 20}, at::kFloat); // 1 GiB
    double best = 1e30;
    for (int i = 0; i < 4; ++i) {
        const auto t = Clock::now();
        volatile float s = big.sum().item<float>();
        (void)s;
        best = std::min(best, secondsSince(t));
    }
    return static_cast<double>(big.numel()) * 4.0 / best;
}

double measureGemm()
{
    const int64_t shapes[][3] = {{2048, 2048, 2048}, {4096, 4096, 4096}, {512, 2048, 8192}, {257, 1024, 4096}};
    double bestRate = 0;
    for (const auto &s : shapes) {
        at::Tensor a = at::rand({s[0], s[1]}), w = at::rand({s[2], s[1]});
        (void)at::linear(a, w);
        double best = 1e30;
        for (int i = 0; i < 3; ++i) {
            const auto t = Clock::now();
            at::Tensor c = at::linear(a, w);
            best = std::min(best, secondsSince(t));
        }
        const double rate = 2.0 * s[0] * s[1] * s[2] / best;
        std::printf("  gemm %lldx%lldx%lld: %.1f GFLOP/s\n", static_cast<long long>(s[0]), static_cast<long long>(s[1]),
                    static_cast<long long>(s[2]), rate / 1e9);
        bestRate = std::max(bestRate, rate);
    }
    return bestRate;
}

gc::io::RgbImage syntheticImage(int w, int h, int seed)
{
    gc::io::RgbImage img;
    img.width = w;
    img.height = h;
    img.pixels.resize(static_cast<size_t>(w) * h * 3);
    for (size_t i = 0; i < img.pixels.size(); ++i)
        img.pixels[i] = static_cast<uint8_t>((i * 2654435761u + static_cast<size_t>(seed) * 97u) >> 13);
    return img;
}

namespace {

uint64_t elements(const gc::nn::ExpectedTensor &t)
{
    uint64_t n = 1;
    for (int64_t d : t.shape)
        n *= static_cast<uint64_t>(d);
    return n;
}

} // namespace

uint64_t weightBytes(const std::vector<gc::nn::ExpectedTensor> &tensors)
{
    uint64_t bytes = 0;
    for (const auto &t : tensors)
        bytes += 4 * elements(t);
    return bytes;
}

void writeRandomWeights(const std::filesystem::path &file, const std::vector<gc::nn::ExpectedTensor> &tensors,
                        const std::function<bool(const std::string &name)> &isNorm)
{
    nlohmann::json h = nlohmann::json::object();
    h["__metadata__"] = {{"format", "pt"}};
    uint64_t off = 0;
    for (const auto &t : tensors) {
        h[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {off, off + elements(t) * 4}}};
        off += elements(t) * 4;
    }
    std::string hs = h.dump();
    hs.append((8 - hs.size() % 8) % 8, ' ');
    std::ofstream out(file, std::ios::binary);
    const uint64_t hn = hs.size();
    out.write(reinterpret_cast<const char *>(&hn), 8);
    out << hs;
    std::mt19937_64 rng(1234);
    std::vector<float> buf(1 << 22);
    for (const auto &t : tensors) {
        const uint64_t n = elements(t);
        const bool norm = isNorm(t.name);
        const bool isWeight = t.name.size() > 7 && t.name.compare(t.name.size() - 7, 7, ".weight") == 0;
        const double fanIn = t.shape.size() >= 2 ? static_cast<double>(n / static_cast<uint64_t>(t.shape[0]))
                                                  : static_cast<double>(t.shape.back());
        const float a = static_cast<float>(std::sqrt(3.0 / fanIn));
        for (uint64_t done = 0; done < n;) {
            const size_t m = static_cast<size_t>(std::min<uint64_t>(buf.size(), n - done));
            for (size_t i = 0; i < m; ++i) {
                if (norm)
                    buf[i] = isWeight ? 1.0f : 0.0f;
                else // 24 random bits are plenty for a timing run
                    buf[i] = a * (static_cast<float>(rng() >> 40) * (2.0f / 16777216.0f) - 1.0f);
            }
            out.write(reinterpret_cast<const char *>(buf.data()), static_cast<std::streamsize>(m * 4));
            done += m;
        }
    }
    if (!out)
        throw std::runtime_error("cannot write " + file.string());
}

} // namespace bench
