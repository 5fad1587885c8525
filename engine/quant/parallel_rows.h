#pragma once

// The engine's own loops over rows (the gemv kernels, widening, packing) on every thread of the OpenMP pool that
// libtorch's operators use, sized by at::set_num_threads.
//
// Not at::parallel_for: that is a header template which only runs in parallel where the calling translation unit
// is compiled with -fopenmp; ours were not, and every kernel ran on one core (bench_quant: the "compute-bound"
// 20-29 GB/s of session 11 were one core's rate; threaded, the same kernels stream 40-58 GB/s).

#include <cstdint>
#include <functional>
#include <vector>

namespace gc::quant {

// Calls body(begin, end) on slices covering [0, n), each at least `grain` long (so a small n runs on the calling
// thread), each a share of the rows still left (so the last are small), handed out in order to whichever thread is
// free. The first exception a slice throws is rethrown here once every running slice has ended; no slice starts
// after it.
void parallelRows(int64_t n, int64_t grain, const std::function<void(int64_t begin, int64_t end)> &body);

// One step of runSteps: body(begin, end) on slices of [0, rows) from every thread, as parallelRows hands them out;
// or, with rows 0, body(0, 0) once on the calling thread alone.
struct Step {
    int64_t rows = 0, grain = 1;
    std::function<void(int64_t begin, int64_t end)> body;
};
// The steps in order inside one parallel region, every thread waiting at a barrier after each: a decode step's
// layer — its serial work and its products — with one fork and join instead of one per product. As many threads
// as the largest sliced step has slices of its grain (at most the pool's): with one, the steps run in order on the
// calling thread and no region is opened. After the first exception no step starts; it is rethrown here once
// every thread has left. parallelRows(n, grain, body) is runSteps({{n, grain, body}}) for n > 0.
void runSteps(const std::vector<Step> &steps);

} // namespace gc::quant
