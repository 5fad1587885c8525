// The prompt paths of the chat models (Qwen2.5-VL, LLaVA) on their fixtures: promptIds lays a turn out as
// generate() runs it; a folder's own chat template replaces the built-in one (the released templates give the
// same ids); a broken template is a clear error; the pixel budget a user sets changes the image's tokens.
#include "golden_util.h"

#include "io/image_loader.h"
#include "runtime/local_model.h"
#include "runtime/pixel_budget.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using golden::fixture;
namespace rt = gc::runtime;

namespace {

const std::vector<rt::Turn> kHistory{{"What is in the image?", "b b"}, {"Where?", "left"}};

std::string releasedTemplate(const std::string &name)
{
    std::ifstream in(fixture("templates/" + name + ".chat_template.json"));
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The fixture's files (linked, not copied) in a folder of its own, with `extra` files written beside them.
struct FolderCopy {
    fs::path dir;
    FolderCopy(const std::string &name, const std::map<std::string, std::string> &extra)
    {
        dir = fs::temp_directory_path() / ("gc-chat-prompts-" + name + "-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(counter()++));
        fs::remove_all(dir);
        fs::create_directories(dir);
        for (const auto &e : fs::directory_iterator(fixture(name)))
            fs::create_symlink(e.path(), dir / e.path().filename());
        for (const auto &[file, text] : extra)
            std::ofstream(dir / file) << text;
    }
    ~FolderCopy() { fs::remove_all(dir); }
    static int &counter()
    {
        static int n = 0;
        return n;
    }
};

rt::GenerationParams oneToken()
{
    rt::GenerationParams g;
    g.maxNewTokens = 1;
    return g;
}

gc::SizeI sizeOf(const gc::io::RgbImage &image) { return {image.width, image.height}; }

} // namespace

class ChatPrompts : public ::testing::TestWithParam<std::string> {};

// Before, promptIds had no image size and Qwen2.5-VL's prompt needs one: it returned {} for every prompt.
TEST_P(ChatPrompts, PromptIdsAreWhatGenerateRuns)
{
    const std::string dir = fixture(GetParam());
    const gc::io::RgbImage image = gc::io::loadImageRgb(dir + "/image0.png");
    rt::LocalModel lm;
    ASSERT_TRUE(lm.load(dir).ok());
    for (const auto &history : {std::vector<rt::Turn>{}, kHistory}) {
        rt::Status status;
        const std::vector<int64_t> ids = lm.promptIds("And the colour?", sizeOf(image), history, &status);
        ASSERT_TRUE(status.ok()) << status.message;
        const rt::GenerationResult r = lm.generate(image, history, "And the colour?", oneToken());
        ASSERT_TRUE(r.status.ok()) << r.status.message;
        EXPECT_FALSE(ids.empty());
        EXPECT_EQ(ids, r.promptTokens);
    }
}

// The released template in the folder gives the ids the built-in template gives, for every turn and for the
// follow-up path.
TEST(ChatPromptsQwen25Vl, TheReleasedTemplateInTheFolderGivesTheBuiltInIds)
{
    const std::string dir = fixture("qwen25vl-tiny-a");
    const gc::io::RgbImage image = gc::io::loadImageRgb(dir + "/image0.png");
    FolderCopy withTemplate("qwen25vl-tiny-a", {{"chat_template.json", releasedTemplate("qwen2.5-vl-3b-instruct")}});
    rt::LocalModel builtIn, folder;
    ASSERT_TRUE(builtIn.load(dir).ok());
    ASSERT_TRUE(folder.load(withTemplate.dir.string()).ok());
    for (size_t turns = 0; turns <= kHistory.size(); ++turns) {
        const std::vector<rt::Turn> history(kHistory.begin(), kHistory.begin() + static_cast<std::ptrdiff_t>(turns));
        EXPECT_EQ(folder.promptIds("Count them.", sizeOf(image), history), builtIn.promptIds("Count them.", sizeOf(image), history));
    }
    const rt::GenerationResult a = builtIn.generate(image, "What is it?", oneToken());
    const rt::GenerationResult b = folder.generate(image, "What is it?", oneToken());
    ASSERT_EQ(a.tokens, b.tokens);
    EXPECT_EQ(builtIn.followUp("Why?", oneToken()).promptTokens, folder.followUp("Why?", oneToken()).promptTokens);
}

// llava-hf's template: one turn as the built-in; later turns joined by a space where LLaVA-1.5's own format has
// </s>, and a follow-up lays the conversation out as a whole conversation does.
TEST(ChatPromptsLlava, TheReleasedLlavaHfTemplateInTheFolderIsUsed)
{
    const std::string dir = fixture("llava-tiny-a");
    const gc::io::RgbImage image = gc::io::loadImageRgb(dir + "/image0.png");
    FolderCopy withTemplate("llava-tiny-a", {{"chat_template.json", releasedTemplate("llava-1.5-7b-hf")}});
    rt::LocalModel builtIn, folder;
    ASSERT_TRUE(builtIn.load(dir).ok());
    ASSERT_TRUE(folder.load(withTemplate.dir.string()).ok());
    EXPECT_EQ(folder.promptIds("What is it?", sizeOf(image)), builtIn.promptIds("What is it?", sizeOf(image)));

    rt::GenerationParams raw = oneToken();
    raw.rawPrompt = true;
    const rt::GenerationResult written =
        builtIn.generate(image, "USER: <image>\nWhat is in the image? ASSISTANT: b b USER: Where? ASSISTANT: left USER: "
                                "And? ASSISTANT:", raw);
    ASSERT_TRUE(written.status.ok()) << written.status.message;
    EXPECT_EQ(folder.promptIds("And?", sizeOf(image), kHistory), written.promptTokens);

    // a follow-up: the answer as generated, then the template's " USER: Where? ASSISTANT:" (no </s>)
    const rt::GenerationResult first = folder.generate(image, "What is in the image?", oneToken());
    ASSERT_TRUE(first.status.ok());
    const rt::GenerationResult next = folder.followUp("Where?", oneToken());
    ASSERT_TRUE(next.status.ok()) << next.status.message;
    const std::vector<int64_t> whole = folder.promptIds("Where?", sizeOf(image), {{"What is in the image?", "b b"}});
    const rt::GenerationResult upToAnswer =
        builtIn.generate(image, "USER: <image>\nWhat is in the image? ASSISTANT: b b", raw);
    const size_t tail = whole.size() - upToAnswer.promptTokens.size();
    ASSERT_GT(tail, 4u);
    ASSERT_GE(next.promptTokens.size(), first.promptTokens.size() + tail);
    EXPECT_TRUE(std::equal(first.promptTokens.begin(), first.promptTokens.end(), next.promptTokens.begin()));
    EXPECT_TRUE(std::equal(whole.end() - static_cast<std::ptrdiff_t>(tail), whole.end(),
                           next.promptTokens.end() - static_cast<std::ptrdiff_t>(tail)));
}

TEST(ChatPromptsErrors, ABrokenTemplateIsAClearError)
{
    FolderCopy broken("qwen25vl-tiny-a", {{"chat_template.jinja", "{% for m in messages %}\n{{ m['role'] }"}});
    rt::LocalModel lm;
    const rt::Status s = lm.load(broken.dir.string());
    EXPECT_EQ(s.code, rt::StatusCode::BadModel);
    EXPECT_NE(s.message.find("chat_template.jinja"), std::string::npos) << s.message;
    EXPECT_NE(s.message.find("line 2"), std::string::npos) << s.message;

    FolderCopy refusing("llava-tiny-a", {{"chat_template.jinja",
                                          "{% if messages | length > 1 %}{{ raise_exception('Only one turn, please.') }}"
                                          "{% endif %}USER: <image>\n{{ messages[0]['content'][1]['text'] }} ASSISTANT:"}});
    ASSERT_TRUE(lm.load(refusing.dir.string()).ok());
    const gc::io::RgbImage image = gc::io::loadImageRgb(fixture("llava-tiny-a") + "/image0.png");
    EXPECT_TRUE(lm.generate(image, "One?", oneToken()).status.ok());
    const rt::GenerationResult r = lm.generate(image, kHistory, "Two?", oneToken());
    EXPECT_EQ(r.status.code, rt::StatusCode::InvalidArgument);
    EXPECT_NE(r.status.message.find("Only one turn, please."), std::string::npos) << r.status.message;
}

// A smaller max_pixels: fewer image tokens in the prompt, and the input frame the answers are mapped from follows.
TEST(ChatPromptsQwen25Vl, ASmallerMaxPixelsGivesFewerImageTokens)
{
    const std::string dir = fixture("qwen25vl-tiny-a");
    const gc::io::RgbImage image = gc::io::loadImageRgb(dir + "/image0.png");
    const rt::PixelBudget budget = rt::pixelBudget(dir);
    ASSERT_TRUE(budget.applies);
    EXPECT_EQ(budget.maxPixels, 4096); // the fixture's preprocessor_config.json
    rt::LocalModel full, small;
    ASSERT_TRUE(full.load(dir).ok());
    rt::LoadParams p;
    p.settings.maxPixels = 1024;
    ASSERT_TRUE(small.load(dir, p).ok());
    const rt::GenerationResult a = full.generate(image, "What?", oneToken());
    const rt::GenerationResult b = small.generate(image, "What?", oneToken());
    ASSERT_TRUE(a.status.ok() && b.status.ok());
    const int64_t tokensFull = rt::imageTokens(budget, sizeOf(image), 0, 0);
    const int64_t tokensSmall = rt::imageTokens(budget, sizeOf(image), 0, 1024);
    EXPECT_LT(tokensSmall, tokensFull);
    EXPECT_EQ(static_cast<int64_t>(a.promptTokens.size() - b.promptTokens.size()), tokensFull - tokensSmall);
    const gc::SizeI frame = small.info().inputFrame(sizeOf(image));
    EXPECT_LE(int64_t(frame.width) * frame.height, 1024);

    rt::LoadParams inverted;
    inverted.settings.minPixels = 2048;
    inverted.settings.maxPixels = 1024;
    EXPECT_EQ(small.load(dir, inverted).code, rt::StatusCode::InvalidArgument);
    rt::LoadParams onLlava;
    onLlava.settings.maxPixels = 1024;
    const rt::Status s = small.load(fixture("llava-tiny-a"), onLlava);
    EXPECT_EQ(s.code, rt::StatusCode::InvalidArgument) << s.message;
    EXPECT_FALSE(rt::pixelBudget(fixture("llava-tiny-a")).applies);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ChatPrompts, ::testing::Values("qwen25vl-tiny-a", "llava-tiny-a"));
