// Packing stored weights a slice of rows at a time: the bytes of a whole-matrix packing, with a widened scratch
// whose size does not grow with the matrix (a load's peak memory must not hold a large table twice).
#include "quant/quantized_matrix.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <thread>

using namespace gc::quant;

namespace {

// rows × cols weights stored in a 16-bit format, and the same widened to f32.
struct Stored16 {
    std::vector<uint16_t> bits;
    std::vector<float> wide;
};

Stored16 random16(WeightFormat f, int64_t rows, int64_t cols, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> n(0.0f, 0.05f);
    Stored16 s;
    s.bits.resize(size_t(rows * cols));
    s.wide.resize(s.bits.size());
    for (size_t i = 0; i < s.bits.size(); ++i) {
        s.bits[i] = f == WeightFormat::BF16 ? f32ToBf16(n(rng)) : f32ToF16(n(rng));
        s.wide[i] = f == WeightFormat::BF16 ? bf16ToF32(s.bits[i]) : f16ToF32(s.bits[i]);
    }
    return s;
}

void expectSameBytes(const QuantizedMatrix &a, const QuantizedMatrix &b, const std::string &what)
{
    const MatrixView va = a.view(), vb = b.view();
    ASSERT_EQ(a.bytes(), b.bytes()) << what;
    const int64_t scales = scaleBytes(va.format, va.rows, va.cols);
    EXPECT_EQ(std::memcmp(va.data, vb.data, size_t(a.bytes() - scales)), 0) << what;
    if (va.scales)
        EXPECT_EQ(std::memcmp(va.scales, vb.scales, size_t(scales)), 0) << what;
}

const RowRunner twoThreads = [](int64_t rows, const std::function<void(int64_t, int64_t)> &body) {
    std::thread other(body, 0, rows / 2);
    body(rows / 2, rows);
    other.join();
};

} // namespace

TEST(PackSlices, A16BitMatrixIsWidenedOneBoundedSliceAtATime)
{
    const int64_t cols = 700;
    for (WeightFormat stored : {WeightFormat::BF16, WeightFormat::F16}) {
        std::vector<int64_t> widenedByRows;
        for (int64_t rows : {int64_t(5), int64_t(2000), int64_t(6000)}) {
            const Stored16 s = random16(stored, rows, cols, unsigned(rows));
            for (WeightFormat f : {WeightFormat::Q4, WeightFormat::BF16, WeightFormat::F16}) {
                if (f == stored)
                    continue;
                const std::string what = std::string(weightFormatName(stored)) + "→" +
                                         std::string(weightFormatName(f)) + " " + std::to_string(rows) + " rows";
                PackScratch scratch;
                int64_t covered = 0, largestSlice = 0;
                const SliceDone done = [&](int64_t begin, int64_t end) {
                    EXPECT_EQ(begin, covered) << what; // in order, each row once
                    covered = end;
                    largestSlice = std::max(largestSlice, end - begin);
                };
                const QuantizedMatrix sliced =
                    QuantizedMatrix::fromStored({stored, rows, cols, s.bits.data()}, f, twoThreads, done, &scratch);
                EXPECT_EQ(covered, rows) << what;
                EXPECT_LE(largestSlice * cols, kPackSliceFloats) << what;
                EXPECT_GT(scratch.widenedFloats, 0) << what;
                EXPECT_LE(scratch.widenedFloats, kPackSliceFloats) << what;
                expectSameBytes(sliced, QuantizedMatrix::fromF32(s.wide.data(), rows, cols, f), what);
                if (f == WeightFormat::Q4)
                    widenedByRows.push_back(scratch.widenedFloats);
            }
        }
        // The widening is bounded by the slice, not the matrix: the two large ones widen the same amount, and the
        // larger less than a third of itself.
        EXPECT_EQ(widenedByRows[1], widenedByRows[2]);
        EXPECT_LT(widenedByRows[2] * 3, 6000 * cols);
    }
}

TEST(PackSlices, RowsLongerThanASliceAreWidenedOneRowAtATime)
{
    const int64_t rows = 3, cols = kPackSliceFloats + 45;
    const Stored16 s = random16(WeightFormat::BF16, rows, cols, 5);
    PackScratch scratch;
    const QuantizedMatrix q =
        QuantizedMatrix::fromStored({WeightFormat::BF16, rows, cols, s.bits.data()}, WeightFormat::Q4, {}, {}, &scratch);
    EXPECT_EQ(scratch.widenedFloats, cols);
    expectSameBytes(q, QuantizedMatrix::fromF32(s.wide.data(), rows, cols, WeightFormat::Q4), "one row per slice");
}

TEST(PackSlices, F32WeightsAreNeverCopiedWide)
{
    const int64_t rows = 4000, cols = 600;
    std::vector<float> w(size_t(rows * cols));
    std::mt19937 rng(3);
    std::normal_distribution<float> n(0.0f, 0.05f);
    for (float &v : w)
        v = n(rng);
    PackScratch scratch;
    int slices = 0;
    const QuantizedMatrix q = QuantizedMatrix::fromStored({WeightFormat::F32, rows, cols, w.data()}, WeightFormat::Q8,
                                                          {}, [&](int64_t, int64_t) { ++slices; }, &scratch);
    EXPECT_EQ(scratch.widenedFloats, 0);
    EXPECT_GT(slices, 1); // each slice's pages can be dropped as it is done
    expectSameBytes(q, QuantizedMatrix::fromF32Reference(w.data(), rows, cols, WeightFormat::Q8), "f32");
}
