// What `annotate` asks each family for a batch task: the dialect's own trained prompts, and the one-prompt
// detection of Florence-2 (which names the classes itself) told apart from per-phrase detection.
#include "annotate/batch_plan.h"
#include "dialects/registry.h"

#include <gtest/gtest.h>

using gc::annot::BatchPlan;
using gc::annot::BatchTask;
using gc::annot::planBatch;

namespace {

const gc::Dialect &dialect(const char *id)
{
    const gc::Dialect *d = gc::dialects::find(id);
    if (!d)
        throw std::runtime_error(std::string("no dialect ") + id);
    return *d;
}

std::vector<std::string> prompts(const BatchPlan &plan)
{
    std::vector<std::string> out;
    for (const auto &s : plan.steps)
        out.push_back(s.prompt);
    return out;
}

} // namespace

TEST(BatchPlan, Florence2UsesItsTaskTokens)
{
    const gc::Dialect &f = dialect("florence2");
    std::string error;
    BatchPlan p = planBatch(f, BatchTask::Detect, {}, &error);
    ASSERT_EQ(p.steps.size(), 1u) << error;
    EXPECT_EQ(p.steps[0].prompt, "<OD>");
    EXPECT_EQ(p.steps[0].taskToken, "<OD>"); // the decoder reads "label<loc>×4" runs under this grammar
    EXPECT_TRUE(p.modelNamesClasses);
    EXPECT_TRUE(p.steps[0].phrase.empty());
    EXPECT_FALSE(gc::annot::batchNeedsPhrases(f, BatchTask::Detect));

    p = planBatch(f, BatchTask::Caption, {}, &error);
    EXPECT_EQ(prompts(p), std::vector<std::string>{"<DENSE_REGION_CAPTION>"});

    p = planBatch(f, BatchTask::Refer, {"the red car", "a dog"}, &error);
    EXPECT_EQ(prompts(p), (std::vector<std::string>{"<CAPTION_TO_PHRASE_GROUNDING>the red car",
                                                    "<CAPTION_TO_PHRASE_GROUNDING>a dog"}));
    EXPECT_EQ(p.steps[1].phrase, "a dog");
    EXPECT_EQ(p.steps[1].taskToken, "<CAPTION_TO_PHRASE_GROUNDING>");
    EXPECT_TRUE(gc::annot::batchNeedsPhrases(f, BatchTask::Refer));
}

TEST(BatchPlan, Florence2DetectionRefusesPhrasesItWouldIgnore)
{
    std::string error;
    const BatchPlan p = planBatch(dialect("florence2"), BatchTask::Detect, {"cat"}, &error);
    EXPECT_TRUE(p.steps.empty());
    EXPECT_NE(error.find("--task refer"), std::string::npos) << error;
}

TEST(BatchPlan, Kosmos2FindsEachPhraseWithItsReferringPrompt)
{
    const gc::Dialect &k = dialect("kosmos2");
    std::string error;
    EXPECT_EQ(prompts(planBatch(k, BatchTask::Caption, {}, &error)),
              std::vector<std::string>{"<grounding>An image of"});
    const BatchPlan p = planBatch(k, BatchTask::Detect, {"cat", "dog"}, &error);
    EXPECT_EQ(prompts(p), (std::vector<std::string>{"<grounding><phrase>cat</phrase>", "<grounding><phrase>dog</phrase>"}));
    EXPECT_FALSE(p.modelNamesClasses);
    EXPECT_EQ(p.steps[0].phrase, "cat"); // the regions found are labelled with the phrase asked for
    EXPECT_EQ(p.steps[0].shown, "Find: cat");
    EXPECT_EQ(prompts(planBatch(k, BatchTask::Refer, {"cat"}, &error)),
              std::vector<std::string>{"<grounding><phrase>cat</phrase>"});
    EXPECT_TRUE(gc::annot::batchNeedsPhrases(k, BatchTask::Detect));
    EXPECT_TRUE(planBatch(k, BatchTask::Detect, {}, &error).steps.empty());
}

TEST(BatchPlan, EveryDialectGetsAPromptForEveryTask)
{
    for (const gc::Dialect *d : gc::dialects::all()) {
        for (BatchTask t : {BatchTask::Caption, BatchTask::Detect, BatchTask::Refer}) {
            std::string error;
            const std::vector<std::string> phrases =
                gc::annot::batchNeedsPhrases(*d, t) ? std::vector<std::string>{"zebra crossing"} : std::vector<std::string>{};
            const BatchPlan p = planBatch(*d, t, phrases, &error);
            ASSERT_FALSE(p.steps.empty()) << d->info().id << ": " << error;
            for (const auto &s : p.steps) {
                EXPECT_EQ(s.prompt.find("{input}"), std::string::npos) << d->info().id;
                if (!phrases.empty())
                    EXPECT_NE(s.prompt.find("zebra crossing"), std::string::npos)
                        << d->info().id << " leaves the phrase out of " << s.prompt;
            }
        }
    }
}
