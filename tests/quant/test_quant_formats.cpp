// The 16-bit conversions and the block quantisation: exact where IEEE says so, within half a step otherwise.
#include "quant/quantized_matrix.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

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

TEST(QuantFormats, BlockQuantisationIsWithinHalfAStep)
{
    std::mt19937 rng(5);
    std::normal_distribution<float> n(0.0f, 0.05f);
    for (const auto [rows, cols] : {std::pair<int64_t, int64_t>{3, 31}, {2, 32}, {4, 95}, {1, 1}}) {
        std::vector<float> w(size_t(rows * cols));
        for (float &v : w)
            v = n(rng);
        w[0] = 0.7f; // an outlier sets its block's scale
        for (WeightFormat f : {WeightFormat::Q8, WeightFormat::Q4}) {
            const QuantizedMatrix q = QuantizedMatrix::fromF32(w.data(), rows, cols, f);
            const MatrixView v = q.view();
            EXPECT_EQ(q.bytes(), matrixBytes(f, rows, cols));
            std::vector<float> back(w.size());
            dequantizeRowsReference(v, 0, rows, back.data());
            for (int64_t r = 0; r < rows; ++r)
                for (int64_t k = 0; k < cols; ++k) {
                    const float d = v.scales[r * v.blocksPerRow() + k / kBlock];
                    EXPECT_LE(std::fabs(back[size_t(r * cols + k)] - w[size_t(r * cols + k)]), d * 0.5f * 1.0001f)
                        << weightFormatName(f) << " " << rows << "x" << cols << " at " << r << "," << k;
                }
        }
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
