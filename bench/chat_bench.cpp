#include "chat_bench.h"

#include "quant/weight_format.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>

namespace bench {

void to_json(nlohmann::json &j, const FormatResult &r)
{
    j = {{"format", r.format}, {"loadS", r.loadS}, {"weightBytes", r.weightBytes}, {"tokenBytes", r.tokenBytes},
         {"visionS", r.visionS}, {"prefillS", r.prefillS}, {"ttft", r.ttft}, {"tokS", r.tokS},
         {"followTtft", r.followTtft}, {"stepBandwidth", r.stepBandwidth}, {"rss", r.rss},
         {"promptTokens", r.promptTokens}, {"newTokens", r.newTokens}, {"followNew", r.followNew},
         {"followReused", r.followReused}};
}

void from_json(const nlohmann::json &j, FormatResult &r)
{
    r.format = j.at("format");
    r.loadS = j.at("loadS");
    r.weightBytes = j.at("weightBytes");
    r.tokenBytes = j.at("tokenBytes");
    r.visionS = j.at("visionS");
    r.prefillS = j.at("prefillS");
    r.ttft = j.at("ttft");
    r.tokS = j.at("tokS");
    r.followTtft = j.at("followTtft");
    r.stepBandwidth = j.at("stepBandwidth");
    r.rss = j.at("rss");
    r.promptTokens = j.at("promptTokens");
    r.newTokens = j.at("newTokens");
    r.followNew = j.at("followNew");
    r.followReused = j.at("followReused");
}

int measureFormat(const Options &o, const TurnPlan &plan)
{
    const std::string &format = o.child;
    gc::runtime::LocalModel model;
    const std::optional<double> loadS = loadModel(model, o);
    if (!loadS)
        return 1;
    FormatResult r;
    r.format = format;
    r.loadS = *loadS;
    r.weightBytes = static_cast<double>(model.info().parameterBytes);
    r.tokenBytes = static_cast<double>(model.info().decodeBytesPerToken);
    std::printf("[%s] load: %.1f s, weights %.3f GB, read per token %.1f MB, RSS so far %.2f GB\n", format.c_str(),
                r.loadS, r.weightBytes / 1e9, r.tokenBytes / 1e6, peakRssBytes() / 1e9);

    gc::runtime::GenerationParams gp;
    if (plan.coldTurn) {
        gp.maxNewTokens = 2;
        const gc::runtime::GenerationResult cold = model.generate(syntheticImage(640, 480, 1), plan.prompt, gp);
        std::printf("[%s] cold first turn: vision %.2f s, prefill %.2f s\n", format.c_str(), cold.visionMs / 1e3,
                    cold.prefillMs / 1e3);
    }
    gp.maxNewTokens = o.newTokens;
    // After each token, a read of 256 MiB: the bandwidth beside the decode steps, its time taken out of theirs.
    // Its memory is left out of the peak RSS: resident from before the turn to its end, it is taken off the peak
    // the turn reached, and the peak is set back once it is freed.
    const double peakBefore = peakRssBytes();
    std::optional<BandwidthProbe> held(std::in_place, 256ll << 20);
    BandwidthProbe &probe = *held;
    gp.onToken = [&](int64_t, const std::string &) { (void)probe.read(); };
    const gc::runtime::GenerationResult g =
        model.generate(syntheticImage(plan.imageWidth, plan.imageHeight, 2), plan.prompt, gp);
    if (!g.status.ok()) {
        std::fprintf(stderr, "%s: generate failed: %s\n", format.c_str(), g.status.message.c_str());
        return 1;
    }
    r.promptTokens = static_cast<int64_t>(g.promptTokens.size());
    r.newTokens = static_cast<int64_t>(g.tokens.size());
    r.visionS = g.visionMs / 1e3;
    r.prefillS = g.prefillMs / 1e3;
    r.ttft = r.visionS + r.prefillS;
    const int64_t steps = r.newTokens - 1; // the first token comes out of the prefill
    r.tokS = steps > 0 ? static_cast<double>(steps) / (g.decodeMs / 1e3 - probe.seconds) : 0;
    r.stepBandwidth = probe.rate();
    const double probeBytes = probe.heldBytes(), peakTurn = std::max(peakBefore, peakRssBytes() - probeBytes);
    held.reset();
    const bool reset = resetPeakRss();
    std::printf("[%s] turn: %lld prompt tokens, vision %.2f s, prefill %.2f s, %lld new tokens at %.2f tok/s; "
                "bandwidth between the steps %.2f GB/s\n",
                format.c_str(), static_cast<long long>(r.promptTokens), r.visionS, r.prefillS,
                static_cast<long long>(r.newTokens), r.tokS, r.stepBandwidth / 1e9);

    gc::runtime::GenerationParams fp;
    fp.maxNewTokens = plan.followUpTokens;
    const gc::runtime::GenerationResult f = model.followUp(plan.followUp, fp);
    if (!f.status.ok()) {
        std::fprintf(stderr, "%s: follow-up failed: %s\n", format.c_str(), f.status.message.c_str());
        return 1;
    }
    r.followTtft = f.prefillMs / 1e3;
    r.followReused = f.reusedTokens;
    r.followNew = static_cast<int64_t>(f.promptTokens.size()) - f.reusedTokens;
    // without the reset the peak still holds the probe's bytes where the turn set it
    r.rss = std::max(peakTurn, reset ? peakRssBytes() : peakRssBytes() - probeBytes);
    if (!reset)
        std::printf("[%s] the peak RSS could not be set back; the follow-up's is taken as at most the turn's\n",
                    format.c_str());
    std::ofstream(resultFile(o, format)) << nlohmann::json(r).dump();
    return 0;
}

std::vector<FormatResult> runFormats(const Options &o, const std::vector<std::string> &formats)
{
    std::vector<FormatResult> results;
    for (const std::string &f : formats) {
        std::printf("\n== %s == (load average %s)\n", f.c_str(), loadAverage().c_str());
        const double before = measureBandwidth();
        const std::optional<nlohmann::json> r = runChild(o, f);
        const double after = measureBandwidth();
        std::printf("[%s] memory read bandwidth before and after: %.2f / %.2f GB/s\n", f.c_str(), before / 1e9,
                    after / 1e9);
        if (!r) {
            std::fprintf(stderr, "%s: the child run failed\n", f.c_str());
            continue;
        }
        results.push_back(r->get<FormatResult>());
        results.back().bandwidthBefore = before;
        results.back().bandwidthAfter = after;
    }
    return results;
}

void printTable(const std::vector<FormatResult> &results, double bandwidth)
{
    std::printf("%-5s %8s %9s %7s %7s %8s %8s %8s %9s %9s %7s %9s %9s %9s %9s\n", "fmt", "weights", "MB/token", "KV MB",
                "load", "vision", "prefill", "TTFT", "decode", "bound", "of", "steps'", "of", "follow-up", "peak RSS");
    std::printf("%-5s %8s %9s %7s %7s %8s %8s %8s %9s %9s %7s %9s %9s %9s %9s\n", "", "GB", "weights", "/token", "s", "s",
                "s", "s", "tok/s", "tok/s", "bound", "GB/s", "theirs", "TTFT s", "GB");
    for (const FormatResult &r : results)
        std::printf("%-5s %8.3f %9.1f %7.1f %7.1f %8.2f %8.2f %8.2f %9.2f %9.2f %6.0f%% %9.2f %8.0f%% %9.3f %9.2f\n",
                    r.format.c_str(), r.weightBytes / 1e9, r.tokenBytes / 1e6, r.cacheBytes / 1e6, r.loadS, r.visionS,
                    r.prefillS, r.ttft, r.tokS, bandwidth / r.stepBytes(), 100.0 * r.tokS / (bandwidth / r.stepBytes()),
                    r.stepBandwidth / 1e9, 100.0 * r.tokS / (r.stepBandwidth / r.stepBytes()), r.followTtft, r.rss / 1e9);
}

int checkTargets(const std::vector<FormatResult> &results, double bandwidth)
{
    const auto f32 = std::find_if(results.begin(), results.end(), [](const FormatResult &r) { return r.format == "f32"; });
    const std::map<std::string, double> speedup = {{"q8", 3.5}, {"q4", 6.0}};
    Targets targets;
    char line[256];
    for (const FormatResult &r : results) {
        const double bound = r.stepBandwidth / r.stepBytes(), runBound = bandwidth / r.stepBytes();
        std::snprintf(line, sizeof line,
                      "decode %.2f tok/s >= 70%% of the steps' bandwidth/bytes-per-token %.2f tok/s = %.2f "
                      "(%.0f%% of the run's highest, %.2f tok/s)",
                      r.tokS, bound, 0.7 * bound, 100.0 * r.tokS / runBound, runBound);
        targets.check(r.format, r.tokS >= 0.7 * bound, line);
        if (auto s = speedup.find(r.format); s != speedup.end() && f32 != results.end()) {
            // at the same bandwidth: each rate over the bandwidth between its own steps (the raw ratio beside it)
            const double same = (r.tokS / r.stepBandwidth) / (f32->tokS / f32->stepBandwidth);
            std::snprintf(line, sizeof line, "decode %.2fx the f32 rate at the same bandwidth >= %.1fx (%.2fx as run)",
                          same, s->second, r.tokS / f32->tokS);
            targets.check(r.format, same >= s->second, line);
            std::snprintf(line, sizeof line, "time to first token %.2f s <= 1.1x f32's %.2f s = %.2f s", r.ttft,
                          f32->ttft, 1.1 * f32->ttft);
            targets.check(r.format, r.ttft <= 1.1 * f32->ttft, line);
        }
        std::snprintf(line, sizeof line, "follow-up turn %.3f s <= 15%% of the first turn's %.2f s = %.3f s (%.1f%%)",
                      r.followTtft, r.ttft, 0.15 * r.ttft, 100.0 * r.followTtft / r.ttft);
        targets.check(r.format, r.followTtft <= 0.15 * r.ttft, line);
        const double rssLimit = 1.15 * r.weightBytes + 300e6;
        std::snprintf(line, sizeof line, "peak RSS %.2f GB <= 1.15 x weights %.2f GB + 0.3 GB = %.2f GB", r.rss / 1e9,
                      r.weightBytes / 1e9, rssLimit / 1e9);
        targets.check(r.format, r.rss <= rssLimit, line);
    }
    return targets.failed();
}

namespace {

// What the weights take in memory in `format`: the matrices in it, the rest (tables, norms, biases, kernels) at
// f32 (the CPU widens them), an estimate that stays on the high side of runtime::weightBudget.
double formatBytes(const std::vector<gc::nn::ExpectedTensor> &tensors, gc::quant::WeightFormat format)
{
    double bytes = 0;
    for (const auto &t : tensors)
        bytes += t.shape.size() == 2 ? static_cast<double>(gc::quant::matrixBytes(format, t.shape[0], t.shape[1]))
                                     : 4.0 * static_cast<double>(parameterCount({t}));
    return bytes;
}

} // namespace

int runBench(const Options &o, const ModelBench &m)
{
    const std::vector<std::string> &formats = o.formats;
    const double memory = physicalMemoryBytes();
    std::vector<std::string> run;
    for (const std::string &f : formats) {
        const double need = formatBytes(m.tensors, *gc::quant::parseWeightFormat(f));
        if (need > memory)
            std::printf("%s: not run: its weights alone take %.1f GB and this machine has %.1f GB of memory\n",
                        f.c_str(), need / 1e9, memory / 1e9);
        else
            run.push_back(f);
    }
    if (run.empty())
        return 1;
    const Machine machine = measureMachine();
    const double gemm = machine.gemm;

    std::filesystem::create_directories(o.dir);
    m.makeFolder(o.dir);
    const double fileBytes = (m.dtype == Dtype::F32 ? 4.0 : 2.0) * static_cast<double>(parameterCount(m.tensors));
    const auto t = Clock::now();
    if (writeRandomWeights(o.dir / "model.safetensors", m.tensors, m.isNorm, m.dtype))
        std::printf("wrote %.2f GB of random weights in %.1f s\n", fileBytes / 1e9, secondsSince(t));
    else
        std::printf("reusing the random weights in %s\n", o.dir.c_str());

    std::vector<FormatResult> results = runFormats(o, run);
    for (FormatResult &r : results) {
        const gc::quant::WeightFormat f = *gc::quant::parseWeightFormat(r.format);
        if (r.tokenBytes == 0) {
            for (const auto &t : m.tensors)
                if (t.shape.size() == 2 && m.readPerToken(t.name))
                    r.tokenBytes += static_cast<double>(gc::quant::matrixBytes(f, t.shape[0], t.shape[1]));
            std::printf("%s: the model does not count its bytes per token; its decoder's and head's matrices make "
                        "%.1f MB\n", r.format.c_str(), r.tokenBytes / 1e6);
        }
        r.cacheBytes = m.cacheBytesPerPosition * (static_cast<double>(r.promptTokens) + 0.5 * static_cast<double>(r.newTokens));
        // The engine counts a 16-bit checkpoint's tensors at their stored size although the CPU widens them.
        const double held = formatBytes(m.tensors, f);
        if (held > 1.05 * r.weightBytes) {
            std::printf("%s: the model reports %.3f GB of weights; the matrices in %s and every other tensor in f32 "
                        "make %.3f GB: the larger is the one compared with\n",
                        r.format.c_str(), r.weightBytes / 1e9, r.format.c_str(), held / 1e9);
            r.weightBytes = held;
        }
    }
    if (!o.keep)
        std::filesystem::remove_all(o.dir);
    if (results.empty()) {
        std::fprintf(stderr, "no format ran\n");
        return 1;
    }
    double bw = machine.bandwidth, lowest = machine.bandwidth;
    for (const FormatResult &r : results) {
        bw = std::max({bw, r.bandwidthBefore, r.bandwidthAfter});
        lowest = std::min({lowest, r.bandwidthBefore, r.bandwidthAfter});
    }
    if (bw > 1.15 * lowest)
        std::printf("\nthe memory read bandwidth varied from %.2f to %.2f GB/s during the run (the host's other "
                    "work)\n", lowest / 1e9, bw / 1e9);
    const FormatResult &base = results.front();
    std::printf("\n%s\nprompt %lld tokens, %lld new tokens, %d threads; memory read bandwidth %.2f GB/s (the highest "
                "measured: \"bound\"; \"steps'\": read between the decode steps of each format's turn), fp32 GEMM "
                "%.1f GFLOP/s (this run)\n\n",
                m.title.c_str(), static_cast<long long>(base.promptTokens), static_cast<long long>(base.newTokens),
                at::get_num_threads(), bw / 1e9, gemm / 1e9);
    printTable(results, bw);
    const double prefill = m.prefillFlops(base.promptTokens);
    std::printf("\n%s vision %.1f GFLOP/s (%.0f%% of the GEMM rate), prefill %.1f GFLOP/s (%.0f%%)\n",
                base.format.c_str(), m.visionFlops / base.visionS / 1e9, 100.0 * m.visionFlops / base.visionS / gemm,
                prefill / base.prefillS / 1e9, 100.0 * prefill / base.prefillS / gemm);
    for (const FormatResult &r : results)
        if (&r != &base)
            std::printf("%s decode rate = %.2f x %s's (%.2f x at the same bandwidth), time to first token %.2f x\n",
                        r.format.c_str(), r.tokS / base.tokS, base.format.c_str(),
                        (r.tokS / r.stepBandwidth) / (base.tokS / base.stepBandwidth), r.ttft / base.ttft);
    std::printf("\ntargets:\n");
    const int failed = checkTargets(results, bw);
    std::printf("\n%d target(s) missed; load average at end %s\n", failed, loadAverage().c_str());
    return 0;
}

} // namespace bench
