// Byte-level BPE (engine/text/bpe_*): pre-tokenization, merges by rank, added tokens, decoding and the
// file readers' errors. The tokenizer under test is built here from a hand-made vocabulary, so every
// expected id below is derived by hand from kMerges (see tiny()).
#include "io/safetensors.h"
#include "text/bpe_files.h"
#include "text/bpe_tokenizer.h"
#include "text/byte_level.h"
#include "text/pretokenize.h"

#include "core/utf8.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace gc;
using namespace gc::text;
using Ids = std::vector<int64_t>;

namespace {

// The id of byte b in the tiny vocabulary: <s> <pad> </s> <unk> take 0..3, then the 256 bytes in order.
int64_t B(unsigned char b) { return 4 + b; }

// Ranks 0..9; the merged tokens take ids 260..269 in the same order.
const std::pair<const char *, const char *> kMerges[] = {
    {"Ġ", "t"}, // 260 Ġt
    {"h", "e"}, // 261 he
    {"Ġt", "he"}, // 262 Ġthe
    {"l", "o"}, // 263 lo
    {"lo", "w"}, // 264 low
    {"Ġ", "low"}, // 265 Ġlow
    {"Ċ", "Ċ"}, // 266 ĊĊ
    {"Ġ", "Ġ"}, // 267 ĠĠ
    {"e", "r"}, // 268 er
    {"low", "er"} // 269 lower
};
constexpr int64_t kThe = 262, kHe = 261, kNewlines = 266, kLower = 269, kLoc1 = 270, kLoc12 = 271, kMask = 272;

BpeSpec tinySpec()
{
    BpeSpec s;
    const char *specials[] = {"<s>", "<pad>", "</s>", "<unk>"};
    for (int i = 0; i < 4; ++i)
        s.vocab.emplace_back(specials[i], i);
    for (int b = 0; b < 256; ++b)
        s.vocab.emplace_back(byte_level::encode(std::string(1, static_cast<char>(b))),
                             B(static_cast<unsigned char>(b)));
    int64_t next = 260;
    for (const auto &[a, b] : kMerges) {
        s.merges.emplace_back(a, b);
        s.vocab.emplace_back(std::string(a) + b, next++);
    }
    for (int i = 0; i < 4; ++i)
        s.added.push_back({specials[i], i, false, false, true});
    s.bos = "<s>";
    s.eos = "</s>";
    s.pad = "<pad>";
    s.unk = "<unk>";
    return s;
}

BpeTokenizer tiny(bool cleanUp = true)
{
    BpeSpec s = tinySpec();
    s.cleanUpSpaces = cleanUp;
    // added later, as a processor adds them: they take the next ids, 270 and 271
    BpeTokenizer t(std::move(s), "tiny");
    t.addTokens({"<loc_1>", "<loc_12>"}, false);
    return t;
}

// BART's mask swallows the white space before it (lstrip).
BpeTokenizer tinyWithMask()
{
    BpeSpec s = tinySpec();
    s.vocab.emplace_back("<mask>", kMask);
    s.added.push_back({"<mask>", kMask, true, false, true});
    return BpeTokenizer(std::move(s), "tiny");
}

std::vector<std::string> words(std::string_view text, PreTokenizer kind = PreTokenizer::Gpt2)
{
    std::vector<std::string> out;
    for (std::string_view w : preTokenize(kind, text))
        out.emplace_back(w);
    return out;
}

std::vector<std::string> qwenWords(std::string_view text) { return words(text, PreTokenizer::Qwen2); }

} // namespace

TEST(ByteLevel, AlphabetIsGpt2s)
{
    EXPECT_EQ(byte_level::charOf(' '), U'Ġ'); // 0x20 is the 33rd non-printable byte: U+0100 + 32
    EXPECT_EQ(byte_level::charOf('\n'), U'Ċ'); // U+0100 + 10
    EXPECT_EQ(byte_level::charOf('a'), U'a');
    EXPECT_EQ(byte_level::charOf(0xAD), U'Ń'); // the soft hyphen is the last non-printable byte: U+0143
    EXPECT_EQ(byte_level::charOf(0xFF), U'ÿ');
    std::string all;
    for (int b = 0; b < 256; ++b)
        all.push_back(static_cast<char>(b));
    std::string back;
    ASSERT_TRUE(byte_level::decode(byte_level::encode(all), back));
    EXPECT_EQ(back, all);
    EXPECT_FALSE(byte_level::decode("€", back)); // U+20AC is outside the alphabet
}

// The GPT-2 pattern, alternative by alternative.
TEST(PreTokenizeGpt2, ContractionsLettersDigitsPunctuation)
{
    EXPECT_EQ(words("I'm here"), (std::vector<std::string>{"I", "'m", " here"}));
    EXPECT_EQ(words("they'll've"), (std::vector<std::string>{"they", "'ll", "'ve"}));
    // upper-case contractions are not in GPT-2's pattern: the apostrophe is punctuation
    EXPECT_EQ(words("I'M"), (std::vector<std::string>{"I", "'", "M"}));
    EXPECT_EQ(words("a1b22 3"), (std::vector<std::string>{"a", "1", "b", "22", " 3"}));
    EXPECT_EQ(words("hi?! ok..."), (std::vector<std::string>{"hi", "?!", " ok", "..."}));
    // a punctuation run takes the apostrophe with it before a contraction could start
    EXPECT_EQ(words("?'s"), (std::vector<std::string>{"?'", "s"}));
    EXPECT_EQ(words(""), std::vector<std::string>{});
}

TEST(PreTokenizeGpt2, WhiteSpaceRuns)
{
    // \s+(?!\S): a run before a word leaves its last space to the word
    EXPECT_EQ(words("a   b"), (std::vector<std::string>{"a", "  ", " b"}));
    // ... and a single newline before a word is a word of its own (\s+), as is the newline before it
    EXPECT_EQ(words("a\n\nb"), (std::vector<std::string>{"a", "\n", "\n", "b"}));
    EXPECT_EQ(words("a \nb"), (std::vector<std::string>{"a", " ", "\n", "b"}));
    // at the end the whole run stays together
    EXPECT_EQ(words("a\n\n"), (std::vector<std::string>{"a", "\n\n"}));
    EXPECT_EQ(words(" "), (std::vector<std::string>{" "}));
    EXPECT_EQ(words("  lead"), (std::vector<std::string>{" ", " lead"}));
    // the optional prefix is a plain space only: a tab before a word stays apart
    EXPECT_EQ(words("\tx"), (std::vector<std::string>{"\t", "x"}));
}

TEST(PreTokenizeGpt2, UnicodeClasses)
{
    // CJK ideographs are letters (Lo): the "!" after them is a word of its own
    EXPECT_EQ(words("中文!"), (std::vector<std::string>{"中文", "!"}));
    EXPECT_EQ(words(" 中文"), (std::vector<std::string>{" 中文"}));
    // accented letters (Ll) stay in the word
    EXPECT_EQ(words(" café"), (std::vector<std::string>{" café"}));
    // an emoji is neither letter nor digit
    EXPECT_EQ(words("x😀y"), (std::vector<std::string>{"x", "😀", "y"}));
    // Arabic-Indic digits are \p{N}; a Roman numeral (Nl) too
    EXPECT_EQ(words("a١٢"), (std::vector<std::string>{"a", "١٢"}));
    EXPECT_EQ(words("Ⅻx"), (std::vector<std::string>{"Ⅻ", "x"}));
    // U+00A0 is white space but not the plain space the prefix allows
    EXPECT_EQ(words("\u00A0a"), (std::vector<std::string>{"\u00A0", "a"}));
    // bytes that are not UTF-8 fall into the punctuation run and are kept
    EXPECT_EQ(words("a\xff\xfe b"), (std::vector<std::string>{"a", "\xff\xfe", " b"}));
}

// Qwen2's pattern, where it differs from GPT-2's.
TEST(PreTokenizeQwen2, ContractionsDigitsAndThePrefixBeforeLetters)
{
    // contractions in any case
    EXPECT_EQ(qwenWords("I'M here"), (std::vector<std::string>{"I", "'M", " here"}));
    EXPECT_EQ(qwenWords("don'T"), (std::vector<std::string>{"don", "'T"}));
    // digits one by one
    EXPECT_EQ(qwenWords("a123 b"), (std::vector<std::string>{"a", "1", "2", "3", " b"}));
    EXPECT_EQ(qwenWords("1st"), (std::vector<std::string>{"1", "st"}));
    // any one character but a line break, a letter or a digit goes with the letters after it
    EXPECT_EQ(qwenWords("\tx"), (std::vector<std::string>{"\tx"}));
    EXPECT_EQ(qwenWords("你好，世界"), (std::vector<std::string>{"你好", "，世界"}));
    EXPECT_EQ(qwenWords("hi?! ok..."), (std::vector<std::string>{"hi", "?!", " ok", "..."}));
    EXPECT_EQ(qwenWords("中文!"), (std::vector<std::string>{"中文", "!"}));
}

TEST(PreTokenizeQwen2, LineBreaks)
{
    // punctuation keeps the line breaks after it
    EXPECT_EQ(qwenWords("x:\n\ny"), (std::vector<std::string>{"x", ":\n\n", "y"}));
    // white space up to its last line break is one word
    EXPECT_EQ(qwenWords("a\n\nb"), (std::vector<std::string>{"a", "\n\n", "b"}));
    EXPECT_EQ(qwenWords("a  \n  b"), (std::vector<std::string>{"a", "  \n", " ", " b"}));
    EXPECT_EQ(qwenWords("\n"), (std::vector<std::string>{"\n"}));
    EXPECT_EQ(qwenWords("a  "), (std::vector<std::string>{"a", "  "}));
}

// The fixture's Qwen2Tokenizer files (vocab.json + merges.txt, tokenizer_class Qwen2Tokenizer) on the fixture's
// prompt give the reference processor's ids (its image pads collapsed to the one placeholder).
TEST(BpeFiles, Qwen2TokenizerGivesTheReferenceIds)
{
    const std::string dir = std::string(GC_TEST_DATA) + "/qwen25vl-tiny-a";
    const BpeTokenizer t = loadBpeTokenizer(dir);
    const std::string prompt = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
                               "<|vision_start|><|image_pad|><|vision_end|>What is in the image?<|im_end|>\n"
                               "<|im_start|>assistant\n";
    // input_ids.npy of the fixture, the 30 pads written once
    const Ids want = {347, 115, 121, 115, 116, 337, 10, 316, 299, 257, 32, 256, 108, 112, 345, 300, 46, 348, 10, 347,
                      117, 115, 339, 10, 355, 358, 356, 87, 286, 116, 262, 273, 261, 304, 63, 348, 10, 347, 97, 295, 10};
    EXPECT_EQ(t.encode(prompt), want);
    EXPECT_EQ(t.tokenId("<|im_end|>"), 348);
    // Qwen2Tokenizer puts the text in NFC first
    EXPECT_EQ(t.encode("caf\u00e9"), t.encode("cafe\u0301"));
    EXPECT_EQ(t.decode(t.encode("What is in the image?")), "What is in the image?");
}

TEST(BpeTokenizer, MergesByRank)
{
    const BpeTokenizer t = tiny();
    // t h e: only (h,e) has a merge (rank 1) → "t" "he"
    EXPECT_EQ(t.encode("the"), (Ids{B('t'), kHe}));
    // Ġ t h e: (Ġ,t) rank 0 first → Ġt h e; then (h,e) rank 1 → Ġt he; then (Ġt,he) rank 2 → Ġthe
    EXPECT_EQ(t.encode(" the"), (Ids{kThe}));
    // l o w e r: (l,o) 3 → lo w e r; (lo,w) 4 → low e r; (e,r) 8 → low er; (low,er) 9 → lower
    EXPECT_EQ(t.encode("lower"), (Ids{kLower}));
    // Ġ l o w: (l,o) 3, (lo,w) 4, then (Ġ,low) 5 → one token 265
    EXPECT_EQ(t.encode(" low"), (Ids{265}));
    // Ġ l o w e r: (l,o) 3, (lo,w) 4, (Ġ,low) 5 before (e,r) 8 → Ġlow er, and (Ġlow,er) has no merge: the
    // rank order, not the longest token, decides
    EXPECT_EQ(t.encode(" lower"), (Ids{265, 268}));
    // a a a has no merge: three bytes
    EXPECT_EQ(t.encode("aaa"), (Ids{B('a'), B('a'), B('a')}));
}

TEST(BpeTokenizer, LeadingSpacesAndNewlines)
{
    const BpeTokenizer t = tiny();
    // "  the" → words " " and " the"
    EXPECT_EQ(t.encode("  the"), (Ids{B(' '), kThe}));
    // "   the" → words "  " (merged by (Ġ,Ġ) rank 7 → 267) and " the"
    EXPECT_EQ(t.encode("   the"), (Ids{267, kThe}));
    // newlines before a word are single words; at the end they stay together and merge (Ċ,Ċ) → 266
    EXPECT_EQ(t.encode("the\n\nthe"), (Ids{B('t'), kHe, B('\n'), B('\n'), B('t'), kHe}));
    EXPECT_EQ(t.encode("the\n\n"), (Ids{B('t'), kHe, kNewlines}));
}

TEST(BpeTokenizer, EmojiAndCjkGoByteByByte)
{
    const BpeTokenizer t = tiny();
    // U+1F600 is F0 9F 98 80; no merge joins its bytes
    EXPECT_EQ(t.encode(" 😀"), (Ids{B(' '), B(0xF0), B(0x9F), B(0x98), B(0x80)}));
    // 中 is E4 B8 AD
    EXPECT_EQ(t.encode("中"), (Ids{B(0xE4), B(0xB8), B(0xAD)}));
    EXPECT_EQ(t.decode(t.encode(" 😀中")), " 😀中");
}

TEST(BpeTokenizer, AddedTokensAreSplitOutFirst)
{
    const BpeTokenizer t = tiny();
    EXPECT_EQ(t.tokenId("<loc_1>"), kLoc1);
    EXPECT_EQ(t.tokenId("<loc_12>"), kLoc12);
    EXPECT_EQ(t.vocabSize(), 272);
    // glued to text on both sides: the text on each side is tokenized on its own
    EXPECT_EQ(t.encode("the<loc_12>the"), (Ids{B('t'), kHe, kLoc12, B('t'), kHe}));
    // the longest added token wins at a position: <loc_12>, not <loc_1> followed by "2>"
    EXPECT_EQ(t.encode("<loc_12><loc_1>2"), (Ids{kLoc12, kLoc1, B('2')}));
    // the space before an added token is a word of its own (no lstrip), the one after starts " the"
    EXPECT_EQ(t.encode("the <loc_1> the"), (Ids{B('t'), kHe, B(' '), kLoc1, kThe}));
    // special tokens in the text are matched too
    EXPECT_EQ(t.encode("<s>the</s>"), (Ids{0, B('t'), kHe, 2}));
    // a half token is text: words "<", "loc" (l o → lo, rank 3), "_"
    EXPECT_EQ(t.encode("<loc_"), (Ids{B('<'), 263, B('c'), B('_')}));
}

TEST(BpeTokenizer, LstripSwallowsTheSpaceBefore)
{
    const BpeTokenizer t = tinyWithMask();
    EXPECT_EQ(t.encode("the <mask>"), (Ids{B('t'), kHe, kMask}));
    EXPECT_EQ(t.encode("the \n <mask> the"), (Ids{B('t'), kHe, kMask, kThe}));
}

TEST(BpeTokenizer, DecodeWithAndWithoutSpecials)
{
    const BpeTokenizer t = tiny(false);
    const Ids ids = {0, kThe, B(' '), kLoc12, B('.'), 2};
    // <loc_12> is an added token but not special: the dialect needs it in the text
    EXPECT_EQ(t.decode(ids, true), " the <loc_12>.");
    EXPECT_EQ(t.decode(ids, false), "<s> the <loc_12>.</s>");
    // unknown ids are left out, as the reference does
    EXPECT_EQ(t.decode({kThe, 99999, -1}), " the");
    EXPECT_EQ(t.piece(kThe), " the");
    EXPECT_EQ(t.piece(99999), "");
    // one byte of a UTF-8 sequence alone is not text: the decoded string stays valid
    EXPECT_EQ(t.decode({B(0xE4)}), "\xEF\xBF\xBD");
    EXPECT_EQ(t.piece(B(0xE4)), "\xE4");
}

TEST(BpeTokenizer, DecodeCleansUpSpacesAsTheReference)
{
    // transformers' clean_up_tokenization, on by default
    EXPECT_EQ(tiny(true).decode(tiny(true).encode("a . b ? do n't , I 'm")), "a. b? don't, I'm");
    EXPECT_EQ(cleanUpTokenizationSpaces("x ' y"), "x'y");
    EXPECT_EQ(tiny(false).decode(tiny(false).encode("a . b")), "a . b");
}

TEST(BpeTokenizer, DecodeOfEncodeIsTheText)
{
    const BpeTokenizer raw = tiny(false);
    const BpeTokenizer cleaning = tiny(true);
    for (const std::string text : {"", " ", "the lower low", "  leading\n\n\ttabs  ", "I'm ' you're . ,", "中文 😀 café",
                                   "trailing   ", "\r\n", "a\xc3\xa9\xe2\x82\xac"}) {
        EXPECT_EQ(raw.decode(raw.encode(text)), text) << text;
        if (cleanUpTokenizationSpaces(text) == text)
            EXPECT_EQ(cleaning.decode(cleaning.encode(text)), text) << text;
    }
}

TEST(BpeTokenizer, InvalidUtf8IsEncodedByteByByte)
{
    const BpeTokenizer t = tiny();
    EXPECT_EQ(t.encode("\xff the"), (Ids{B(0xFF), kThe}));
    EXPECT_EQ(t.decode(t.encode("\xff the")), "\xEF\xBF\xBD the");
}

TEST(BpeTokenizer, LongWordsMergeInOrder)
{
    // one "word" of 200 000 letters: the merge loop must not be quadratic, and the cache must not keep it
    const BpeTokenizer t = tiny();
    std::string text;
    for (int i = 0; i < 40000; ++i)
        text += "lower";
    const Ids ids = t.encode(text);
    ASSERT_EQ(ids.size(), 40000u);
    for (int64_t id : ids)
        ASSERT_EQ(id, kLower);
}

TEST(BpeSpecErrors, InconsistentSpecsAreRefused)
{
    const auto refuses = [](BpeSpec s, const std::string &what) {
        try {
            BpeTokenizer t(std::move(s), "spec");
            ADD_FAILURE() << "accepted: " << what;
        } catch (const io::FormatError &e) {
            EXPECT_NE(std::string(e.what()).find("spec: "), std::string::npos) << e.what();
        }
    };
    BpeSpec s = tinySpec();
    s.merges.emplace_back("q", "zz"); // "zz" is not a token
    refuses(s, "merge of an unknown token");
    s = tinySpec();
    s.merges.emplace_back("q", "q"); // "qq" is not a token
    refuses(s, "merge making an unknown token");
    s = tinySpec();
    s.vocab.emplace_back("dup", 5); // id 5 is byte 1's
    refuses(s, "two tokens with one id");
    s = tinySpec();
    s.vocab.erase(s.vocab.begin() + 4); // byte 0
    s.unk.clear();
    refuses(s, "a missing byte without an unknown token");
    s = tinySpec();
    s.added.push_back({"<x>", 7, false, false, true}); // 7 is byte 3's id
    refuses(s, "an added token on another token's id");
    s = tinySpec();
    s.bos = "<nope>";
    refuses(s, "a role token that is not there");
}

namespace {

std::string vocabJson()
{
    nlohmann::json v = nlohmann::json::object();
    for (const auto &[tok, id] : tinySpec().vocab)
        v[tok] = id;
    return v.dump();
}

std::string mergesTxt()
{
    std::string m = "#version: 0.2\n";
    for (const auto &[a, b] : kMerges)
        m += std::string(a) + " " + b + "\n";
    return m;
}

struct TempDir {
    std::filesystem::path path;
    TempDir()
    {
        path = std::filesystem::temp_directory_path()
             / ("bpe-test-" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    void write(const std::string &name, const std::string &text) const
    {
        std::filesystem::create_directories((path / name).parent_path());
        std::ofstream(path / name, std::ios::binary) << text;
    }
};

std::string loadError(const TempDir &d)
{
    try {
        (void)loadBpeTokenizer(d.path.string());
    } catch (const io::FormatError &e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(BpeFiles, VocabAndMergesAtTheTopOrInProcessor)
{
    for (const std::string sub : {"", "processor/"}) {
        TempDir d;
        d.write(sub + "vocab.json", vocabJson());
        d.write(sub + "merges.txt", mergesTxt());
        const BpeTokenizer t = loadBpeTokenizer(d.path.string());
        EXPECT_EQ(t.encode(" the lower"), (Ids{kThe, 265, 268})) << sub;
        EXPECT_EQ(t.bosId(), 0);
        EXPECT_EQ(t.eosId(), 2);
        EXPECT_EQ(t.unkId(), 3);
        // the role tokens are special added tokens: matched in text, dropped by decode
        EXPECT_EQ(t.encode("<s>"), (Ids{0}));
        EXPECT_EQ(t.decode({0, kThe, 2}), " the");
    }
}

TEST(BpeFiles, ConfigFilesSetRolesFlagsAndCleanUp)
{
    TempDir d;
    d.write("vocab.json", vocabJson());
    d.write("merges.txt", mergesTxt());
    // added_tokens.json gives ids only; tokenizer_config.json's added_tokens_decoder gives flags too
    d.write("added_tokens.json", R"({"<loc_1>": 270, "<x>": 271})");
    d.write("tokenizer_config.json", R"({"clean_up_tokenization_spaces": false, "bos_token": null,
        "added_tokens_decoder": {"271": {"content": "<x>", "lstrip": true, "special": true}}})");
    d.write("special_tokens_map.json", R"({"eos_token": {"content": "<pad>", "lstrip": false}})");
    const BpeTokenizer t = loadBpeTokenizer(d.path.string());
    EXPECT_EQ(t.bosId(), -1);
    EXPECT_EQ(t.eosId(), 1);
    EXPECT_FALSE(t.cleansUpSpaces());
    EXPECT_EQ(t.encode("a . <loc_1> <x>"), (Ids{B('a'), B(' '), B('.'), B(' '), 270, 271}));
    EXPECT_EQ(t.decode(t.encode("a . <loc_1> <x>")), "a . <loc_1>");
    // add_prefix_space in tokenizer_config.json: each stretch of text gets a space in front ("the" → " the")
    d.write("tokenizer_config.json", R"({"add_prefix_space": true})");
    EXPECT_EQ(loadBpeTokenizer(d.path.string()).encode("the<loc_1>the"), (Ids{kThe, 270, kThe}));
    // a role named in the configs must exist
    d.write("special_tokens_map.json", R"({"eos_token": "<eos>"})");
    EXPECT_NE(loadError(d).find("'<eos>' is not in the vocabulary"), std::string::npos) << loadError(d);
}

TEST(BpeFiles, TokenizerJsonReadsTheSame)
{
    TempDir d;
    nlohmann::json merges = nlohmann::json::array();
    for (const auto &[a, b] : kMerges)
        merges.push_back(std::string(a) + " " + b);
    nlohmann::json added = nlohmann::json::array();
    added.push_back({{"id", 0}, {"content", "<s>"}, {"special", true}, {"lstrip", false}, {"rstrip", false}});
    added.push_back({{"id", 2}, {"content", "</s>"}, {"special", true}});
    added.push_back({{"id", 3}, {"content", "<unk>"}, {"special", true}});
    added.push_back({{"id", 270}, {"content", "<mask>"}, {"special", true}, {"lstrip", true}});
    nlohmann::json vocab = nlohmann::json::parse(vocabJson());
    vocab["<mask>"] = 270;
    const nlohmann::json tok = {
        {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", merges}, {"unk_token", nullptr}}},
        {"added_tokens", added},
        {"normalizer", nullptr},
        {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}}},
        {"decoder", {{"type", "ByteLevel"}}},
        {"post_processor", {{"type", "RobertaProcessing"}, {"sep", {"</s>", 2}}, {"cls", {"<s>", 0}}}}};
    d.write("tokenizer.json", tok.dump());
    // a vocab.json beside it is not read: tokenizer.json comes first
    d.write("vocab.json", "{broken");
    d.write("merges.txt", "");
    const BpeTokenizer t = loadBpeTokenizer(d.path.string());
    EXPECT_EQ(t.encode("the lower <mask>"), (Ids{B('t'), kHe, 265, 268, 270}));
    EXPECT_EQ(t.bosId(), 0);
    EXPECT_EQ(t.eosId(), 2);

    // the newer merges form, pairs
    nlohmann::json pairs = tok;
    pairs["model"]["merges"] = nlohmann::json::array();
    for (const auto &[a, b] : kMerges)
        pairs["model"]["merges"].push_back({a, b});
    d.write("tokenizer.json", pairs.dump());
    EXPECT_EQ(loadBpeTokenizer(d.path.string()).encode(" the lower"), (Ids{kThe, 265, 268}));

    // add_prefix_space: each stretch of text starts with a space
    nlohmann::json prefixed = tok;
    prefixed["pre_tokenizer"]["add_prefix_space"] = true;
    d.write("tokenizer.json", prefixed.dump());
    EXPECT_EQ(loadBpeTokenizer(d.path.string()).encode("the"), (Ids{kThe}));

    // Qwen2's form: NFC, then a Split by its pattern, then ByteLevel without a regex
    nlohmann::json qwen2 = tok;
    qwen2["normalizer"] = {{"type", "NFC"}};
    qwen2["pre_tokenizer"] = {
        {"type", "Sequence"},
        {"pretokenizers",
         {{{"type", "Split"},
           {"pattern", {{"Regex", R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"}}},
           {"behavior", "Isolated"},
           {"invert", false}},
          {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}}}}};
    d.write("tokenizer.json", qwen2.dump());
    const BpeTokenizer q = loadBpeTokenizer(d.path.string());
    EXPECT_EQ(q.encode("e\u0301"), (Ids{B(0xC3), B(0xA9)})); // e + combining acute composes to U+00E9
    EXPECT_EQ(q.encode(" the lower"), (Ids{kThe, 265, 268}));
    EXPECT_EQ(t.encode("e\u0301"), (Ids{B('e'), B(0xCC), B(0x81)})); // without NFC it stays decomposed
    nlohmann::json otherSplit = qwen2;
    otherSplit["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "\\s+";
    d.write("tokenizer.json", otherSplit.dump());
    EXPECT_NE(loadError(d).find("pre-tokenizer 'Sequence' is not supported"), std::string::npos) << loadError(d);

    // what is not implemented is said, not guessed
    nlohmann::json qwen = tok;
    qwen["pre_tokenizer"] = {{"type", "Sequence"}, {"pretokenizers", nlohmann::json::array()}};
    d.write("tokenizer.json", qwen.dump());
    EXPECT_NE(loadError(d).find("pre-tokenizer 'Sequence' is not supported"), std::string::npos) << loadError(d);
    nlohmann::json unigram = tok;
    unigram["model"]["type"] = "Unigram";
    d.write("tokenizer.json", unigram.dump());
    EXPECT_NE(loadError(d).find("not BPE"), std::string::npos) << loadError(d);
}

TEST(BpeFiles, HostileFilesGiveClearErrors)
{
    const auto errorWith = [](const std::string &vocab, const std::string &merges) {
        TempDir d;
        d.write("vocab.json", vocab);
        d.write("merges.txt", merges);
        return loadError(d);
    };
    EXPECT_NE(errorWith("{\"a\": 1", "").find("corrupt JSON"), std::string::npos);
    EXPECT_NE(errorWith("[1, 2]", "").find("not a JSON object"), std::string::npos);
    EXPECT_NE(errorWith("{\"a\": \"one\"}", "").find("not an integer"), std::string::npos);
    EXPECT_NE(errorWith("{\"a\": -4}", "").find("out of range"), std::string::npos);
    EXPECT_NE(errorWith("{\"a\": 99999999999}", "").find("out of range"), std::string::npos);
    // bad UTF-8 inside the JSON
    EXPECT_NE(errorWith("{\"\xff\": 1}", "").find("corrupt JSON"), std::string::npos);
    EXPECT_NE(errorWith(std::string(100000, '[') + std::string(100000, ']'), "").find("nested deeper"),
              std::string::npos);
    EXPECT_NE(errorWith(vocabJson(), "Ġ t\nzz q\n").find("merge 2"), std::string::npos);
    EXPECT_NE(errorWith(vocabJson(), "Ġ t h\n").find("not two tokens"), std::string::npos);
    EXPECT_NE(errorWith("{\"" + std::string(5000, 'a') + "\": 1}", "").find("a token of 5000 bytes"),
              std::string::npos);
    // a missing tokenizer says which files it looked for
    TempDir empty;
    try {
        (void)loadBpeTokenizer(empty.path.string());
        ADD_FAILURE();
    } catch (const io::MissingFileError &e) {
        EXPECT_NE(std::string(e.what()).find("vocab.json with merges.txt"), std::string::npos);
    }
}
