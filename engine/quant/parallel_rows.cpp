#include "quant/parallel_rows.h"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <mutex>

namespace gc::quant {

void parallelRows(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)> &body)
{
    if (n <= 0)
        return;
    const int64_t most = (n + std::max<int64_t>(grain, 1) - 1) / std::max<int64_t>(grain, 1);
    const int threads = static_cast<int>(std::min<int64_t>(omp_in_parallel() ? 1 : omp_get_max_threads(), most));
    if (threads <= 1) {
        body(0, n);
        return;
    }
    std::exception_ptr failure;
    std::mutex lock;
#pragma omp parallel num_threads(threads)
    {
        const int64_t t = omp_get_thread_num(), count = omp_get_num_threads();
        const int64_t begin = n * t / count, end = n * (t + 1) / count;
        try {
            if (begin < end)
                body(begin, end);
        } catch (...) {
            const std::lock_guard<std::mutex> guard(lock);
            if (!failure)
                failure = std::current_exception();
        }
    }
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace gc::quant
