#include "quant/parallel_rows.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <vector>

namespace gc::quant {

namespace {

// A slice takes 1 / (threads · kGuidedShare) of the rows still left (at least the step's grain).
constexpr int64_t kGuidedShare = 2;

} // namespace

void runSteps(const std::vector<Step> &steps)
{
    // as many threads as the largest sliced step has slices of `grain` rows, at most the pool's: steps too small
    // to share run on the calling thread, without a region
    int64_t most = 1;
    for (const Step &s : steps)
        if (s.rows > 0)
            most = std::max(most, (s.rows + std::max<int64_t>(s.grain, 1) - 1) / std::max<int64_t>(s.grain, 1));
    const int threads = static_cast<int>(std::min<int64_t>(omp_in_parallel() ? 1 : omp_get_max_threads(), most));
    if (threads <= 1) {
        for (const Step &s : steps)
            s.rows == 0 ? s.body(0, 0) : s.body(0, s.rows);
        return;
    }
    std::vector<std::atomic<int64_t>> next(steps.size()); // each sliced step's next row
    for (std::atomic<int64_t> &n : next)
        n.store(0, std::memory_order_relaxed);
    std::atomic<bool> failed{false};
    std::exception_ptr failure;
    std::mutex lock;
    const auto keep = [&] {
        failed.store(true, std::memory_order_relaxed); // no further slices or steps
        const std::lock_guard<std::mutex> guard(lock);
        if (!failure)
            failure = std::current_exception();
    };
#pragma omp parallel num_threads(threads)
    {
        const bool caller = omp_get_thread_num() == 0;
        for (size_t i = 0; i < steps.size(); ++i) {
            const Step &s = steps[i];
            if (s.rows == 0) {
                if (caller && !failed.load(std::memory_order_relaxed)) {
                    try {
                        s.body(0, 0);
                    } catch (...) {
                        keep();
                    }
                }
            } else {
                // Slices handed out as threads ask for them, not one fixed half each: the two threads of a decode
                // step do not run equally fast (perf, Kosmos-2 q4: the second thread took 18 % longer over the same
                // rows, and the first waited for it at the end of every product, 14 % of its time). Each slice is
                // a share of the rows still left (guided), so the last ones are small and the thread that ends
                // first waits for at most a small slice at the barrier: fixed slices of an eighth of a thread's
                // share left it waiting half a slice on average, ~25 us per product of a Kosmos-2 q4 decode step.
                const int64_t g = std::max<int64_t>(s.grain, 1);
                while (!failed.load(std::memory_order_relaxed)) {
                    int64_t begin = next[i].load(std::memory_order_relaxed), end = 0;
                    do {
                        if (begin >= s.rows)
                            break;
                        const int64_t left = s.rows - begin;
                        end = begin + std::min(left, std::max(g, (left + threads * kGuidedShare - 1) / (threads * kGuidedShare)));
                    } while (!next[i].compare_exchange_weak(begin, end, std::memory_order_relaxed));
                    if (begin >= s.rows)
                        break;
                    try {
                        s.body(begin, end);
                    } catch (...) {
                        keep();
                    }
                }
            }
            if (i + 1 < steps.size()) {
#pragma omp barrier
            }
        }
    }
    if (failure)
        std::rethrow_exception(failure);
}

void parallelRows(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)> &body)
{
    if (n > 0)
        runSteps({{n, grain, body}});
}

} // namespace gc::quant
