// The 16-bit conversions and the block quantisation: exact where IEEE says so, within half a step otherwise.
#include "quant/quantized_matrix.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <thread>

using namespace gc::quant;

namespace {

float bits(uint32_t b)
{
    float f;
    std::memcpy(&f, &b, 4);
    return f;
}

} // namespace

TEST(QuantFormats, Bf16RoundsToNearestEven)
{
    EXPECT_EQ(f32ToBf16(1.0f), 0x3f80);
    EXPECT_EQ(f32ToBf16(bits(0x3f808000)), 0x3f80); // halfway, the even neighbour is below
    EXPECT_EQ(f32ToBf16(bits(0x3f818000)), 0x3f82); // halfway, the even neighbour is above
    EXPECT_EQ(f32ToBf16(bits(0x3f808001)), 0x3f81); // just above halfway
    EXPECT_EQ(f32ToBf16(-2.0f), 0xc000);
    EXPECT_TRUE(std::isnan(bf16ToF32(f32ToBf16(std::numeric_limits<float>::quiet_NaN()))));
    EXPECT_TRUE(std::isinf(bf16ToF32(f32ToBf16(std::numeric_limits<float>::infinity()))));
    EXPECT_EQ(bf16ToF32(0x3f81), bits(0x3f810000));
}

TEST(QuantFormats, F16MatchesIeeeHalf)
{
    EXPECT_EQ(f32ToF16(1.0f), 0x3c00);
    EXPECT_EQ(f32ToF16(-2.0f), 0xc000);
    EXPECT_EQ(f32ToF16(65504.0f), 0x7bff);       // the largest half
    EXPECT_EQ(f32ToF16(65519.0f), 0x7bff);       // rounds down to it
    EXPECT_EQ(f32ToF16(65520.0f), 0x7c00);       // rounds up to infinity
    EXPECT_EQ(f32ToF16(std::ldexp(1.0f, -24)), 0x0001); // the smallest subnormal
    EXPECT_EQ(f32ToF16(std::ldexp(1.0f, -26)), 0x0000); // below half of it
    EXPECT_EQ(f32ToF16(std::ldexp(1.0f, -14)), 0x0400); // the smallest normal
    EXPECT_EQ(f32ToF16(1.0f + std::ldexp(1.0f, -11)), 0x3c00); // halfway between 1 and the next half: even
    EXPECT_EQ(f32ToF16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02);
    EXPECT_TRUE(std::isnan(f16ToF32(f32ToF16(std::numeric_limits<float>::quiet_NaN()))));
    // every finite half survives the round trip
    for (uint32_t h = 0; h < 0x10000; ++h) {
        if ((h & 0x7c00) == 0x7c00)
            continue;
        ASSERT_EQ(f32ToF16(f16ToF32(uint16_t(h))), h) << std::hex << h;
    }
}

namespace {

// Σ(w - back)² over block b of row r.
double blockSquaredError(const std::vector<float> &w, const std::vector<float> &back, int64_t cols, int64_t r, int64_t b)
{
    double e = 0;
    for (int64_t k = b * kBlock; k < std::min(cols, (b + 1) * kBlock); ++k)
        e += std::pow(double(w[size_t(r * cols + k)]) - back[size_t(r * cols + k)], 2);
    return e;
}

// The same block quantised with the scale extreme/levels (levels 127 or 7, the old choice), widened back.
double maxScaledSquaredError(const float *x, int64_t n, float levels)
{
    float amax = 0;
    for (int64_t k = 0; k < n; ++k)
        amax = std::max(amax, std::fabs(x[k]));
    double e = 0;
    for (int64_t k = 0; k < n; ++k) {
        const float d = amax / levels;
        e += std::pow(double(x[k]) - d * std::nearbyint(x[k] / d), 2);
    }
    return e;
}

} // namespace

TEST(QuantFormats, BlockQuantisationIsWithinHalfAStepOfItsScale)
{
    std::mt19937 rng(5);
    std::normal_distribution<float> n(0.0f, 0.05f);
    for (const auto [rows, cols] : {std::pair<int64_t, int64_t>{3, 31}, {2, 32}, {4, 95}, {1, 1}, {64, 64}}) {
        std::vector<float> w(size_t(rows * cols));
        for (float &v : w)
            v = n(rng);
        w[0] = 0.7f; // an outlier sets its block's scale
        for (WeightFormat f : {WeightFormat::Q8, WeightFormat::Q4}) {
            const int lo = f == WeightFormat::Q8 ? -127 : -8, hi = f == WeightFormat::Q8 ? 127 : 7;
            const QuantizedMatrix q = QuantizedMatrix::fromF32(w.data(), rows, cols, f);
            const MatrixView v = q.view();
            EXPECT_EQ(q.bytes(), matrixBytes(f, rows, cols));
            std::vector<float> back(w.size());
            dequantizeRowsReference(v, 0, rows, back.data());
            for (int64_t r = 0; r < rows; ++r)
                for (int64_t k = 0; k < cols; ++k) {
                    // Within half a step of the block's own scale, unless clipped at an end of the range.
                    const float d = v.scales[r * v.blocksPerRow() + k / kBlock], x = w[size_t(r * cols + k)];
                    const float l = std::nearbyint(back[size_t(r * cols + k)] / d);
                    const bool clipped = (l == lo && x / d < lo) || (l == hi && x / d > hi);
                    ASSERT_GE(l, lo);
                    ASSERT_LE(l, hi);
                    if (!clipped)
                        EXPECT_LE(std::fabs(back[size_t(r * cols + k)] - x), std::fabs(d) * 0.5f * 1.0001f)
                            << weightFormatName(f) << " " << rows << "x" << cols << " at " << r << "," << k;
                }
            // The chosen scale never does worse than extreme/levels, block by block.
            for (int64_t r = 0; r < rows; ++r)
                for (int64_t b = 0; b < v.blocksPerRow(); ++b) {
                    const int64_t len = std::min(kBlock, cols - b * kBlock);
                    EXPECT_LE(blockSquaredError(w, back, cols, r, b),
                              maxScaledSquaredError(w.data() + r * cols + b * kBlock, len, float(hi)) * 1.0001 + 1e-12)
                        << weightFormatName(f) << " " << rows << "x" << cols << " block " << r << "," << b;
                }
        }
    }
}

TEST(QuantFormats, Q4UsesItsWholeSignedRangeAndLessError)
{
    // Over many Gaussian blocks: -8 occurs, and the squared error is clearly below the extreme/7 choice.
    std::mt19937 rng(11);
    std::normal_distribution<float> n(0.0f, 1.0f);
    const int64_t rows = 256, cols = 256;
    std::vector<float> w(size_t(rows * cols));
    for (float &v : w)
        v = n(rng);
    for (WeightFormat f : {WeightFormat::Q8, WeightFormat::Q4}) {
        const QuantizedMatrix q = QuantizedMatrix::fromF32(w.data(), rows, cols, f);
        const MatrixView v = q.view();
        std::vector<float> back(w.size());
        dequantizeRowsReference(v, 0, rows, back.data());
        double chosen = 0, old = 0;
        int lowest = 0;
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t b = 0; b < v.blocksPerRow(); ++b) {
                chosen += blockSquaredError(w, back, cols, r, b);
                old += maxScaledSquaredError(w.data() + r * cols + b * kBlock, kBlock, f == WeightFormat::Q8 ? 127 : 7);
                for (int64_t k = b * kBlock; k < (b + 1) * kBlock; ++k)
                    lowest = std::min(lowest, int(std::nearbyint(back[size_t(r * cols + k)] / v.scales[r * v.blocksPerRow() + b])));
            }
        std::printf("%s squared error: %.4g chosen, %.4g with extreme/levels\n", weightFormatName(f).data(), chosen, old);
        EXPECT_LT(chosen, old * (f == WeightFormat::Q4 ? 0.8 : 0.95)) << weightFormatName(f);
        if (f == WeightFormat::Q4)
            EXPECT_EQ(lowest, -8);
    }
}

TEST(QuantFormats, ZeroBlocksAndNamesRoundTrip)
{
    const std::vector<float> zeros(64, 0.0f);
    for (WeightFormat f : {WeightFormat::F32, WeightFormat::BF16, WeightFormat::F16, WeightFormat::Q8, WeightFormat::Q4}) {
        const QuantizedMatrix q = QuantizedMatrix::fromF32(zeros.data(), 2, 32, f);
        std::vector<float> back(64, 1.0f);
        dequantizeRowsReference(q.view(), 0, 2, back.data());
        EXPECT_EQ(back, zeros) << weightFormatName(f);
        EXPECT_EQ(parseWeightFormat(weightFormatName(f)), f);
    }
    EXPECT_FALSE(parseWeightFormat("q3").has_value());
}

// Packing on several threads with the scale search in vector lanes gives the bytes of the plain one-thread,
// one-candidate-at-a-time packing, so a cache written by either serves both.
TEST(QuantFormats, FastPackingIsBitIdenticalToTheReference)
{
    std::mt19937 rng(11);
    std::normal_distribution<float> n(0.0f, 0.04f);
    const RowRunner threeThreads = [](int64_t rows, const std::function<void(int64_t, int64_t)> &body) {
        std::vector<std::thread> threads;
        for (int64_t t = 0; t < 3; ++t)
            threads.emplace_back(body, rows * t / 3, rows * (t + 1) / 3);
        for (std::thread &t : threads)
            t.join();
    };
    for (const auto [rows, cols] :
         {std::pair<int64_t, int64_t>{1, 1}, {3, 31}, {5, 33}, {7, 95}, {64, 64}, {37, 2048}, {2, 4097}}) {
        std::vector<float> w(size_t(rows * cols));
        for (float &v : w)
            v = n(rng);
        w[0] = 0.9f;                                           // an outlier
        std::fill(w.begin() + cols / 2, w.begin() + std::min<int64_t>(cols, cols / 2 + 40), 0.0f); // zero blocks
        for (size_t i = 3; i < w.size(); i += 17)
            w[i] = std::ldexp(float(int(i % 9) - 4), -7); // values on the rounding grid: ties
        for (WeightFormat f : {WeightFormat::BF16, WeightFormat::F16, WeightFormat::Q8, WeightFormat::Q4}) {
            const QuantizedMatrix ref = QuantizedMatrix::fromF32Reference(w.data(), rows, cols, f);
            for (const RowRunner &run : {RowRunner(), threeThreads}) {
                const QuantizedMatrix fast = QuantizedMatrix::fromF32(w.data(), rows, cols, f, run);
                const MatrixView a = ref.view(), b = fast.view();
                const int64_t dataBytes = ref.bytes() - (a.scales ? rows * a.blocksPerRow() * 4 : 0);
                EXPECT_EQ(std::memcmp(a.data, b.data, size_t(dataBytes)), 0)
                    << weightFormatName(f) << " " << rows << "x" << cols << (run ? " threaded" : "");
                if (a.scales)
                    EXPECT_EQ(std::memcmp(a.scales, b.scales, size_t(rows * a.blocksPerRow() * 4)), 0)
                        << weightFormatName(f) << " " << rows << "x" << cols << (run ? " threaded" : "");
            }
        }
    }
}
