// The one rule that turns sampling on (runtime/sampling_rule.h), as a table: the options given, over a
// model folder's defaults, against the sampling that results.

#include "io/safetensors.h"
#include "runtime/sampling_rule.h"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>

using gc::runtime::GenerationParams;
using gc::runtime::SamplingParams;

namespace {

SamplingParams architectureDefaults()
{
    SamplingParams p;
    p.eosId = 2;
    p.padId = 1;
    p.noRepeatNgramSize = 0;
    return p;
}

const SamplingParams kGreedyFolder = gc::runtime::folderSamplingDefaults(nlohmann::json::object(), architectureDefaults());
const SamplingParams kSamplingFolder = gc::runtime::folderSamplingDefaults(
    {{"do_sample", true}, {"temperature", 0.6}, {"top_p", 0.9}, {"top_k", 20}, {"max_new_tokens", 128}}, architectureDefaults());

struct Row {
    std::string name;
    GenerationParams given;
    bool greedyFolderSamples;   // over a generation_config.json without do_sample
    bool samplingFolderSamples; // over one with do_sample: true
};

GenerationParams options(std::optional<double> temperature, std::optional<double> topP, std::optional<int64_t> topK,
                         std::optional<uint64_t> seed = {}, std::optional<bool> doSample = {})
{
    GenerationParams g;
    g.temperature = temperature;
    g.topP = topP;
    g.topK = topK;
    g.seed = seed;
    g.doSample = doSample;
    return g;
}

} // namespace

TEST(SamplingRule, DefaultsComeFromGenerationConfig)
{
    EXPECT_FALSE(kGreedyFolder.doSample);
    EXPECT_EQ(kGreedyFolder.temperature, 1.0);
    EXPECT_EQ(kGreedyFolder.topK, 50); // transformers' GenerationConfig default
    EXPECT_EQ(kGreedyFolder.topP, 1.0);
    EXPECT_EQ(kGreedyFolder.maxNewTokens, 64);
    EXPECT_EQ(kGreedyFolder.eosId, 2);
    EXPECT_TRUE(kSamplingFolder.doSample);
    EXPECT_EQ(kSamplingFolder.temperature, 0.6);
    EXPECT_EQ(kSamplingFolder.topP, 0.9);
    EXPECT_EQ(kSamplingFolder.topK, 20);
    EXPECT_EQ(kSamplingFolder.maxNewTokens, 128);
}

// An architecture whose reference usage asks for longer answers (Florence-2: 1024) gives its limit when the
// folder's generation_config.json names none; one that names it wins.
TEST(SamplingRule, TheArchitecturesAnswerLengthWhenTheFolderGivesNone)
{
    EXPECT_EQ(gc::runtime::folderSamplingDefaults(nlohmann::json::object(), architectureDefaults(), 1024).maxNewTokens, 1024);
    EXPECT_EQ(gc::runtime::folderSamplingDefaults(nlohmann::json{{"max_new_tokens", 96}}, architectureDefaults(), 1024)
                  .maxNewTokens,
              96);
}

TEST(SamplingRule, WhenSamplingIsOn)
{
    const Row rows[] = {
        {"nothing given: the folder decides", options({}, {}, {}), false, true},
        {"a temperature samples", options(0.7, {}, {}), true, true},
        {"temperature 0 is greedy", options(0.0, {}, {}), false, false},
        {"top-k alone samples", options({}, {}, 40), true, true},
        {"top-p alone samples", options({}, 0.9, {}), true, true},
        {"temperature 0 stays greedy with top-k and top-p", options(0.0, 0.9, 40), false, false},
        {"a seed alone changes nothing", options({}, {}, {}, 7), false, true},
        {"do_sample false wins over a temperature", options(0.7, {}, {}, {}, false), false, false},
        {"do_sample true wins over no options", options({}, {}, {}, {}, true), true, true},
    };
    for (const Row &row : rows) {
        EXPECT_EQ(gc::runtime::resolveSampling(kGreedyFolder, row.given).doSample, row.greedyFolderSamples) << row.name;
        EXPECT_EQ(gc::runtime::resolveSampling(kSamplingFolder, row.given).doSample, row.samplingFolderSamples) << row.name;
    }
}

TEST(SamplingRule, GivenValuesReplaceTheDefaults)
{
    GenerationParams g = options(0.8, 0.5, 3, 11);
    g.maxNewTokens = 9;
    g.noRepeatNgramSize = 2;
    const SamplingParams p = gc::runtime::resolveSampling(kSamplingFolder, g);
    EXPECT_EQ(p.temperature, 0.8);
    EXPECT_EQ(p.topP, 0.5);
    EXPECT_EQ(p.topK, 3);
    EXPECT_EQ(p.seed, 11u);
    EXPECT_EQ(p.maxNewTokens, 9);
    EXPECT_EQ(p.noRepeatNgramSize, 2);
    // what is not given stays the folder's
    const SamplingParams q = gc::runtime::resolveSampling(kSamplingFolder, options(0.8, {}, {}));
    EXPECT_EQ(q.topP, 0.9);
    EXPECT_EQ(q.topK, 20);
}

TEST(SamplingRule, OutOfRangeIsRefused)
{
    EXPECT_THROW((void)gc::runtime::resolveSampling(kGreedyFolder, options(-1.0, {}, {})), std::invalid_argument);
    EXPECT_THROW((void)gc::runtime::resolveSampling(kGreedyFolder, options({}, 1.5, {})), std::invalid_argument);
    EXPECT_THROW((void)gc::runtime::resolveSampling(kGreedyFolder, options({}, {}, -2)), std::invalid_argument);
}

// Qwen2.5-VL's generation_config.json: two end tokens and a repetition penalty.
TEST(SamplingRule, EndTokenListAndRepetitionPenalty)
{
    const SamplingParams p = gc::runtime::folderSamplingDefaults(
        {{"eos_token_id", {151645, 151643}}, {"repetition_penalty", 1.05}, {"pad_token_id", 151643}},
        architectureDefaults());
    EXPECT_EQ(p.eosId, 151645);
    EXPECT_EQ(p.moreEosIds, (std::vector<int64_t>{151643}));
    EXPECT_TRUE(p.endsAnswer(151643));
    EXPECT_TRUE(p.endsAnswer(151645));
    EXPECT_FALSE(p.endsAnswer(2));
    EXPECT_DOUBLE_EQ(p.repetitionPenalty, 1.05);
    EXPECT_EQ(kGreedyFolder.repetitionPenalty, 1.0);
    EXPECT_THROW((void)gc::runtime::folderSamplingDefaults({{"repetition_penalty", 0}}, architectureDefaults()),
                 gc::io::FormatError);
    EXPECT_THROW((void)gc::runtime::folderSamplingDefaults({{"eos_token_id", nlohmann::json::array()}}, architectureDefaults()),
                 gc::io::FormatError);
}
