#include "quant/parallel_rows.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>

namespace gc::quant {

namespace {

constexpr int64_t kSlicesPerThread = 8;

} // namespace

void parallelRows(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)> &body)
{
    if (n <= 0)
        return;
    const int64_t g = std::max<int64_t>(grain, 1), most = (n + g - 1) / g;
    const int threads = static_cast<int>(std::min<int64_t>(omp_in_parallel() ? 1 : omp_get_max_threads(), most));
    if (threads <= 1) {
        body(0, n);
        return;
    }
    // Slices handed out as threads ask for them, not one fixed half each: the two threads of a decode step do not
    // run equally fast (perf, Kosmos-2 q4: the second thread took 18 % longer over the same rows, and the first
    // waited for it at the end of every product, 14 % of its time).
    const int64_t slice = std::max(g, (n + threads * kSlicesPerThread - 1) / (threads * kSlicesPerThread));
    std::atomic<int64_t> next{0};
    std::exception_ptr failure;
    std::mutex lock;
#pragma omp parallel num_threads(threads)
    {
        for (;;) {
            const int64_t begin = next.fetch_add(slice, std::memory_order_relaxed);
            if (begin >= n)
                break;
            try {
                body(begin, std::min(n, begin + slice));
            } catch (...) {
                next.store(n, std::memory_order_relaxed); // no further slices
                const std::lock_guard<std::mutex> guard(lock);
                if (!failure)
                    failure = std::current_exception();
            }
        }
    }
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace gc::quant
