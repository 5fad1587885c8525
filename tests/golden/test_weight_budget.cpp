// A folder's weight bytes per format, read before loading (the app's format picker shows them): each is what
// the model holds once loaded in that format, and an architecture without small formats offers f32 alone.

#include "runtime/local_model.h"
#include "runtime/weight_budget.h"

#include <gtest/gtest.h>

namespace rt = gc::runtime;

namespace {
std::string fixture(const std::string &name = "kosmos2-tiny-a") { return std::string(GC_TEST_DATA) + "/" + name; }
} // namespace

// Every architecture's fixture (tied and untied heads, encoder-decoder and decoder-only, CLIP, DaViT and
// Qwen vision towers): the budget read from the header is what a load in each format holds.
class WeightBudgetOf : public ::testing::TestWithParam<std::string> {};

TEST_P(WeightBudgetOf, EachFormatIsWhatTheModelLoadedInItHolds)
{
    const rt::WeightBudget budget = rt::weightBudget(fixture(GetParam()));
    ASSERT_TRUE(budget.status.ok()) << budget.status.message;
    std::vector<std::string> names;
    for (const rt::FormatBytes &f : budget.formats)
        names.push_back(f.format);
    EXPECT_EQ(names, (std::vector<std::string>{"f32", "bf16", "f16", "q8", "q4"}));
    for (const rt::FormatBytes &f : budget.formats) {
        rt::LocalModel model;
        rt::LoadParams params;
        params.settings.weights = f.format;
        ASSERT_TRUE(model.load(fixture(GetParam()), params).ok()) << f.format;
        EXPECT_EQ(model.info().parameterBytes, f.bytes) << f.format;
    }
    // the small formats do shrink it, in order
    EXPECT_GT(budget.formats[0].bytes, budget.formats[1].bytes);
    EXPECT_EQ(budget.formats[1].bytes, budget.formats[2].bytes);
    EXPECT_GT(budget.formats[2].bytes, budget.formats[3].bytes);
    EXPECT_GT(budget.formats[3].bytes, budget.formats[4].bytes);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, WeightBudgetOf,
                         ::testing::Values("kosmos2-tiny-a", "florence2-tiny", "qwen25vl-tiny-a", "llava-tiny-a"),
                         [](const auto &info) {
                             std::string n = info.param;
                             for (char &c : n)
                                 if (c == '-')
                                     c = '_';
                             return n;
                         });

TEST(WeightBudget, AMissingOrForeignFolderSaysWhy)
{
    const rt::WeightBudget missing = rt::weightBudget("/nonexistent/groundchat-model");
    EXPECT_EQ(missing.status.code, rt::StatusCode::NotFound);
    EXPECT_TRUE(missing.formats.empty());
    const rt::WeightBudget notAModel = rt::weightBudget(GC_TEST_DATA "/session-trust");
    EXPECT_FALSE(notAModel.status.ok());
    EXPECT_TRUE(notAModel.formats.empty());
}
