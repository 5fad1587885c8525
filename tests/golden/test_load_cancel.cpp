// As llama.cpp's test-model-load-cancel: a load is cancelled at the check that says so, also while the
// weights are read, and the model loaded before (another model than the one being loaded) stays in use,
// answering as it did.

#include "golden_util.h"

#include "io/image_loader.h"
#include "runtime/local_model.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using golden::fixture;
using gc::runtime::LoadParams;
using gc::runtime::LocalModel;
using gc::runtime::StatusCode;

namespace {

std::vector<int64_t> answer(LocalModel &m)
{
    gc::runtime::GenerationParams p;
    p.maxNewTokens = 8;
    p.doSample = false;
    const gc::runtime::GenerationResult r =
        m.generate(gc::io::loadImageRgb(fixture() + "/image0.png"), "<grounding>An image of", p);
    EXPECT_TRUE(r.status.ok()) << r.status.message;
    return r.tokens;
}

} // namespace

TEST(ModelLoadCancel, ChecksTheCancelFlagWhileReadingTheWeights)
{
    std::string stage;
    int checksWhileBuilding = 0;
    LoadParams p;
    p.onProgress = [&](double, const std::string &s) { stage = s; };
    p.shouldAbort = [&] {
        checksWhileBuilding += stage == "model";
        return false;
    };
    LocalModel m;
    ASSERT_TRUE(m.load(fixture(), p).ok());
    // the stage's own check, then one before each of the fixture's 2 vision and 2 text layers and one
    // before the image-to-text projection
    EXPECT_GE(checksWhileBuilding, 6);
}

TEST(ModelLoadCancel, StopsAtTheCheckThatSaysSoAndKeepsThePreviousModel)
{
    LocalModel m;
    ASSERT_TRUE(m.load(fixture()).ok());
    const std::vector<int64_t> before = answer(m);
    ASSERT_FALSE(before.empty());
    const int64_t bytesBefore = m.info().parameterBytes;
    const std::string other = std::string(GC_TEST_DATA) + "/../../resources/models/demo-kosmos2";
    // cancel each check of a load of the demo model in turn: before the config, the tokenizer, the weights,
    // among the layers
    for (int cancelAt = 1; cancelAt <= 8; ++cancelAt) {
        int checks = 0, checksAfterCancel = 0;
        std::vector<std::string> stagesAfterCancel;
        bool cancelled = false;
        LoadParams p;
        p.onProgress = [&](double, const std::string &s) {
            if (cancelled)
                stagesAfterCancel.push_back(s);
        };
        p.shouldAbort = [&] {
            checksAfterCancel += cancelled;
            cancelled = cancelled || ++checks == cancelAt;
            return cancelled;
        };
        const gc::runtime::Status s = m.load(other, p);
        EXPECT_EQ(s.code, StatusCode::Aborted) << "cancel at check " << cancelAt << ": " << s.message;
        EXPECT_EQ(checksAfterCancel, 0) << "cancel at check " << cancelAt;
        EXPECT_TRUE(stagesAfterCancel.empty()) << "cancel at check " << cancelAt << " went on to "
                                               << stagesAfterCancel.front();
        ASSERT_TRUE(m.isLoaded()) << "cancel at check " << cancelAt;
    }
    EXPECT_EQ(m.info().architecture, "kosmos-2");
    EXPECT_EQ(m.info().parameterBytes, bytesBefore) << "the model in use is not the one loaded before";
    EXPECT_EQ(answer(m), before);
}
