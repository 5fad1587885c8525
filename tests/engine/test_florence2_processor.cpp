// Florence-2's processor text side (engine/nn/florence2/processor_*): its tokenizer with the added-token
// layout, the task table and prompt construction, against the florence2-tiny fixture's reference ids.
#include "io/npy.h"
#include "nn/florence2/processor_prompt.h"
#include "nn/florence2/processor_tokenizer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace gc;
using namespace gc::nn::florence2;
using Ids = std::vector<int64_t>;

namespace {

const std::string kFixture = std::string(GC_TEST_DATA) + "/florence2-tiny";

nlohmann::json fixtureIndex()
{
    std::ifstream in(kFixture + "/index.json");
    return nlohmann::json::parse(in);
}

const text::BpeTokenizer &tok()
{
    static const text::BpeTokenizer t = loadTokenizer(kFixture);
    return t;
}

} // namespace

TEST(Florence2Tokenizer, AddedTokensFollowTheProcessorsLayout)
{
    const nlohmann::json layout = fixtureIndex()["token_layout"];
    for (const char *name : {"<od>", "<loc_0>", "<loc_999>", "<cap>", "<and>"})
        EXPECT_EQ(tok().tokenId(name), layout[name].get<int64_t>()) << name;
    for (const auto &[name, id] : layout["specials"].items())
        EXPECT_EQ(tok().tokenId(name), id.get<int64_t>()) << name;
    EXPECT_EQ(tok().vocabSize(), layout["vocab_size"].get<int64_t>());
    EXPECT_EQ(tok().bosId(), 0);
    EXPECT_EQ(tok().eosId(), 2);
    EXPECT_EQ(tok().padId(), 1);
    EXPECT_EQ(processorTokens().size(), 1024u);
    // the processor's order: <od> </od> <ocr> </ocr>, the 1000 locs, then <cap> ... <and>
    const int64_t od = tok().tokenId("<od>");
    for (size_t i = 0; i < processorTokens().size(); ++i)
        EXPECT_EQ(tok().tokenId(processorTokens()[i]), od + static_cast<int64_t>(i)) << processorTokens()[i];
    EXPECT_EQ(tok().tokenId("<region_to_desciption>"), od + 1017); // sic, as the processor spells it
}

TEST(Florence2Tokenizer, FixturePromptGivesTheReferenceIds)
{
    const nlohmann::json index = fixtureIndex();
    const io::NpyArray ref = io::readNpy(kFixture + "/input_ids.npy");
    const std::string prompt = index["prompt"].get<std::string>();
    EXPECT_EQ(constructPrompt(prompt).text, index["prompt_expanded"].get<std::string>());
    EXPECT_EQ(promptIds(tok(), prompt), ref.i64);
    // and piece by piece, as the reference's tokens spell them
    Ids fromPieces;
    for (const auto &p : index["prompt_tokens"])
        fromPieces.push_back(tok().idOf(p.get<std::string>()));
    EXPECT_EQ(fromPieces, ref.i64);
}

TEST(Florence2Tokenizer, RegionPromptByHand)
{
    // "What does the region <loc_52><loc_332><loc_932><loc_774> describe?" with the fixture's merges:
    //   What → What (merge "W hat"); " does" → Ġd o es ("e s" rank 16 before "Ġ d" 25; no "Ġd o" or "o es");
    //   " the" → Ġthe; " region" → Ġ re g i o n (only "r e" applies); the space before the first loc is a
    //   word of its own (\s+ at the end of the text before an added token) → Ġ; the four locs are added
    //   tokens (<loc_k> = 325 + k); " describe" → Ġd escribe; "?".
    const auto id = [](const char *t) { return tok().idOf(t); };
    // clang-format off
    const Ids expected = {0,
                          id("What"),
                          id("Ġd"), id("o"), id("es"),
                          id("Ġthe"),
                          id("Ġ"), id("re"), id("g"), id("i"), id("o"), id("n"),
                          id("Ġ"),
                          325 + 52, 325 + 332, 325 + 932, 325 + 774,
                          id("Ġd"), id("escribe"),
                          id("?"),
                          2};
    // clang-format on
    for (int64_t i : expected)
        ASSERT_GE(i, 0);
    EXPECT_EQ(promptIds(tok(), "<REGION_TO_DESCRIPTION><loc_52><loc_332><loc_932><loc_774>"), expected);
}

TEST(Florence2Prompt, TableIsTheProcessors)
{
    const std::vector<Task> &t = tasks();
    ASSERT_EQ(t.size(), 15u);
    EXPECT_EQ(findTask("<OD>")->instruction, "Locate the objects with category name in the image.");
    EXPECT_EQ(findTask("detect"), findTask("<OD>"));
    EXPECT_EQ(findTask("OD"), findTask("<OD>"));
    EXPECT_EQ(findTask("REGION_TO_DESCRIPTION"), findTask("region"));
    EXPECT_EQ(findTask(""), nullptr);
    EXPECT_EQ(findTask("<CAPTION>")->instruction, "What does the image describe?");
    EXPECT_EQ(findTask("<OCR_WITH_REGION>")->instruction, "What is the text in the image, with regions?");
    EXPECT_EQ(findTask("<DENSE_REGION_CAPTION>")->instruction,
              "Locate the objects in the image, with their descriptions.");
    EXPECT_EQ(findTask("<REGION_PROPOSAL>")->instruction, "Locate the region proposals in the image.");
    EXPECT_EQ(findTask("<REGION_TO_SEGMENTATION>")->instruction, "What is the polygon mask of region {input}");
    EXPECT_EQ(findTask("<OD>")->input, TaskInput::None);
    EXPECT_EQ(findTask("<CAPTION_TO_PHRASE_GROUNDING>")->input, TaskInput::Phrase);
    EXPECT_EQ(findTask("<REFERRING_EXPRESSION_SEGMENTATION>")->input, TaskInput::Phrase);
    EXPECT_EQ(findTask("<OPEN_VOCABULARY_DETECTION>")->input, TaskInput::Phrase);
    for (const char *region :
         {"<REGION_TO_SEGMENTATION>", "<REGION_TO_CATEGORY>", "<REGION_TO_DESCRIPTION>", "<REGION_TO_OCR>"})
        EXPECT_EQ(findTask(region)->input, TaskInput::Region) << region;
    EXPECT_EQ(findTask("<NOPE>"), nullptr);
}

TEST(Florence2Prompt, ConstructPromptAsTheProcessor)
{
    EXPECT_EQ(constructPrompt("<OD>").text, "Locate the objects with category name in the image.");
    EXPECT_EQ(constructPrompt("<MORE_DETAILED_CAPTION>").text, "Describe with a paragraph what is shown in the image.");
    EXPECT_EQ(constructPrompt("<CAPTION_TO_PHRASE_GROUNDING>A green car parked").text,
              "Locate the phrases in the caption: A green car parked");
    // the token is removed wherever it stands
    EXPECT_EQ(constructPrompt("a dog<OPEN_VOCABULARY_DETECTION>").text, "Locate a dog in the image.");
    EXPECT_EQ(constructPrompt("<REFERRING_EXPRESSION_SEGMENTATION>").text, "Locate  in the image with mask");
    // free text is left alone, braces and all
    EXPECT_EQ(constructPrompt("what is {this}?").text, "what is {this}?");
    // a task without input must be the whole text
    const PromptText bad = constructPrompt("<OD> please");
    EXPECT_FALSE(bad.ok);
    EXPECT_NE(bad.error.find("<OD>"), std::string::npos);
    EXPECT_THROW((void)promptIds(tok(), "<CAPTION> now"), std::invalid_argument);
}

TEST(Florence2Prompt, RegionTasksWriteTheBoxAsLocTokens)
{
    // 120×80 image, box (6, 26.6)–(111.9, 61.95): x·1000/120 → 50, 932.5; y·1000/80 → 332.5, 774.375;
    // floored, as the processor's BoxQuantizer does → 50, 332, 932, 774
    PromptRegion r;
    r.box = {6.0, 26.6, 111.9, 61.95};
    const PromptText p = taskText(*findTask("<REGION_TO_DESCRIPTION>"), "", {r}, {120, 80});
    ASSERT_TRUE(p.ok) << p.error;
    EXPECT_EQ(p.text, "<REGION_TO_DESCRIPTION><loc_50><loc_332><loc_932><loc_774>");
    EXPECT_EQ(constructPrompt(p.text).text, "What does the region <loc_50><loc_332><loc_932><loc_774> describe?");
    EXPECT_FALSE(taskText(*findTask("<REGION_TO_CATEGORY>"), "", {}, {120, 80}).ok);
    EXPECT_FALSE(taskText(*findTask("<REGION_TO_CATEGORY>"), "car", {r}, {120, 80}).ok);
    EXPECT_FALSE(taskText(*findTask("<OD>"), "car", {}, {120, 80}).ok);
    EXPECT_FALSE(taskText(*findTask("<OPEN_VOCABULARY_DETECTION>"), "", {}, {120, 80}).ok);
    EXPECT_EQ(taskText(*findTask("<OPEN_VOCABULARY_DETECTION>"), "a snowman", {}, {}).text,
              "<OPEN_VOCABULARY_DETECTION>a snowman");
    // another task token inside the phrase is refused, as the processor's assertion refuses it
    EXPECT_FALSE(taskText(*findTask("<CAPTION_TO_PHRASE_GROUNDING>"), "a <OD>", {}, {}).ok);
}

TEST(Florence2Prompt, EveryTaskTokenizesWithoutLoss)
{
    PromptRegion r;
    r.box = {10, 20, 90, 70};
    for (const Task &t : tasks()) {
        const PromptText p = taskText(
            t, t.input == TaskInput::Phrase ? "a snowman near the image" : "",
            t.input == TaskInput::Region ? std::vector<PromptRegion>{r} : std::vector<PromptRegion>{}, {120, 80});
        ASSERT_TRUE(p.ok) << t.token << ": " << p.error;
        const Ids ids = promptIds(tok(), p.text);
        ASSERT_GE(ids.size(), 3u);
        EXPECT_EQ(ids.front(), tok().bosId());
        EXPECT_EQ(ids.back(), tok().eosId());
        for (int64_t id : ids) {
            EXPECT_NE(id, tok().unkId()) << t.token;
            EXPECT_FALSE(tok().piece(id).empty()) << t.token << " id " << id;
        }
        // the task token itself never reaches the model: its text is the instruction
        EXPECT_EQ(p.text.rfind(t.token, 0), 0u) << p.text;
        EXPECT_EQ(tok().decode(Ids(ids.begin() + 1, ids.end() - 1)), constructPrompt(p.text).text) << t.token;
        if (t.input == TaskInput::Region)
            EXPECT_EQ(std::count_if(ids.begin(), ids.end(), [](int64_t i) { return i >= 325 && i < 1325; }), 4)
                << t.token;
    }
}
