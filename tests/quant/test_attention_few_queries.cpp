// The few-query attention (a decode step's path, read straight from the cache's rows) against the plain
// computation — matmul, softmax, matmul — on random shapes, cache views, masks and divisors.
#include "nn/attention_few_queries.h"

#include <gtest/gtest.h>

#include <limits>

using gc::nn::attendFewQueries;
using gc::nn::fewQueriesApply;

namespace {

at::Tensor plain(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask, double divisor)
{
    at::Tensor s = at::matmul(q, k.transpose(-1, -2)).div_(divisor);
    if (mask.defined())
        s.add_(mask);
    return at::matmul(at::softmax(s, -1), v);
}

// k and v as a cache holds them: the first T rows of a [B, H, capacity, hd] buffer.
std::pair<at::Tensor, at::Tensor> cacheViews(int64_t B, int64_t H, int64_t T, int64_t hd)
{
    const at::Tensor k = at::randn({B, H, T + 5, hd}), v = at::randn({B, H, T + 5, hd});
    return {k.narrow(2, 0, T), v.narrow(2, 0, T)};
}

void expectClose(const at::Tensor &got, const at::Tensor &want, const std::string &what)
{
    ASSERT_EQ(got.sizes(), want.sizes()) << what;
    const double err = (got - want).abs().max().item<double>();
    EXPECT_LE(err, 1e-4) << what; // scores of unscaled 128-wide random rows reach ±50: float rounding, not a bug
}

} // namespace

TEST(AttentionFewQueries, MatchesThePlainPathOnRandomShapes)
{
    at::manual_seed(7);
    const float lowest = std::numeric_limits<float>::lowest();
    for (int64_t B : {1, 2})
        for (int64_t H : {1, 3, 8})
            for (int64_t M : {1, 2, 5, 16})
                for (int64_t T : {1, 7, 64, 301})
                    for (int64_t hd : {8, 80, 128}) {
                        const auto [k, v] = cacheViews(B, H, T, hd);
                        const at::Tensor q = at::randn({B, H, M, hd});
                        const std::string what = "B" + std::to_string(B) + " H" + std::to_string(H) + " M" +
                                                 std::to_string(M) + " T" + std::to_string(T) + " hd" +
                                                 std::to_string(hd);
                        ASSERT_TRUE(fewQueriesApply(q, k, v, {})) << what;
                        expectClose(attendFewQueries(q, k, v, {}, 1.0), plain(q, k, v, {}, 1.0), what + " no mask");
                        // padding keys masked per row of the batch, broadcast over heads and queries
                        at::Tensor keys = at::zeros({B, 1, 1, T});
                        if (T > 2)
                            keys.narrow(3, 0, T / 3).fill_(lowest);
                        expectClose(attendFewQueries(q, k, v, keys, 11.3), plain(q, k, v, keys, 11.3),
                                    what + " key mask");
                        // a causal-looking mask per query row, one row masked whole (a padding query)
                        at::Tensor rows = at::zeros({B, 1, M, T});
                        for (int64_t i = 0; i < M; ++i)
                            if (const int64_t from = T - M + i + 1; from >= 0 && from < T)
                                rows.select(2, i).narrow(2, from, T - from).fill_(lowest);
                        rows.select(2, 0).fill_(lowest);
                        expectClose(attendFewQueries(q, k, v, rows, 2.0), plain(q, k, v, rows, 2.0),
                                    what + " row mask");
                    }
}

TEST(AttentionFewQueries, AGroupedQueryViewTakesTheSamePath)
{
    // rope_decoder's grouped-query layout: the `group` query heads of a kv head stacked along the rows
    at::manual_seed(3);
    const int64_t B = 2, KV = 2, group = 4, L = 1, T = 40, hd = 16;
    const auto [k, v] = cacheViews(B, KV, T, hd);
    const at::Tensor q = at::randn({B, KV * group, L, hd}).reshape({B, KV, group * L, hd});
    at::Tensor mask = at::zeros({B, 1, 1, L, T});
    mask.select(0, 1).narrow(3, 0, 9).fill_(std::numeric_limits<float>::lowest());
    const at::Tensor rowMask = mask.expand({B, 1, group, L, T}).reshape({B, 1, group * L, T});
    expectClose(attendFewQueries(q, k, v, rowMask, 4.0), plain(q, k, v, rowMask, 4.0), "grouped");
}

TEST(AttentionFewQueries, OtherTensorsAreLeftToThePlainPath)
{
    const at::Tensor k = at::randn({1, 2, 9, 8}), v = at::randn({1, 2, 9, 8});
    EXPECT_FALSE(fewQueriesApply(at::randn({1, 2, gc::nn::kFewQueries + 1, 8}), k, v, {})); // a prompt's rows
    EXPECT_FALSE(fewQueriesApply(at::randn({1, 2, 1, 8}).to(at::kDouble), k, v, {}));
    // keys whose rows are not contiguous (heads split from a [B, T, H·hd] projection)
    const at::Tensor split = at::randn({1, 9, 2, 8}).transpose(1, 2);
    EXPECT_FALSE(fewQueriesApply(at::randn({1, 2, 1, 8}), split, v, {}));
    EXPECT_FALSE(fewQueriesApply(at::randn({1, 2, 1, 8}), k, v, at::zeros({1, 1, 1, 9}, at::kDouble))); // a mask in double
    EXPECT_FALSE(fewQueriesApply(at::randn({1, 3, 1, 8}), k, v, {})); // heads disagree
    EXPECT_THROW((void)attendFewQueries(at::randn({1, 3, 1, 8}), k, v, {}, 1.0), std::invalid_argument);
}
