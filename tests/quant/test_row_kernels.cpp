// LayerNorm and gelu on raw rows (quant/row_kernels.h), every CPU path, against the computation in long double:
// ragged widths, rows far from zero, the far tails of gelu; and the property the decode step relies on, that a
// value's gelu does not depend on where it lies in the range a thread is given.
#include "quant/row_kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace gc::quant;

namespace {

std::vector<Isa> isas()
{
    std::vector<Isa> out{Isa::Portable};
    if (cpuIsa() != Isa::Portable)
        out.push_back(Isa::Avx2);
    return out;
}

long double exactGelu(float x)
{
    const long double v = x;
    return 0.5L * v * std::erfc(-v / std::sqrt(2.0L));
}

} // namespace

TEST(RowKernels, LayerNormMatchesTheExactComputation)
{
    std::mt19937 rng(11);
    for (const Isa isa : isas())
        for (const int64_t n : {1, 7, 8, 15, 16, 17, 33, 1024, 2048, 2051, 8192}) {
            for (const float offset : {0.0f, 3.0f, -250.0f}) {
                std::normal_distribution<float> d(offset, 1.5f);
                std::vector<float> x(static_cast<size_t>(n)), w(x.size()), b(x.size()), out(x.size());
                for (int64_t i = 0; i < n; ++i) {
                    x[size_t(i)] = d(rng);
                    w[size_t(i)] = 0.5f + float(i % 7) * 0.25f;
                    b[size_t(i)] = float(i % 5) * 0.1f - 0.2f;
                }
                long double mean = 0, var = 0;
                for (const float v : x)
                    mean += v;
                mean /= n;
                for (const float v : x)
                    var += (v - mean) * (v - mean);
                var /= n;
                const long double rstd = 1.0L / std::sqrt(var + 1e-5L);
                for (const bool bias : {true, false}) {
                    layerNormRow(x.data(), n, w.data(), bias ? b.data() : nullptr, 1e-5, out.data(), isa);
                    double worst = 0;
                    for (int64_t i = 0; i < n; ++i) {
                        const long double want = (x[size_t(i)] - mean) * rstd * w[size_t(i)] + (bias ? b[size_t(i)] : 0);
                        worst = std::max(worst, double(std::fabs(out[size_t(i)] - want)));
                    }
                    // the normalised values are O(1); an input 250 from zero keeps ~1e-5 of its precision in float
                    EXPECT_LT(worst, offset == -250.0f ? 1e-4 : 2e-6)
                        << "n " << n << " offset " << offset << " isa " << isaName(isa) << " bias " << bias;
                }
            }
        }
}

TEST(RowKernels, LayerNormMayWriteOverItsInput)
{
    for (const Isa isa : isas()) {
        std::vector<float> x(37), w(37, 2.0f), out(37);
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = float(i) * 0.3f - 4.0f;
        layerNormRow(x.data(), 37, w.data(), nullptr, 1e-5, out.data(), isa);
        layerNormRow(x.data(), 37, w.data(), nullptr, 1e-5, x.data(), isa);
        EXPECT_EQ(x, out) << isaName(isa);
    }
}

TEST(RowKernels, GeluMatchesTheExactComputation)
{
    std::vector<float> x;
    for (float v = -12.0f; v <= 12.0f; v += 0.0037f)
        x.push_back(v);
    for (const float v : {0.0f, -0.0f, 1e-30f, -1e-30f, 1e-6f, -1e-6f, 50.0f, -50.0f, 1e30f, -1e30f})
        x.push_back(v);
    for (const Isa isa : isas()) {
        std::vector<float> y = x;
        geluErf(y.data(), int64_t(y.size()), isa);
        double worstAbs = 0, worstNear = 0, worstFar = 0;
        for (size_t i = 0; i < x.size(); ++i) {
            const long double want = exactGelu(x[i]);
            const double err = double(std::fabs(y[i] - want));
            // absolute against max(1, |x|): erf's own error (1.5e-7) times x / 2, and float rounding
            worstAbs = std::max(worstAbs, err / std::max(1.0, double(std::fabs(x[i]))));
            // the negative tail, relative (1 + erf cancelling would lose it all): 7.1.26's absolute error is a growing
            // part of erfc there, 0.05 % at x = -4 (gelu -1.3e-4), 3 % at x = -12 (gelu -1e-32)
            if (x[i] < -1.0f && std::fabs(want) > 1e-37L)
                (x[i] >= -4.0f ? worstNear : worstFar) = std::max(x[i] >= -4.0f ? worstNear : worstFar,
                                                                  double(err / std::fabs(want)));
        }
        EXPECT_LT(worstAbs, 2e-7) << isaName(isa);
        EXPECT_LT(worstNear, 6e-4) << isaName(isa);
        EXPECT_LT(worstFar, 0.04) << isaName(isa);
    }
}

TEST(RowKernels, GeluOfAValueDoesNotDependOnWhereItLies)
{
    std::mt19937 rng(5);
    std::normal_distribution<float> d(0.0f, 3.0f);
    std::vector<float> x(203);
    for (float &v : x)
        v = d(rng);
    for (const Isa isa : isas()) {
        std::vector<float> whole = x;
        geluErf(whole.data(), int64_t(whole.size()), isa);
        for (const int64_t start : {1, 3, 8, 13, 64, 197}) // ranges starting and ending off the vector lanes
            for (const int64_t len : {1, 2, 5, 9, 6}) {
                if (start + len > int64_t(x.size()))
                    continue;
                std::vector<float> part(x.begin() + start, x.begin() + start + len);
                geluErf(part.data(), len, isa);
                for (int64_t i = 0; i < len; ++i)
                    ASSERT_EQ(part[size_t(i)], whole[size_t(start + i)]) << isaName(isa) << " at " << start + i;
            }
    }
    std::vector<float> nan{std::numeric_limits<float>::quiet_NaN()};
    for (const Isa isa : isas()) {
        std::vector<float> y = nan;
        geluErf(y.data(), 1, isa);
        EXPECT_TRUE(std::isnan(y[0])) << isaName(isa);
    }
}

TEST(RowKernels, OneQueryAttentionMatchesTheExactComputation)
{
    std::mt19937 rng(7);
    std::normal_distribution<float> d(0.0f, 1.0f);
    const float lowest = std::numeric_limits<float>::lowest(), inf = std::numeric_limits<float>::infinity();
    std::vector<float> scratch(512), out(128);
    EXPECT_FALSE(attendOneQuery(scratch.data(), scratch.data(), scratch.data(), 4, 64, nullptr, 0, 8.0f,
                                scratch.data(), out.data(), Isa::Portable)); // the caller's plain path then
    if (cpuIsa() == Isa::Portable)
        GTEST_SKIP() << "no AVX2 here: the kernel declines and the plain path runs";
    for (const int64_t hd : {8, 24, 64, 128, 136})
        for (const int64_t T : {1, 3, 4, 7, 9, 100, 257})
            for (const int maskKind : {0, 1, 2}) { // none; lowest on some keys; -inf on some keys
                std::vector<float> q(static_cast<size_t>(hd)), k(static_cast<size_t>(T * hd)), v(k.size()), mask(static_cast<size_t>(2 * T), 0.0f);
                for (float &x : q)
                    x = d(rng);
                for (float &x : k)
                    x = 3.0f * d(rng);
                for (float &x : v)
                    x = d(rng);
                for (int64_t t = 0; t < T; ++t) // every other entry, the stride the caller gives
                    mask[size_t(2 * t)] = maskKind == 0 || t % 3 != 1 ? -0.5f * float(t % 2) : (maskKind == 1 ? lowest : -inf);
                std::vector<float> scores(static_cast<size_t>(T)), got(static_cast<size_t>(hd));
                const float divisor = std::sqrt(float(hd));
                ASSERT_TRUE(attendOneQuery(q.data(), k.data(), v.data(), T, hd, maskKind ? mask.data() : nullptr, 2,
                                           divisor, scores.data(), got.data()));
                std::vector<long double> s(static_cast<size_t>(T));
                long double top = -INFINITY, sum = 0;
                for (int64_t t = 0; t < T; ++t) {
                    long double dot = 0;
                    for (int64_t j = 0; j < hd; ++j)
                        dot += (long double)q[size_t(j)] * k[size_t(t * hd + j)];
                    s[size_t(t)] = dot / divisor + (maskKind ? mask[size_t(2 * t)] : 0.0f);
                    top = std::max(top, s[size_t(t)]);
                }
                for (long double &x : s)
                    sum += (x = std::exp(x - top));
                for (int64_t j = 0; j < hd; ++j) {
                    long double want = 0;
                    for (int64_t t = 0; t < T; ++t)
                        want += s[size_t(t)] / sum * v[size_t(t * hd + j)];
                    ASSERT_NEAR(got[size_t(j)], double(want), 2e-6) << "hd " << hd << " T " << T << " mask " << maskKind;
                }
            }
}
