// The engine's threaded loop over rows: every index covered exactly once, whatever the pool size, and a slice's
// exception reaching the caller.
#include "quant/parallel_rows.h"

#include <gtest/gtest.h>

#include <omp.h>

#include <atomic>
#include <stdexcept>
#include <thread>
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

// A team's steps (a decode step's layer): each sliced step covers its rows once, each serial step runs once on the
// calling thread, and every step sees all of the step before it done, whatever the pool size.
TEST(ParallelLoops, StepsRunInOrderEachWhole)
{
    const int saved = omp_get_max_threads();
    for (int threads : {1, 2, 3, 7}) {
        omp_set_num_threads(threads);
        const int64_t n = 1000;
        std::vector<int64_t> a(n, 0), b(n, 0);
        int64_t sumOfA = -1, sumOfB = -1;
        int serialRuns = 0;
        bool serialOnCaller = true;
        const auto caller = std::this_thread::get_id();
        gc::quant::runSteps({
            {n, 7, [&](int64_t lo, int64_t hi) { for (int64_t i = lo; i < hi; ++i) a[size_t(i)] += i; }},
            {0, 1, [&](int64_t, int64_t) {
                 ++serialRuns;
                 serialOnCaller = serialOnCaller && std::this_thread::get_id() == caller;
                 sumOfA = 0;
                 for (int64_t v : a)
                     sumOfA += v;
             }},
            {n, 1, [&](int64_t lo, int64_t hi) { for (int64_t i = lo; i < hi; ++i) b[size_t(i)] = a[size_t(n - 1 - i)] + 1; }},
            {0, 1, [&](int64_t, int64_t) {
                 ++serialRuns;
                 sumOfB = 0;
                 for (int64_t v : b)
                     sumOfB += v;
             }},
        });
        EXPECT_EQ(sumOfA, n * (n - 1) / 2) << threads; // each row once, all done before the serial step
        EXPECT_EQ(sumOfB, n * (n - 1) / 2 + n) << threads;
        EXPECT_EQ(serialRuns, 2) << threads;
        EXPECT_TRUE(serialOnCaller) << threads;
    }
    omp_set_num_threads(saved);
}

TEST(ParallelLoops, AStepsExceptionReachesTheCallerAndStopsTheRest)
{
    const int saved = omp_get_max_threads();
    for (int threads : {1, 2}) {
        omp_set_num_threads(threads);
        std::atomic<int> after{0};
        EXPECT_THROW(gc::quant::runSteps({
                         {1000, 1, [](int64_t b, int64_t e) {
                              if (b <= 500 && 500 < e)
                                  throw std::runtime_error("row 500");
                          }},
                         {0, 1, [&](int64_t, int64_t) { ++after; }},
                         {100, 1, [&](int64_t, int64_t) { ++after; }},
                     }),
                     std::runtime_error);
        EXPECT_EQ(after.load(), 0) << threads;
        EXPECT_THROW(gc::quant::runSteps({{0, 1, [](int64_t, int64_t) { throw std::runtime_error("serial"); }},
                                          {100, 1, [&](int64_t, int64_t) { ++after; }}}),
                     std::runtime_error);
        EXPECT_EQ(after.load(), 0) << threads;
    }
    omp_set_num_threads(saved);
}
