#include "quant/parallel_rows.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
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
    static const bool dynamicSplit = std::getenv("GC_DYN") != nullptr;
    if (dynamicSplit) {
        const int64_t g = std::max<int64_t>(grain, 1);
        const int64_t chunk = std::max<int64_t>(g, (n / (int64_t(threads) * 8) + g - 1) / g * g);
        std::atomic<int64_t> next{0};
#pragma omp parallel num_threads(threads)
        {
            try {
                for (int64_t b = next.fetch_add(chunk); b < n; b = next.fetch_add(chunk))
                    body(b, std::min(n, b + chunk));
            } catch (...) {
                const std::lock_guard<std::mutex> guard(lock);
                if (!failure)
                    failure = std::current_exception();
            }
        }
    } else {
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
    }
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace gc::quant
