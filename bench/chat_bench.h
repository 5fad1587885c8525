#pragma once

// The benchmark of a chat model's turns, shared by Kosmos-2, Qwen2.5-VL and LLaVA: in a child process per weight
// format, a load, an optional cold turn, the timed turn (vision, prefill, decode), a follow-up turn and the peak
// RSS; in the parent, the table of every format against the bandwidth bound and issue 19's targets.

#include "bench_common.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bench {

// What one format's child measured.
struct FormatResult {
    std::string format;
    double loadS = 0, weightBytes = 0, tokenBytes = 0, visionS = 0, prefillS = 0, ttft = 0, tokS = 0, followTtft = 0,
           rss = 0;
    // The memory read bandwidth between the timed turn's decode steps (a 256 MiB read after each token, outside
    // the decode time): the host's bandwidth while the steps ran.
    double stepBandwidth = 0;
    int64_t promptTokens = 0, newTokens = 0, followNew = 0, followReused = 0;
    // Set by the parent, not the child: the memory read bandwidth measured just before and just after its child,
    // and the keys and values a decode step of the timed turn reads on average (ModelBench::cacheBytesPerPosition
    // times the positions it attends to, the prompt's and half the new tokens').
    double bandwidthBefore = 0, bandwidthAfter = 0, cacheBytes = 0;
    // What one decode step reads: the weights and the KV cache.
    [[nodiscard]] double stepBytes() const { return tokenBytes + cacheBytes; }
};
void to_json(nlohmann::json &j, const FormatResult &r);
void from_json(const nlohmann::json &j, FormatResult &r);

struct TurnPlan {
    std::string prompt, followUp;
    int imageWidth = 800, imageHeight = 600;
    // A 2-token turn on another image first, so that the timed turn finds every weight page touched. A large
    // model leaves it out (it would cost a whole vision and prefill pass): its timed turn's first token then
    // includes those page faults, its decode does not (vision and prefill have touched every page).
    bool coldTurn = true;
    int64_t followUpTokens = 4;
};

// The child's part: loads o.dir in o.child, runs `plan` and writes the FormatResult to resultFile(o, o.child).
// Returns the process's exit code.
int measureFormat(const Options &o, const TurnPlan &plan);

// The parent's part: every format in a child of its own, in order, the bandwidth measured before and after each;
// the failed ones are reported and left out.
[[nodiscard]] std::vector<FormatResult> runFormats(const Options &o, const std::vector<std::string> &formats);

// One row per format: weights, bytes read per token (weights, KV cache), load, vision, prefill, TTFT, decode against
// two bounds (`bandwidth`, the run's highest, / bytes per token; the bandwidth read between the format's own decode
// steps / bytes per token), follow-up TTFT, peak RSS.
void printTable(const std::vector<FormatResult> &results, double bandwidth);

// Issue 19's targets that apply to `results` (the speed-up and TTFT ratios only where f32 was measured), PASS or
// FAIL each; returns the number missed. Decode speed is held to the bound from the bandwidth read between the
// format's own steps (FormatResult::stepBandwidth), the run's highest (`bandwidth`) printed beside it: on this VM the
// host's bandwidth swings by 2x for minutes (12.3 to 23.5 GB/s in one run of session 19), so a bound from another
// moment measures the host as much as the code. The speed-ups over f32 likewise compare the rates at the same
// bandwidth (each over its own steps' bandwidth), the ratio as run printed beside it.
int checkTargets(const std::vector<FormatResult> &results, double bandwidth);

// A model's benchmark: its folder, its random checkpoint and what its timed turn computes.
struct ModelBench {
    std::string title; // printed above the table
    // Writes config.json, generation_config.json and processor/ into the folder.
    std::function<void(const std::filesystem::path &dir)> makeFolder;
    std::vector<gc::nn::ExpectedTensor> tensors;
    std::function<bool(const std::string &name)> isNorm; // written as 1 (.weight) and 0 (.bias)
    Dtype dtype = Dtype::F32;                            // of the checkpoint on disk
    double visionFlops = 0;                              // of the timed turn's image, linear layers and attention
    std::function<double(int64_t promptTokens)> prefillFlops;
    // The matrices one decode step reads (the decoder's and the head): what bounds decoding where the
    // architecture does not count its bytes per token itself (ModelInfo::decodeBytesPerToken 0).
    std::function<bool(const std::string &name)> readPerToken;
    // The keys and values (f32, every layer's) one decode step reads for each position it attends to: part of the
    // bytes a step reads, as the weights are (at Kosmos-2's ~100 positions, 5 % of q4's weights).
    double cacheBytesPerPosition = 0;
};

// cacheBytesPerPosition for an f32 cache: a key and a value of kvWidth floats (heads holding keys × head size) in
// each of `layers` layers.
[[nodiscard]] inline double f32CacheBytesPerPosition(int64_t kvWidth, int64_t layers)
{
    return 4.0 * 2.0 * static_cast<double>(kvWidth * layers);
}

// The parent's whole run: the machine's bandwidth and GEMM rate, the checkpoint, every format of o.formats (the
// first is the ratios' base; issue 19's speed-up targets need f32 among them) in a child each, except a format
// whose weights alone would not fit in the machine's memory, which is reported as not run; then the table, the f32
// FLOP rates and the targets. Two bounds: from the highest bandwidth measured in the run (at the start, and before
// and after each child), and from the bandwidth read between the format's decode steps (what the targets use).
// Removes the folder unless o.keep.
int runBench(const Options &o, const ModelBench &m);

} // namespace bench
