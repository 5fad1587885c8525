// The weight-format kernels alone, on layer-sized matrices: decode (one input row) as effective weight bytes
// read per second against this machine's read bandwidth and libtorch's gemv (at::mv, and nn::linearAny, which
// takes the f32 kernel for one row), and prefill (many rows) against libtorch's f32 GEMM, all measured in the
// same run; q4 products by matrix size (what a product costs beyond its bytes); then load-time packing, the plain one-thread one-candidate-at-a-time reference against the packing
// a load runs (scale candidates in vector lanes, rows on every thread).
//   build/bench/bench_quant [--threads N] [--packing-only | --decode-only]

#include "bench_common.h"
#include "nn/layers.h"
#include "quant/gemv.h"
#include "quant/parallel_rows.h"
#include "quant/thread_count.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>

using namespace bench;
using namespace gc::quant;

namespace {

// y = x Wᵀ over `threads` slices of W's rows.
void gemvThreaded(const MatrixView &w, const float *x, int64_t m, float *y, Isa isa = bestIsa())
{
    const PreparedInput in(w.format, x, m, w.cols, w.cols);
    gc::quant::parallelRows(w.rows, 64, [&](int64_t b, int64_t e) { gemvRows(w, in, y, w.rows, b, e, isa); });
}

// The whole layer widened into a reused buffer, then libtorch's f32 GEMM.
at::Tensor prefill(const MatrixView &w, const at::Tensor &x, at::Tensor &buffer)
{
    float *buf = buffer.data_ptr<float>();
    gc::quant::parallelRows(w.rows, 64, [&](int64_t b, int64_t e) { dequantizeRows(w, b, e, buf + b * w.cols); });
    return at::linear(x, buffer);
}

template <class F>
double best(int reps, F &&f)
{
    double b = 1e30;
    for (int i = 0; i < reps; ++i) {
        const auto t = Clock::now();
        f();
        b = std::min(b, secondsSince(t));
    }
    return b;
}

// The matrices of one Kosmos-2 text layer (q, k, v, out 2048x2048; fc1 8192x2048, fc2 2048x8192) and one vision
// layer (1024-wide, 4096 MLP) packed per format; the model has 24 of each, so the load takes 24 times as long.
void benchPacking()
{
    std::vector<at::Tensor> layer;
    for (const auto [rows, cols] : {std::pair<int64_t, int64_t>{2048, 2048}, {2048, 2048}, {2048, 2048}, {2048, 2048},
                                    {8192, 2048}, {2048, 8192}, {1024, 1024}, {1024, 1024}, {1024, 1024}, {1024, 1024},
                                    {4096, 1024}, {1024, 4096}})
        layer.push_back(at::randn({rows, cols}) * 0.02);
    const RowRunner threaded = [](int64_t n, const std::function<void(int64_t, int64_t)> &body) {
        gc::quant::parallelRows(n, 16, body);
    };
    const auto packAll = [&](WeightFormat f, bool reference, const RowRunner &run) {
        for (const at::Tensor &w : layer) {
            const float *p = w.data_ptr<float>();
            (void)(reference ? QuantizedMatrix::fromF32Reference(p, w.size(0), w.size(1), f)
                             : QuantizedMatrix::fromF32(p, w.size(0), w.size(1), f, run));
        }
    };
    std::printf("\npacking one text + one vision layer of Kosmos-2 (x24 for the model), ms\n");
    std::printf("  %-5s %12s %12s %12s %9s %16s\n", "fmt", "reference", "lanes 1 thr", "lanes+thr", "speedup",
                "model: before→after s");
    for (WeightFormat f : {WeightFormat::BF16, WeightFormat::Q8, WeightFormat::Q4}) {
        const double before = best(2, [&] { packAll(f, true, {}); });
        const double lanes = best(2, [&] { packAll(f, false, {}); });
        const double after = best(2, [&] { packAll(f, false, threaded); });
        std::printf("  %-5s %12.1f %12.1f %12.1f %8.1fx %8.1f → %5.1f\n", std::string(weightFormatName(f)).c_str(),
                    before * 1e3, lanes * 1e3, after * 1e3, before / after, 24 * before, 24 * after);
    }
}

// One q4 product against the size of its matrix: each size streams the same 256 MB through matrices of that many
// rows (one parallel region each), so what a product costs beyond its bytes shows as a lower rate. Kosmos-2's
// decode steps are products of 2.6 MB (q, k, v, out) and 10.5 MB (fc1, fc2) in q4. Then an empty region: the
// threads' fork and join alone.
void benchProductSize(double bandwidth)
{
    std::printf("\nq4 decode products by matrix size (256 MB streamed per size, best of 5)\n");
    std::printf("  %8s %10s %8s %10s %13s %14s\n", "rows", "MB each", "count", "GB/s", "of bandwidth", "us per product");
    const int64_t cols = 2048;
    const at::Tensor x = at::randn({1, cols});
    std::vector<float> y(size_t(32768));
    for (const int64_t rows : {512, 2048, 8192, 32768}) {
        const at::Tensor w = at::randn({rows, cols}) * 0.02;
        const QuantizedMatrix one = QuantizedMatrix::fromF32(w.data_ptr<float>(), rows, cols, WeightFormat::Q4);
        const int64_t count = (int64_t(256) << 20) / one.bytes();
        std::vector<QuantizedMatrix> qs; // copies: each its own memory, as a model's matrices are
        for (int64_t i = 0; i < count; ++i)
            qs.push_back(one);
        const double t = best(5, [&] {
            for (const QuantizedMatrix &q : qs)
                gemvThreaded(q.view(), x.data_ptr<float>(), 1, y.data());
        });
        const double bytes = double(count * one.bytes());
        std::printf("  %8lld %10.2f %8lld %10.2f %12.0f%% %14.1f\n", (long long)rows, one.bytes() / 1e6,
                    (long long)count, bytes / t / 1e9, 100.0 * bytes / t / bandwidth, t / double(count) * 1e6);
    }
    std::atomic<int64_t> sink{0};
    const int regions = 20000;
    const double empty = best(3, [&] {
        for (int i = 0; i < regions; ++i)
            gc::quant::parallelRows(4096, 64, [&](int64_t b, int64_t e) { sink += e - b; });
    });
    std::printf("  an empty parallel region (fork, 16 slices, join): %.1f us\n", empty / regions * 1e6);
}

// The decode kernels' own ceiling: one input row against a matrix that stays in each core's L2 (about 512 KB),
// over and over, so that memory is out of the way. Below the machine's bandwidth, a format cannot stream its
// weights at the bandwidth whatever the memory does (on one thread, and on every thread with its share of rows).
void benchFromCache(double bandwidth)
{
    std::printf("\ndecode kernels from the cache (one row against ~512 KB per thread, best of 5 x 1000 products)\n");
    std::printf("  %-5s %8s %14s %14s %16s\n", "fmt", "KB", "1 thread GB/s", "threads GB/s", "of bandwidth");
    const int64_t cols = 2048;
    const at::Tensor x = at::randn({1, cols});
    for (WeightFormat f : {WeightFormat::F32, WeightFormat::BF16, WeightFormat::F16, WeightFormat::Q8, WeightFormat::Q4}) {
        const double rowBytes = double(matrixBytes(f, 1, cols));
        const int64_t threads = at::get_num_threads();
        const int64_t rows = std::max<int64_t>(64, int64_t((512 << 10) / rowBytes) / 64 * 64);
        const at::Tensor w = at::randn({rows * threads, cols}) * 0.02;
        const QuantizedMatrix one = QuantizedMatrix::fromF32(w.data_ptr<float>(), rows, cols, f);
        const QuantizedMatrix all = QuantizedMatrix::fromF32(w.data_ptr<float>(), rows * threads, cols, f);
        const PreparedInput in(f, x.data_ptr<float>(), 1, cols, cols);
        std::vector<float> y(size_t(rows * threads));
        const int reps = 1000;
        const double single = best(5, [&] {
            for (int i = 0; i < reps; ++i)
                gemvRows(one.view(), in, y.data(), rows, 0, rows);
        });
        const double every = best(5, [&] {
            // a thread each, each on its own rows every time (plain threads: the split stays put, whatever a
            // runtime's scheduling would do with two chunks); the calling thread takes the first rows
            const auto part = [&](int64_t t) {
                for (int i = 0; i < reps; ++i)
                    gemvRows(all.view(), in, y.data(), rows * threads, t * rows, (t + 1) * rows);
            };
            std::vector<std::thread> others;
            for (int64_t t = 1; t < threads; ++t)
                others.emplace_back(part, t);
            part(0);
            for (std::thread &t : others)
                t.join();
        });
        const double oneRate = reps * double(one.bytes()) / single, allRate = reps * double(all.bytes()) / every;
        std::printf("  %-5s %8.0f %14.2f %14.2f %15.0f%%\n", std::string(weightFormatName(f)).c_str(),
                    one.bytes() / 1024.0, oneRate / 1e9, allRate / 1e9, 100.0 * allRate / bandwidth);
    }
}

} // namespace

int main(int argc, char **argv)
{
    bool packingOnly = false, decodeOnly = false;
    int threads = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--threads" && i + 1 < argc)
            threads = std::max(0, std::stoi(argv[++i]));
        else if (a == "--packing-only")
            packingOnly = true;
        else if (a == "--decode-only")
            decodeOnly = true;
        else {
            std::fprintf(stderr, "usage: bench_quant [--threads N] [--packing-only | --decode-only]\n");
            return 2;
        }
    }
    at::set_num_threads(gc::quant::chooseThreadCount(threads, at::get_num_threads()));
    if (packingOnly) {
        std::printf("threads %d\n", at::get_num_threads());
        benchPacking();
        return 0;
    }
    std::printf("kernels: %s, threads %d\n", isaName(bestIsa()), at::get_num_threads());
    const double bw = measureBandwidth();
    const double gemm = measureGemm();
    std::printf("memory read bandwidth: %.2f GB/s\nfp32 GEMM (best shape): %.1f GFLOP/s\n\n", bw / 1e9, gemm / 1e9);

    // 16 layers the shape of Kosmos-2's fc1 (1 GiB in f32): decoding reads them all, far beyond any cache
    const int64_t rows = 8192, cols = 2048, layers = 16;
    std::vector<at::Tensor> wf;
    for (int64_t l = 0; l < layers; ++l)
        wf.push_back(at::randn({rows, cols}) * 0.02);
    at::Tensor x1 = at::randn({1, cols});
    // BLAS gemv through at::mv (what nn::Linear ran for one row before the f32 kernel), and nn::linearAny as
    // nn::Linear runs one row now
    const double f32Torch = best(5, [&] {
        for (const at::Tensor &w : wf)
            (void)at::mv(w, x1.view({-1}));
    });
    const double f32Linear = best(5, [&] {
        for (const at::Tensor &w : wf)
            (void)gc::nn::linearAny(x1, w, {});
    });
    const double f32Bytes = double(layers * rows * cols * 4);
    std::printf("decode: one input row through %lld layers of %lldx%lld\n", (long long)layers, (long long)rows, (long long)cols);
    std::printf("  %-5s %8s %10s %10s %13s\n", "fmt", "MB", "ms", "GB/s", "of bandwidth");
    std::printf("  %-5s %8.1f %10.2f %10.2f %12.0f%%  libtorch at::mv\n", "f32", f32Bytes / 1e6, f32Torch * 1e3,
                f32Bytes / f32Torch / 1e9, 100.0 * f32Bytes / f32Torch / bw);
    std::printf("  %-5s %8.1f %10.2f %10.2f %12.0f%%  nn::linearAny (nn::Linear's f32 row): %.2fx at::mv's rate\n", "f32",
                f32Bytes / 1e6, f32Linear * 1e3, f32Bytes / f32Linear / 1e9, 100.0 * f32Bytes / f32Linear / bw,
                f32Torch / f32Linear);
    at::Tensor xs = at::randn({512, cols});
    const double f32Prefill = best(3, [&] { (void)at::linear(xs, wf[0]); });
    std::vector<std::pair<WeightFormat, std::vector<QuantizedMatrix>>> formats;
    for (WeightFormat f : {WeightFormat::F32, WeightFormat::BF16, WeightFormat::F16, WeightFormat::Q8, WeightFormat::Q4}) {
        std::vector<QuantizedMatrix> qs;
        for (const at::Tensor &w : wf)
            qs.push_back(QuantizedMatrix::fromF32(w.data_ptr<float>(), rows, cols, f));
        std::vector<float> y(static_cast<size_t>(rows));
        double bytes = 0;
        for (const QuantizedMatrix &q : qs)
            bytes += double(q.bytes());
        // every vector kernel this CPU runs, in turns (best of 5, twice each), so that their ratio is one moment's
        std::vector<Isa> isas;
        if (bestIsa() != Isa::Portable)
            isas.push_back(Isa::Avx2);
        if (bestIsa() == Isa::Avx512 && f != WeightFormat::F32) // f32 stays with AVX2 (quant/gemv.cpp)
            isas.push_back(Isa::Avx512);
        if (isas.empty())
            isas.push_back(Isa::Portable);
        std::vector<double> times(isas.size(), 1e30);
        for (int round = 0; round < 2; ++round)
            for (size_t k = 0; k < isas.size(); ++k)
                times[k] = std::min(times[k], best(5, [&] {
                                        for (const QuantizedMatrix &q : qs)
                                            gemvThreaded(q.view(), x1.data_ptr<float>(), 1, y.data(), isas[k]);
                                    }));
        for (size_t k = 0; k < isas.size(); ++k) {
            const double t = times[k];
            std::printf("  %-5s %8.1f %10.2f %10.2f %12.0f%%  %s kernel: %.2fx at::mv's f32 rate\n",
                        std::string(weightFormatName(f)).c_str(), bytes / 1e6, t * 1e3, bytes / t / 1e9,
                        100.0 * bytes / t / bw, isaName(isas[k]), f32Torch / t);
        }
        qs.resize(4); // the products below need a few layers
        formats.push_back({f, std::move(qs)});
    }
    benchProductSize(bw);
    benchFromCache(bw);
    if (decodeOnly)
        return 0;
    wf.resize(1);
    std::printf("\nprefill: 512 input rows through one layer (libtorch f32: %.1f ms, %.0f%% of the GEMM rate)\n",
                f32Prefill * 1e3, 100.0 * 2.0 * 512 * rows * cols / f32Prefill / gemm);
    at::Tensor buffer = at::empty({rows, cols});
    for (const auto &[f, qs] : formats) {
        const double t = best(3, [&] { (void)prefill(qs.front().view(), xs, buffer); });
        std::printf("  %-5s %10.1f ms = %.2fx the f32 time\n", std::string(weightFormatName(f)).c_str(), t * 1e3, t / f32Prefill);
    }
    // Where the kernel (each weight read once, inputs taken 4 at a time from the cache) stops beating widening plus
    // the f32 GEMM: a follow-up turn's prompt is a few to a few dozen tokens.
    std::printf("\nfew input rows through 4 layers: gemv kernel (%s) against widening + f32 GEMM, ms\n",
                isaName(bestIsa()));
    std::printf("  %-5s", "fmt");
    const int64_t ms[] = {1, 4, 8, 16, 24, 32, 48, 64};
    for (int64_t m : ms)
        std::printf(" %15lld", (long long)m);
    std::printf("\n");
    for (const auto &[f, qs] : formats) {
        std::printf("  %-5s", std::string(weightFormatName(f)).c_str());
        for (int64_t m : ms) {
            const at::Tensor x = at::randn({m, cols});
            std::vector<float> y(static_cast<size_t>(m * rows));
            const double kernel = best(3, [&] {
                for (const QuantizedMatrix &q : qs)
                    gemvThreaded(q.view(), x.data_ptr<float>(), m, y.data());
            });
            const double widened = best(3, [&] {
                for (const QuantizedMatrix &q : qs)
                    (void)prefill(q.view(), x, buffer);
            });
            std::printf(" %7.1f / %-6.1f", kernel * 1e3, widened * 1e3);
        }
        std::printf("\n");
    }
    formats.clear();
    wf.clear();
    benchPacking();
    return 0;
}
