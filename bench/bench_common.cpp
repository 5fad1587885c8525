#include "bench_common.h"

#include "quant/thread_count.h"
#include "quant/weight_format.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <spawn.h>
#include <unistd.h>
#include <sys/wait.h>

extern char **environ;

namespace bench {

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

namespace {

// A "Key:   N kB" line of a /proc file, in bytes; 0 when absent.
double procKilobytes(const char *file, const std::string &key)
{
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0)
            return std::stod(line.substr(key.size())) * 1024.0;
    return 0;
}

} // namespace

double peakRssBytes() { return procKilobytes("/proc/self/status", "VmHWM:"); }

bool resetPeakRss()
{
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

double physicalMemoryBytes() { return procKilobytes("/proc/meminfo", "MemTotal:"); }

std::string loadAverage()
{
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

BandwidthProbe::BandwidthProbe(int64_t bytes)
    : matrix_(at::ones({bytes / (4 * 1024), 1024}, at::kFloat)), vector_(at::ones({1024}, at::kFloat))
{
}

double BandwidthProbe::read()
{
    const auto t = Clock::now();
    const at::Tensor y = at::mv(matrix_, vector_);
    const double s = secondsSince(t);
    if (y[0].item<float>() != 1024.0F) // never: every element is 1; keeps the product from being left out
        std::abort();
    seconds += s;
    bytes += static_cast<double>(matrix_.nbytes());
    return s;
}

double measureBandwidth()
{
    // The better of two readers of 1 GiB: libtorch's sum and its matrix-vector product (the sum alone read 34 GB/s
    // in a run where the gemv kernels streamed 55).
    const int64_t size = 1ll << 30;
    at::Tensor big = at::ones({size / 4}, at::kFloat);
    BandwidthProbe probe(size);
    double best = 1e30;
    for (int i = 0; i < 4; ++i) {
        auto t = Clock::now();
        volatile float s = big.sum().item<float>();
        (void)s;
        best = std::min(best, secondsSince(t));
        best = std::min(best, probe.read());
    }
    return static_cast<double>(size) / best;
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

Machine measureMachine()
{
    const long cores = std::max(1l, ::sysconf(_SC_NPROCESSORS_ONLN));
    std::printf("threads: libtorch %d, cores %ld; load average at start %s\n", at::get_num_threads(), cores,
                loadAverage().c_str());
    Machine m;
    m.bandwidth = measureBandwidth();
    m.gemm = measureGemm();
    std::printf("memory read bandwidth: %.2f GB/s\nfp32 GEMM (best shape): %.1f GFLOP/s\n", m.bandwidth / 1e9,
                m.gemm / 1e9);
    return m;
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

void usage(const char *program, const Options &d)
{
    std::string formats;
    for (const std::string &f : d.formats)
        formats += (formats.empty() ? "" : ",") + f;
    std::fprintf(stderr, "usage: %s [--dir DIR] [--new-tokens N] [--threads N] [--formats %s] [--keep]%s\n", program,
                 formats.c_str(), d.maxLayers > 0 ? (" [--layers 1.." + std::to_string(d.maxLayers) + "]").c_str() : "");
}

uint64_t elements(const gc::nn::ExpectedTensor &t)
{
    uint64_t n = 1;
    for (int64_t d : t.shape)
        n *= static_cast<uint64_t>(d);
    return n;
}

uint16_t toBf16(float f)
{
    uint32_t u = 0;
    std::memcpy(&u, &f, 4);
    return static_cast<uint16_t>((u + 0x7fffu + ((u >> 16) & 1u)) >> 16); // round to nearest even
}

} // namespace

std::optional<Options> parseOptions(int argc, char **argv, Options o)
{
    o.layers = o.maxLayers;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            const bool hasValue = i + 1 < argc;
            if (a == "--dir" && hasValue)
                o.dir = argv[++i];
            else if (a == "--new-tokens" && hasValue)
                o.newTokens = std::max<int64_t>(1, std::stoll(argv[++i]));
            else if (a == "--threads" && hasValue)
                o.threads = std::max(0, std::stoi(argv[++i]));
            else if (a == "--layers" && hasValue && o.maxLayers > 0)
                o.layers = std::clamp(std::stoi(argv[++i]), 1, o.maxLayers);
            else if (a == "--keep")
                o.keep = true;
            else if (a == "--formats" && hasValue) {
                o.formats.clear();
                std::stringstream list(argv[++i]);
                for (std::string f; std::getline(list, f, ',');)
                    o.formats.push_back(f);
            } else if (a == "--child" && hasValue)
                o.child = argv[++i];
            else {
                usage(argv[0], o);
                return std::nullopt;
            }
        }
    } catch (const std::exception &) { // a number that is not one
        usage(argv[0], o);
        return std::nullopt;
    }
    for (const std::string &f : o.child.empty() ? o.formats : std::vector<std::string>{o.child})
        if (!gc::quant::parseWeightFormat(f)) {
            std::fprintf(stderr, "unknown weight format '%s'\n", f.c_str());
            return std::nullopt;
        }
    at::set_num_threads(gc::quant::chooseThreadCount(o.threads, at::get_num_threads()));
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    return o;
}

std::filesystem::path resultFile(const Options &o, const std::string &format)
{
    return o.dir / ("result-" + format + ".json");
}

std::optional<nlohmann::json> runChild(const Options &o, const std::string &format)
{
    const std::filesystem::path out = resultFile(o, format);
    std::filesystem::remove(out);
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    std::vector<std::string> args = {self, "--child", format, "--dir", o.dir.string(), "--new-tokens",
                                     std::to_string(o.newTokens), "--threads", std::to_string(o.threads)};
    if (o.maxLayers > 0) {
        args.emplace_back("--layers");
        args.push_back(std::to_string(o.layers));
    }
    std::vector<char *> argv;
    for (std::string &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(stdout);
    pid_t pid = 0;
    if (::posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv.data(), environ) != 0)
        return std::nullopt;
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !std::filesystem::exists(out))
        return std::nullopt;
    return nlohmann::json::parse(std::ifstream(out));
}

std::optional<double> loadModel(gc::runtime::LocalModel &model, const Options &o)
{
    gc::runtime::LoadParams lp;
    lp.settings.threads = o.threads;
    lp.settings.weights = o.child;
    const auto t = Clock::now();
    const gc::runtime::Status s = model.load(o.dir.string(), lp);
    if (!s.ok()) {
        std::fprintf(stderr, "%s: load failed: %s\n", o.child.c_str(), s.message.c_str());
        return std::nullopt;
    }
    return secondsSince(t);
}

void copyProcessorFiles(const std::filesystem::path &from, const std::filesystem::path &dir,
                        const std::vector<std::string> &files)
{
    std::filesystem::create_directories(dir / "processor");
    for (const std::string &f : files)
        std::filesystem::copy_file(from / f, dir / "processor" / f, std::filesystem::copy_options::overwrite_existing);
}

uint64_t parameterCount(const std::vector<gc::nn::ExpectedTensor> &tensors)
{
    uint64_t n = 0;
    for (const auto &t : tensors)
        n += elements(t);
    return n;
}

bool writeRandomWeights(const std::filesystem::path &file, const std::vector<gc::nn::ExpectedTensor> &tensors,
                        const std::function<bool(const std::string &name)> &isNorm, Dtype dtype)
{
    const uint64_t width = dtype == Dtype::F32 ? 4 : 2;
    nlohmann::json h = nlohmann::json::object();
    h["__metadata__"] = {{"format", "pt"}};
    uint64_t off = 0;
    for (const auto &t : tensors) {
        h[t.name] = {{"dtype", dtype == Dtype::F32 ? "F32" : "BF16"},
                     {"shape", t.shape},
                     {"data_offsets", {off, off + elements(t) * width}}};
        off += elements(t) * width;
    }
    std::string hs = h.dump();
    hs.append((8 - hs.size() % 8) % 8, ' ');
    const uint64_t hn = hs.size();
    if (std::filesystem::exists(file) && std::filesystem::file_size(file) == 8 + hn + off) {
        std::ifstream in(file, std::ios::binary);
        std::string stored(8 + hn, '\0');
        in.read(stored.data(), static_cast<std::streamsize>(stored.size()));
        if (stored.compare(8, hn, hs) == 0)
            return false;
    }
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char *>(&hn), 8);
    out << hs;
    std::mt19937_64 rng(1234);
    std::vector<float> buf(1 << 22);
    std::vector<uint16_t> narrow(dtype == Dtype::BF16 ? buf.size() : 0);
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
            if (dtype == Dtype::F32) {
                out.write(reinterpret_cast<const char *>(buf.data()), static_cast<std::streamsize>(m * 4));
            } else {
                std::transform(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(m), narrow.begin(), toBf16);
                out.write(reinterpret_cast<const char *>(narrow.data()), static_cast<std::streamsize>(m * 2));
            }
            done += m;
        }
    }
    if (!out)
        throw std::runtime_error("cannot write " + file.string());
    return true;
}

void Targets::check(const std::string &format, bool pass, const std::string &what)
{
    std::printf("  %-5s %-4s %s\n", format.c_str(), pass ? "PASS" : "FAIL", what.c_str());
    m_failed += pass ? 0 : 1;
}

} // namespace bench
