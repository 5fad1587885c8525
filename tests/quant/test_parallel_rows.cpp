// The engine's threaded loop over rows: every index covered exactly once, whatever the pool size, and a slice's
// exception reaching the caller.
#include "quant/parallel_rows.h"

#include <gtest/gtest.h>

#include <omp.h>

#include <atomic>
#include <stdexcept>
#include <vector>

using gc::quant::parallelRows;

namespace {

// How many times each index of [0, n) was visited.
std::vector<int> visits(int64_t n, const std::function<void(const std::function<void(int64_t, int64_t)> &)> &run)
{
    std::vector<std::atomic<int>> count(static_cast<size_t>(n));
    run([&](int64_t b, int64_t e) {
        ASSERT_LE(0, b);
        ASSERT_LE(b, e);
        ASSERT_LE(e, n);
        for (int64_t i = b; i < e; ++i)
            ++count[static_cast<size_t>(i)];
    });
    std::vector<int> out;
    for (const auto &c : count)
        out.push_back(c.load());
    return out;
}

} // namespace

TEST(ParallelLoops, EveryIndexOnceForEveryPoolSize)
{
    const int saved = omp_get_max_threads();
    for (int threads : {1, 2, 3, 7}) {
        omp_set_num_threads(threads);
        for (int64_t n : {0, 1, 5, 63, 64, 65, 1000, 4099})
            for (int64_t step : {1, 16, 64, 5000}) {
                const std::vector<int> rows =
                    visits(n, [&](const auto &body) { parallelRows(n, step, body); });
                EXPECT_EQ(rows, std::vector<int>(static_cast<size_t>(n), 1)) << threads << " " << n << " " << step;
            }
    }
    omp_set_num_threads(saved);
}

TEST(ParallelLoops, AnExceptionReachesTheCaller)
{
    const auto throwing = [](int64_t b, int64_t e) {
        if (b <= 500 && 500 < e)
            throw std::runtime_error("row 500");
    };
    EXPECT_THROW(parallelRows(1000, 1, throwing), std::runtime_error);
}
