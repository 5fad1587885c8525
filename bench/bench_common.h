#pragma once

// What every model benchmark shares: its options, one child process per weight format (this program again, its
// result handed back in a JSON file), the machine's own baselines measured in the same run (memory read
// bandwidth, the best fp32 GEMM rate), peak RSS, the load average, a synthetic image, a checkpoint of random
// weights of the real size written without holding it in memory, and the PASS/FAIL lines against targets.

#include "io/image_loader.h"
#include "nn/config_util.h"
#include "runtime/local_model.h"

#include <ATen/Tensor.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

[[nodiscard]] double secondsSince(Clock::time_point t);
// The process's peak resident set so far (VmHWM), bytes.
[[nodiscard]] double peakRssBytes();
// Sets the peak back to the current resident set (writes 5 to /proc/self/clear_refs); false where the kernel
// refuses.
bool resetPeakRss();
// The machine's physical memory (MemTotal), bytes.
[[nodiscard]] double physicalMemoryBytes();
// /proc/loadavg's three averages, "1.23 0.98 0.75".
[[nodiscard]] std::string loadAverage();
// Best of a few full reads of a buffer far larger than the caches, bytes/s.
[[nodiscard]] double measureBandwidth();
// One f32 matrix far larger than the caches, read whole by libtorch's matrix-vector product (the f32 decode's
// own baseline, on the kernels' threads; a plain sum of 64-bit words read half as fast on this VM, bound by its
// instructions) each time read() is called; the reads' bytes and seconds add up. Between a model's decode steps it
// measures the bandwidth those steps had around them: this VM's host can halve it for minutes, so a reading taken
// before or after a run says little about the run itself.
class BandwidthProbe {
public:
    explicit BandwidthProbe(int64_t bytes);
    // One read of the whole matrix; returns its seconds.
    double read();
    double seconds = 0, bytes = 0; // of every read so far
    [[nodiscard]] double rate() const { return seconds > 0 ? bytes / seconds : 0; }
    // What the probe holds in memory (all of it resident from the start).
    [[nodiscard]] double heldBytes() const { return static_cast<double>(matrix_.nbytes() + vector_.nbytes()); }

private:
    at::Tensor matrix_, vector_;
};
// The best rate over square and model-shaped products (x W^T as the layers compute it), FLOP/s; prints each.
[[nodiscard]] double measureGemm();
struct Machine {
    double bandwidth = 0, gemm = 0; // bytes/s, FLOP/s
};
// Both, printed with the thread count and the load average.
[[nodiscard]] Machine measureMachine();
[[nodiscard]] gc::io::RgbImage syntheticImage(int w, int h, int seed);

// What a model bench is run with:
//   NAME [--dir DIR] [--new-tokens N] [--threads N] [--formats f32,bf16,...] [--keep] [--layers N]
// --child FORMAT is the run of one format in a child process (runChild).
struct Options {
    std::filesystem::path dir;
    int64_t newTokens = 16;
    int threads = 0; // 0: libtorch's default
    std::vector<std::string> formats;
    bool keep = false;   // leave the random checkpoint in dir for the next run
    int maxLayers = 0;   // above 0: --layers N (1..maxLayers) is accepted, fewer layers at the real widths
    int layers = 0;      // what --layers gave, else maxLayers
    std::string child;   // the format this process measures, when it is a child
};

// Parses argv over `defaults` (which name the bench's dir, formats and layer count); prints the usage and
// returns nothing for an unknown option or weight format. Sets libtorch's thread count when --threads is given,
// and makes stdout line-buffered so that a table's rows appear as they come, also in a file.
[[nodiscard]] std::optional<Options> parseOptions(int argc, char **argv, Options defaults);

// The file a child writes its JSON result to.
[[nodiscard]] std::filesystem::path resultFile(const Options &o, const std::string &format);
// Runs this program again (posix_spawn, no shell) with --child `format` and the same options, and reads the
// JSON the child wrote to resultFile; nothing when the child failed.
[[nodiscard]] std::optional<nlohmann::json> runChild(const Options &o, const std::string &format);

// Loads `dir` into `model` in the child's format and thread count; the seconds it took, or nothing (the
// reason printed) when the load failed.
[[nodiscard]] std::optional<double> loadModel(gc::runtime::LocalModel &model, const Options &o);

// Copies `files` from `from` into dir/processor (the tiny fixtures' tokenizers stand in for the real ones: only
// the ids' range matters to a timing run).
void copyProcessorFiles(const std::filesystem::path &from, const std::filesystem::path &dir,
                        const std::vector<std::string> &files);

enum class Dtype { F32, BF16 };
// model.safetensors with uniform weights of variance 1/fan_in, and 1/0 for the tensors `isNorm` names, streamed
// through a small buffer so the process never holds the checkpoint itself. Reused as it is when the file
// already holds exactly these tensors in this dtype (a run with --keep before); returns whether it wrote.
bool writeRandomWeights(const std::filesystem::path &file, const std::vector<gc::nn::ExpectedTensor> &tensors,
                        const std::function<bool(const std::string &name)> &isNorm, Dtype dtype = Dtype::F32);
[[nodiscard]] uint64_t parameterCount(const std::vector<gc::nn::ExpectedTensor> &tensors);

// Prints "  FORMAT PASS|FAIL what" and counts the failures.
class Targets {
public:
    void check(const std::string &format, bool pass, const std::string &what);
    [[nodiscard]] int failed() const { return m_failed; }

private:
    int m_failed = 0;
};

} // namespace bench
