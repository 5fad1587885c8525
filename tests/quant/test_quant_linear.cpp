// nn::linearAny, the f32 product of every layer that is not packed: one input row goes through the f32 gemv
// kernel (bench_quant measured it about twice as fast as at::mv), any other input through ATen. Ragged shapes,
// with and without a bias, strided inputs, and a row that autograd records.
#include "nn/layers.h"
#include "quant/gemv.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>

using namespace gc;

namespace {

const std::pair<int64_t, int64_t> kShapes[] = {{1, 1}, {3, 7}, {5, 31}, {64, 32}, {67, 33}, {130, 100}, {257, 1031}};

// The kernel itself on the row, as linearAny should run it.
at::Tensor kernelRow(const at::Tensor &x, const at::Tensor &w, const at::Tensor &bias)
{
    const quant::MatrixView v{quant::WeightFormat::F32, w.size(0), w.size(1), w.data_ptr<float>()};
    const at::Tensor xc = x.contiguous();
    const quant::PreparedInput in(v.format, xc.data_ptr<float>(), 1, v.cols, v.cols);
    at::Tensor y = at::empty({v.rows});
    quant::gemvRows(v, in, y.data_ptr<float>(), v.rows, 0, v.rows);
    return bias.defined() ? y + bias : y;
}

double relError(const at::Tensor &a, const at::Tensor &ref)
{
    return (a.to(at::kDouble) - ref).norm().item<double>() / std::max(ref.norm().item<double>(), 1e-30);
}

} // namespace

TEST(QuantLinear, OneRowRunsTheF32KernelAndMatchesThePlainProduct)
{
    at::manual_seed(3);
    for (const auto &[rows, cols] : kShapes)
        for (bool withBias : {false, true}) {
            SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(cols) + (withBias ? " with bias" : ""));
            const at::Tensor w = at::randn({rows, cols}), x = at::randn({1, 1, cols});
            const at::Tensor bias = withBias ? at::randn({rows}) : at::Tensor();
            const at::Tensor y = nn::linearAny(x, w, bias);
            ASSERT_EQ(y.sizes(), (std::vector<int64_t>{1, 1, rows}));
            // the same bits as the kernel: this row took the kernel's path
            EXPECT_TRUE(at::equal(y.view({rows}), kernelRow(x.view({cols}), w, bias)));
            at::Tensor plain = at::matmul(x.view({1, cols}).to(at::kDouble), w.to(at::kDouble).t()).view({rows});
            if (withBias)
                plain = plain + bias.to(at::kDouble);
            EXPECT_LT(relError(y.view({rows}), plain), 1e-5);
        }
}

TEST(QuantLinear, StridedRowAndManyRowsGiveTheSameProduct)
{
    at::manual_seed(4);
    const int64_t rows = 67, cols = 33;
    const at::Tensor w = at::randn({rows, cols}), bias = at::randn({rows});
    const at::Tensor xt = at::randn({cols, 5}); // column i is input row i, a strided view
    const at::Tensor many = nn::linearAny(xt.t(), w, bias);
    for (int64_t i = 0; i < xt.size(1); ++i) {
        const at::Tensor strided = xt.select(1, i);
        ASSERT_FALSE(strided.is_contiguous());
        EXPECT_LT(relError(nn::linearAny(strided, w, bias), many[i].to(at::kDouble)), 1e-5) << "row " << i;
    }
}

TEST(QuantLinear, OneRowStillCarriesGradients)
{
    at::manual_seed(5);
    const at::Tensor w = at::randn({9, 13}).requires_grad_(true);
    const at::Tensor x = at::randn({1, 13});
    nn::linearAny(x, w, {}).sum().backward();
    ASSERT_TRUE(w.grad().defined());
    EXPECT_TRUE(at::allclose(w.grad(), x.expand({9, 13})));
}

// A packed matrix larger than the widening buffer (Kosmos-2's output layer is) is widened slice by slice: the
// product of many rows is the same as over the whole matrix widened at once, bias included.
TEST(QuantLinear, ManyRowsThroughAPackedMatrixWiderThanTheBuffer)
{
    at::manual_seed(6);
    const int64_t rows = 4099, cols = 4097; // just over 16 Mi weights: two slices, the second of 4 rows
    const at::Tensor w = at::randn({rows, cols}) * 0.02, bias = at::randn({rows});
    // bf16: packing is a rounding, quick at this size; the slicing is the same for every format
    const quant::QuantizedMatrix q =
        quant::QuantizedMatrix::fromF32(w.data_ptr<float>(), rows, cols, quant::WeightFormat::BF16);
    at::Tensor wide = at::empty({rows, cols});
    quant::dequantizeRowsReference(q.view(), 0, rows, wide.data_ptr<float>());
    const at::Tensor x = at::randn({3, 12, cols}); // 36 rows: the widening path, not the kernel's
    const at::Tensor y = nn::linearPacked(x, q, bias);
    ASSERT_EQ(y.sizes(), (std::vector<int64_t>{3, 12, rows}));
    const at::Tensor plain = at::matmul(x.to(at::kDouble), wide.to(at::kDouble).t()) + bias.to(at::kDouble);
    EXPECT_LT(relError(y, plain), 1e-5);
    EXPECT_LT(relError(y.narrow(2, rows - 4, 4), plain.narrow(2, rows - 4, 4)), 1e-5); // the last slice's rows
    // the buffer it widened into holds one slice, not the matrix, and is given back when asked
    EXPECT_GT(nn::widenScratchBytes(), 0);
    EXPECT_LE(nn::widenScratchBytes(), int64_t(64) << 20);
    EXPECT_LT(nn::widenScratchBytes(), rows * cols * int64_t(sizeof(float)));
    nn::releaseWidenScratch();
    EXPECT_EQ(nn::widenScratchBytes(), 0);
    EXPECT_LT(relError(nn::linearPacked(x, q, bias), plain), 1e-5); // and the next product widens anew
}

// A prompt's few rows against Q8/Q4 weights go through the kernel, which multiplies 8-bit inputs: what those lost
// goes through it too, so the product is the widened weights' product with the inputs as they are (to ~1e-4), not
// the ~0.5 % off that 8-bit inputs alone give. One row (a decode step) keeps 8-bit inputs.
TEST(QuantLinear, APromptsRowsKeepTheirInputsExactAgainstIntegerWeights)
{
    at::manual_seed(7);
    const int64_t rows = 300, cols = 1000;
    const at::Tensor w = at::randn({rows, cols}) * 0.02, bias = at::randn({rows});
    for (quant::WeightFormat f : {quant::WeightFormat::Q8, quant::WeightFormat::Q4}) {
        const quant::QuantizedMatrix q = quant::QuantizedMatrix::fromF32(w.data_ptr<float>(), rows, cols, f);
        at::Tensor wide = at::empty({rows, cols});
        quant::dequantizeRowsReference(q.view(), 0, rows, wide.data_ptr<float>());
        const at::Tensor x = at::randn({4, 5, cols}); // 20 rows: the kernel's path
        const at::Tensor plain = at::matmul(x.to(at::kDouble), wide.to(at::kDouble).t()) + bias.to(at::kDouble);
        EXPECT_LT(relError(nn::linearPacked(x, q, bias), plain), 1e-4) << quant::weightFormatName(f);
        const at::Tensor one = x[0][0].unsqueeze(0);
        const double oneError = relError(nn::linearPacked(one, q, bias), plain[0][0].unsqueeze(0));
        EXPECT_GT(oneError, 1e-4) << "one row multiplies 8-bit inputs";
        EXPECT_LT(oneError, 2e-2);
    }
}

// nn::linearShared: one input against several matrices (a layer's q, k, v) in one pass of the kernel gives each
// product as the layer alone gives it, for every format, ragged row counts, with and without biases; matrices held
// differently, several rows against integer weights, and recorded inputs take the products one by one.
TEST(QuantLinear, SharedInputProductsEqualEachProductAlone)
{
    at::manual_seed(11);
    const int64_t cols = 100;
    const int64_t rows[] = {70, 33, 129};
    std::vector<at::Tensor> weights, biases;
    for (int64_t r : rows) {
        weights.push_back(at::randn({r, cols}) * 0.05);
        biases.push_back(at::randn({r}));
    }
    biases[1] = at::Tensor();
    const auto layersIn = [&](std::optional<quant::WeightFormat> f) {
        std::vector<nn::Linear> out(3);
        for (size_t i = 0; i < 3; ++i) {
            out[i].bias = biases[i];
            if (f)
                out[i].packed = std::make_shared<const quant::QuantizedMatrix>(
                    quant::QuantizedMatrix::fromF32(weights[i].data_ptr<float>(), rows[i], cols, *f));
            else
                out[i].weight = weights[i];
        }
        return out;
    };
    const std::optional<quant::WeightFormat> formats[] = {std::nullopt, quant::WeightFormat::BF16, quant::WeightFormat::F16,
                                                          quant::WeightFormat::Q8, quant::WeightFormat::Q4};
    for (const auto &f : formats) {
        const std::vector<nn::Linear> l = layersIn(f);
        for (const at::Tensor &x : {at::randn({1, 1, cols}), at::randn({1, 3, cols}), at::randn({2, 40, cols})}) {
            const std::vector<at::Tensor> shared = nn::linearShared(x, {&l[0], &l[1], &l[2]});
            ASSERT_EQ(shared.size(), 3u);
            for (size_t i = 0; i < 3; ++i) {
                const at::Tensor alone = l[i](x);
                ASSERT_EQ(shared[i].sizes(), alone.sizes());
                EXPECT_LT(relError(shared[i], alone.to(at::kDouble)), 1e-6)
                    << (f ? quant::weightFormatName(*f) : "f32") << " matrix " << i << " rows " << x.size(1);
            }
        }
    }
    // held differently (f32 beside q8): each alone
    const std::vector<nn::Linear> f32 = layersIn(std::nullopt), q8 = layersIn(quant::WeightFormat::Q8);
    const at::Tensor x = at::randn({1, 1, cols});
    const std::vector<at::Tensor> mixed = nn::linearShared(x, {&f32[0], &q8[1]});
    EXPECT_TRUE(mixed[0].equal(f32[0](x)));
    EXPECT_TRUE(mixed[1].equal(q8[1](x)));
    // a wrong width is refused as the layer alone refuses it
    EXPECT_THROW((void)nn::linearShared(at::randn({1, cols + 1}), {&q8[0], &q8[1]}), std::exception);
}
