// rope_scaling from the config in the shared rotary decoder: for none, linear, dynamic and llama3, the inverse
// frequencies and the logits of a prefill and three cached steps against the NumPy computation of
// tests/data/make_llava_batch.py (transformers' modeling_rope_utils formulas), on llava-tiny-gqa's decoder. The
// positions start beyond max_position_embeddings, so each scaling changes the answer.

#include "golden_util.h"

#include "io/model_folder.h"
#include "nn/llava/config.h"
#include "nn/rope_decoder.h"
#include "nn/rope_frequencies.h"

#include <gtest/gtest.h>

using namespace golden;

namespace {

constexpr double kTol = 1e-4;
const std::string kDir = fixture("llava-tiny-gqa");

nlohmann::json index() { return gc::io::readJsonFile(kDir + "/index.json")["rope_scaling"]; }

gc::nn::RopeDecoderConfig configWith(const nlohmann::json &scaling)
{
    nlohmann::json text = gc::io::readJsonFile(kDir + "/config.json")["text_config"];
    if (!scaling.is_null())
        text["rope_scaling"] = scaling;
    return gc::nn::parseRopeDecoderConfig(text, {}, "config.json");
}

// The prefill's last logits and those of three cached steps, at the positions the generator used.
at::Tensor logitsAlong(const gc::nn::RopeDecoder &dec)
{
    const nlohmann::json ix = index();
    const auto ids = ix["text_ids"].get<std::vector<int64_t>>();
    const int64_t first = ix["first_position"].get<int64_t>(), steps = ix["cached_steps"].get<int64_t>();
    const auto n = static_cast<int64_t>(ids.size()) - steps;
    const at::Tensor all = at::tensor(ids, at::kLong).view({1, -1});
    gc::nn::KVCache cache;
    std::vector<at::Tensor> rows;
    rows.push_back(dec.logits(dec.forward(dec.embed(all.narrow(1, 0, n)), at::arange(first, first + n, at::kLong).view({1, n}),
                                          at::ones({1, n}, at::kLong), &cache, true))[0][0]);
    for (int64_t k = 0; k < steps; ++k)
        rows.push_back(dec.logits(dec.forward(dec.embed(all.narrow(1, n + k, 1)), at::full({1, 1}, first + n + k, at::kLong),
                                              at::ones({1, n + k + 1}, at::kLong), &cache, true))[0][0]);
    return at::stack(rows);
}

} // namespace

TEST(RopeScaling, ConfigIsRead)
{
    using T = gc::nn::RopeScaling::Type;
    const nlohmann::json cases = index()["cases"];
    EXPECT_EQ(configWith(nullptr).ropeScaling.type, T::None);
    EXPECT_EQ(configWith(cases["default"]).ropeScaling.type, T::None);
    const gc::nn::RopeDecoderConfig linear = configWith(cases["linear"]);
    EXPECT_EQ(linear.ropeScaling.type, T::Linear);
    EXPECT_EQ(linear.ropeScaling.factor, 2.0);
    const gc::nn::RopeDecoderConfig dynamic = configWith(cases["dynamic"]); // the older "type" key
    EXPECT_EQ(dynamic.ropeScaling.type, T::Dynamic);
    EXPECT_EQ(dynamic.maxPositions, 64);
    const gc::nn::RopeDecoderConfig llama3 = configWith(cases["llama3"]);
    EXPECT_EQ(llama3.ropeScaling.type, T::Llama3);
    EXPECT_EQ(llama3.ropeScaling.factor, 8.0);
    EXPECT_EQ(llama3.ropeScaling.lowFreqFactor, 1.0);
    EXPECT_EQ(llama3.ropeScaling.highFreqFactor, 4.0);
    EXPECT_EQ(llama3.ropeScaling.originalMaxPositions, 64);

    EXPECT_THROW((void)configWith({{"rope_type", "yarn"}, {"factor", 2.0}}), gc::io::FormatError);
    EXPECT_THROW((void)configWith({{"rope_type", "linear"}}), gc::io::FormatError);
    EXPECT_THROW((void)configWith({{"rope_type", "llama3"}, {"factor", 8.0}}), gc::io::FormatError);
    EXPECT_THROW((void)configWith({{"rope_type", "dynamic"}, {"factor", -1.0}}), gc::io::FormatError);
}

TEST(RopeScaling, FrequenciesAndLogitsEqualTheNumPyComputation)
{
    const nlohmann::json ix = index();
    const gc::nn::WeightStore weights(gc::io::SafeTensors::openFile(kDir + "/model.safetensors"));
    const int64_t seqLen = ix["first_position"].get<int64_t>() + static_cast<int64_t>(ix["text_ids"].size());
    at::Tensor plain;
    for (const auto &[kind, scaling] : ix["cases"].items()) {
        SCOPED_TRACE(kind);
        const gc::nn::RopeDecoderConfig cfg = configWith(scaling);
        EXPECT_LE(maxAbsDiff(gc::nn::ropeInverseFrequencies(cfg, seqLen, at::kFloat), npy("rope_" + kind + "_inv_freq", kDir)),
                  1e-7);
        const gc::nn::RopeDecoder dec(cfg, weights, gc::nn::llava::decoderNames());
        const at::Tensor logits = logitsAlong(dec);
        const double d = maxAbsDiff(logits, npy("rope_" + kind + "_logits", kDir));
        std::printf("rope_scaling %s max|d| logits %.3g\n", kind.c_str(), d);
        EXPECT_LE(d, kTol);
        if (kind == "default")
            plain = logits;
        else if (plain.defined()) // each scaling moves the answer, so the comparison above can tell them apart
            EXPECT_GT(maxAbsDiff(logits, plain), 1e-3);
    }
    EXPECT_TRUE(plain.defined());
}
