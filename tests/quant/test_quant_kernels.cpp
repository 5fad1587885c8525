// Every kernel against the plain computation: the reference widening of the weights and of the inputs the
// kernel multiplies with (quantised ones for Q8/Q4), then a dot product in double. Random shapes, ragged ones
// included (widths that are not a multiple of the block or of the vector), 1 to 13 inputs.
#include "quant/gemv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

using namespace gc::quant;

namespace {

const WeightFormat kFormats[] = {WeightFormat::F32, WeightFormat::BF16, WeightFormat::F16, WeightFormat::Q8,
                                 WeightFormat::Q4};

std::vector<Isa> isas()
{
    std::vector<Isa> out{Isa::Portable};
    if (cpuIsa() != Isa::Portable)
        out.push_back(Isa::Avx2);
    if (cpuIsa() == Isa::Avx512)
        out.push_back(Isa::Avx512);
    return out;
}

std::vector<float> randomVector(size_t n, std::mt19937 &rng, float sd)
{
    std::normal_distribution<float> d(0.0f, sd);
    std::vector<float> v(n);
    for (float &x : v)
        x = d(rng);
    return v;
}

} // namespace

TEST(QuantKernels, GemvMatchesThePlainComputation)
{
    std::mt19937 rng(11);
    const std::pair<int64_t, int64_t> shapes[] = {{1, 1},   {3, 7},    {5, 31},  {4, 32},  {7, 33},
                                                  {17, 100}, {9, 257}, {6, 1029}, {33, 64}, {2, 4096}, {70, 4099}};
    for (const auto &[rows, cols] : shapes)
        for (int64_t m : {1, 2, 3, 4, 5, 7, 13}) { // beyond 4 inputs rows go a cache-sized tile at a time (70x4099: 9)
            const std::vector<float> w = randomVector(size_t(rows * cols), rng, 0.1f);
            const int64_t ldx = cols + 3; // inputs with a stride, as rows of a bigger tensor
            const std::vector<float> x = randomVector(size_t(m * ldx), rng, 1.0f);
            for (WeightFormat f : kFormats) {
                const QuantizedMatrix q = QuantizedMatrix::fromF32(w.data(), rows, cols, f);
                std::vector<float> wide(size_t(rows * cols));
                dequantizeRowsReference(q.view(), 0, rows, wide.data());
                const PreparedInput in(f, x.data(), m, ldx, cols);
                for (Isa isa : isas()) {
                    const int64_t ldy = rows + 2;
                    std::vector<float> y(size_t(m * ldy), -7.0f);
                    gemvRows(q.view(), in, y.data(), ldy, 0, rows, isa);
                    for (int64_t i = 0; i < m; ++i)
                        for (int64_t r = 0; r < rows; ++r) {
                            double ref = 0, mag = 0;
                            for (int64_t k = 0; k < cols; ++k) {
                                ref += double(wide[size_t(r * cols + k)]) * in.effective(i, k);
                                mag += std::fabs(double(wide[size_t(r * cols + k)]) * in.effective(i, k));
                            }
                            ASSERT_NEAR(y[size_t(i * ldy + r)], ref, 2e-6 * mag + 1e-7)
                                << weightFormatName(f) << " " << isaName(isa) << " " << rows << "x" << cols
                                << " m=" << m << " input " << i << " row " << r;
                        }
                    for (int64_t i = 0; i < m; ++i) // the padding between output rows is not written
                        for (int64_t r = rows; r < ldy; ++r)
                            ASSERT_EQ(y[size_t(i * ldy + r)], -7.0f);
                }
            }
        }
}

TEST(QuantKernels, ARowRangeWritesOnlyItsRows)
{
    std::mt19937 rng(3);
    const int64_t rows = 40, cols = 70;
    const std::vector<float> w = randomVector(size_t(rows * cols), rng, 0.1f);
    const std::vector<float> x = randomVector(size_t(2 * cols), rng, 1.0f);
    // one input (a decode step: rows are taken several at a time) and two; odd splits put a row first, last or
    // alone in its group, and it must come out the same
    for (int64_t m : {1, 2})
        for (WeightFormat f : kFormats)
            for (Isa isa : isas()) {
                const QuantizedMatrix q = QuantizedMatrix::fromF32(w.data(), rows, cols, f);
                const PreparedInput in(f, x.data(), m, cols, cols);
                std::vector<float> whole(size_t(m * rows)), parts(size_t(m * rows), NAN);
                gemvRows(q.view(), in, whole.data(), rows, 0, rows, isa);
                for (int64_t b = 0; b < rows; b += 13) // as threads split the rows
                    gemvRows(q.view(), in, parts.data(), rows, b, std::min(rows, b + 13), isa);
                EXPECT_EQ(parts, whole) << weightFormatName(f) << " " << isaName(isa) << " m=" << m;
            }
}

TEST(QuantKernels, WeightsOffTheCacheLineGiveTheSameProducts)
{
    // f32 and 16-bit matrices are used in place in a memory-mapped checkpoint, at whatever offset the file puts
    // them: the products must not change with it (the same checkpoint as .bin and .safetensors gives the same
    // logits), so the kernel chosen cannot depend on the alignment.
    std::mt19937 rng(5);
    const int64_t rows = 9, cols = 160;
    const std::vector<float> w = randomVector(size_t(rows * cols), rng, 0.1f);
    const std::vector<float> x = randomVector(size_t(cols), rng, 1.0f);
    for (WeightFormat f : {WeightFormat::F32, WeightFormat::BF16, WeightFormat::F16}) {
        const QuantizedMatrix q = QuantizedMatrix::fromF32(w.data(), rows, cols, f);
        const MatrixView aligned = q.view();
        std::vector<uint8_t> shifted(size_t(q.bytes()) + 64);
        uint8_t *at = shifted.data() + (64 - reinterpret_cast<uintptr_t>(shifted.data()) % 64) % 64 + 8;
        std::memcpy(at, aligned.data, size_t(q.bytes()));
        MatrixView off = aligned;
        off.data = at;
        const PreparedInput in(f, x.data(), 1, cols, cols);
        for (Isa isa : isas()) {
            std::vector<float> a(static_cast<size_t>(rows)), b(static_cast<size_t>(rows));
            gemvRows(aligned, in, a.data(), rows, 0, rows, isa);
            gemvRows(off, in, b.data(), rows, 0, rows, isa);
            EXPECT_EQ(a, b) << weightFormatName(f) << " " << isaName(isa);
        }
    }
}

TEST(QuantKernels, FastWideningIsBitExact)
{
    std::mt19937 rng(8);
    for (const auto &[rows, cols] : {std::pair<int64_t, int64_t>{5, 77}, {3, 64}, {2, 9}}) {
        const std::vector<float> w = randomVector(size_t(rows * cols), rng, 0.3f);
        for (WeightFormat f : kFormats)
            for (Isa isa : isas()) {
                const QuantizedMatrix q = QuantizedMatrix::fromF32(w.data(), rows, cols, f);
                std::vector<float> ref(size_t(rows * cols)), fast(size_t((rows - 1) * cols));
                dequantizeRowsReference(q.view(), 0, rows, ref.data());
                dequantizeRows(q.view(), 1, rows, fast.data(), isa);
                EXPECT_EQ(std::vector<float>(ref.begin() + cols, ref.end()), fast)
                    << weightFormatName(f) << " " << isaName(isa) << " " << rows << "x" << cols;
            }
    }
}

TEST(QuantKernels, SmallFormatsStayCloseToF32)
{
    // A layer's output in each format against the f32 weights and inputs it came from: the error the format
    // costs, the inputs' quantisation included.
    std::mt19937 rng(21);
    const int64_t rows = 256, cols = 1024;
    const std::vector<float> w = randomVector(size_t(rows * cols), rng, 0.03f);
    const std::vector<float> x = randomVector(size_t(cols), rng, 1.0f);
    std::vector<float> exact(static_cast<size_t>(rows));
    gemvRows(QuantizedMatrix::fromF32(w.data(), rows, cols, WeightFormat::F32).view(),
             PreparedInput(WeightFormat::F32, x.data(), 1, cols, cols), exact.data(), rows, 0, rows, Isa::Portable);
    double norm = 0;
    for (float v : exact)
        norm += double(v) * v;
    for (const auto &[f, bound] : {std::pair<WeightFormat, double>{WeightFormat::BF16, 0.005}, {WeightFormat::F16, 0.005},
                                   {WeightFormat::Q8, 0.01}, {WeightFormat::Q4, 0.12}}) {
        std::vector<float> y(static_cast<size_t>(rows));
        gemvRows(QuantizedMatrix::fromF32(w.data(), rows, cols, f).view(), PreparedInput(f, x.data(), 1, cols, cols),
                 y.data(), rows, 0, rows);
        double err = 0;
        for (int64_t r = 0; r < rows; ++r)
            err += (double(y[size_t(r)]) - exact[size_t(r)]) * (double(y[size_t(r)]) - exact[size_t(r)]);
        EXPECT_LT(std::sqrt(err / norm), bound) << weightFormatName(f);
    }
}

TEST(QuantKernels, InputQuantisingIsBitExact)
{
    if (cpuIsa() == Isa::Portable)
        GTEST_SKIP() << "no AVX2 on this CPU";
    std::mt19937 rng(19);
    std::vector<float> x = randomVector(size_t(kBlock) * 64, rng, 3.0f);
    // blocks that try the rounding and the edges: all zero, exact halves (ties go to even), one huge value
    std::fill(x.begin(), x.begin() + kBlock, 0.0f);
    for (int64_t j = 0; j < kBlock; ++j) // max 127: scale 1, so each x.5 is a tie
        x[size_t(kBlock + j)] = j == 0 ? 127.0f : float(j - 16) + 0.5f;
    x[size_t(2 * kBlock + 5)] = 1e30f;
    x[size_t(3 * kBlock + 7)] = -1e-30f;
    const int64_t nb = int64_t(x.size()) / kBlock;
    std::vector<int8_t> q1(x.size()), q2(x.size());
    std::vector<float> s1(static_cast<size_t>(nb)), s2(static_cast<size_t>(nb));
    std::vector<int32_t> c1(static_cast<size_t>(nb)), c2(static_cast<size_t>(nb));
    detail::quantizeBlocksReference(x.data(), nb, q1.data(), s1.data(), c1.data());
    detail::quantizeBlocksAvx2(x.data(), nb, q2.data(), s2.data(), c2.data());
    EXPECT_EQ(q1, q2);
    EXPECT_EQ(c1, c2);
    EXPECT_EQ(0, std::memcmp(s1.data(), s2.data(), s1.size() * sizeof(float)));
    // the ties really were ties: some value rounded to even
    bool tie = false;
    for (int64_t j = 0; j < kBlock; ++j) {
        const float v = x[size_t(kBlock + j)] / s1[1];
        tie = tie || std::fabs(v - std::trunc(v)) == 0.5f;
    }
    EXPECT_TRUE(tie);
}
