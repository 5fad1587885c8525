#include "text/bpe_files.h"

#include "io/safetensors.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_set>

namespace fs = std::filesystem;

namespace gc::text {
namespace {

// Far beyond any real tokenizer (the largest vocabularies hold about 260 000 entries and their
// tokenizer.json some 35 MB), near enough that a hostile file cannot make us allocate without bound.
constexpr uintmax_t kMaxFileBytes = 256u << 20;
constexpr size_t kMaxVocab = 4u << 20;
constexpr size_t kMaxMerges = 4u << 20;
constexpr size_t kMaxAdded = 1u << 20;
constexpr size_t kMaxTokenBytes = 4096;
constexpr int64_t kMaxId = 1 << 23;
constexpr int kMaxJsonDepth = 64;

// j[key], or null when j is not an object or has no such key.
const nlohmann::json &member(const nlohmann::json &j, const char *key)
{
    static const nlohmann::json null;
    if (!j.is_object())
        return null;
    auto it = j.find(key);
    return it == j.end() ? null : *it;
}

std::string typeOf(const nlohmann::json &j)
{
    const nlohmann::json &t = member(j, "type");
    return t.is_string() ? t.get<std::string>() : std::string();
}

[[noreturn]] void fail(const std::string &source, const std::string &why)
{
    throw io::FormatError(source + ": " + why);
}

std::string readFile(const fs::path &p)
{
    std::error_code ec;
    const uintmax_t size = fs::file_size(p, ec);
    if (ec)
        fail(p.string(), "cannot read (" + ec.message() + ")");
    if (size > kMaxFileBytes)
        fail(p.string(), "too large for a tokenizer file (" + std::to_string(size >> 20) + " MiB)");
    std::ifstream in(p, std::ios::binary);
    if (!in)
        fail(p.string(), "cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

nlohmann::json optionalJson(const fs::path &p)
{
    return fs::is_regular_file(p) ? parseTokenizerFileJson(readFile(p), p.string()) : nlohmann::json();
}

void checkToken(const std::string &t, const std::string &source)
{
    if (t.empty())
        fail(source, "an empty token");
    if (t.size() > kMaxTokenBytes)
        fail(source,
             "a token of " + std::to_string(t.size()) + " bytes (at most " + std::to_string(kMaxTokenBytes) + ")");
}

int64_t checkedId(const nlohmann::json &v, const std::string &what, const std::string &source)
{
    if (!v.is_number_integer())
        fail(source, what + ": the id is not an integer");
    const int64_t id = v.get<int64_t>();
    if (id < 0 || id >= kMaxId)
        fail(source, what + ": id " + std::to_string(id) + " out of range (0.." + std::to_string(kMaxId - 1) + ")");
    return id;
}

bool flag(const nlohmann::json &obj, const char *key, const std::string &source)
{
    if (!obj.contains(key) || obj[key].is_null())
        return false;
    if (!obj[key].is_boolean())
        fail(source, std::string("'") + key + "' is not true or false");
    return obj[key].get<bool>();
}

std::vector<std::pair<std::string, int64_t>> readVocab(const nlohmann::json &vocab, const std::string &source)
{
    if (!vocab.is_object())
        fail(source, "the vocabulary is not a JSON object of token → id");
    if (vocab.size() > kMaxVocab)
        fail(source, "a vocabulary of " + std::to_string(vocab.size()) + " entries (at most "
                         + std::to_string(kMaxVocab) + ")");
    std::vector<std::pair<std::string, int64_t>> out;
    out.reserve(vocab.size());
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        checkToken(it.key(), source);
        out.emplace_back(it.key(), checkedId(it.value(), "token '" + it.key() + "'", source));
    }
    return out;
}

void addMerge(std::vector<std::pair<std::string, std::string>> &out, std::string_view line, size_t number,
              const std::string &source)
{
    const size_t sp = line.find(' ');
    if (sp == std::string_view::npos || sp == 0 || sp + 1 >= line.size()
        || line.find(' ', sp + 1) != std::string_view::npos)
        fail(source, "merge " + std::to_string(number) + " is not two tokens separated by one space");
    out.emplace_back(std::string(line.substr(0, sp)), std::string(line.substr(sp + 1)));
    checkToken(out.back().first, source);
    checkToken(out.back().second, source);
}

// A role's token as tokenizer_config.json, then special_tokens_map.json name it: a string, an object with
// "content" (and lstrip/rstrip), or null for "none". nullopt when neither file mentions the role.
struct Role {
    std::string content; // empty: the tokenizer has none
    bool lstrip = false, rstrip = false, flagsGiven = false;
};

std::optional<Role> namedRole(const nlohmann::json &config, const nlohmann::json &map, const char *key,
                              const std::string &source)
{
    for (const nlohmann::json *j : {&config, &map}) {
        if (!j->is_object() || !j->contains(key))
            continue;
        const nlohmann::json &v = (*j)[key];
        Role r;
        if (v.is_string()) {
            r.content = v.get<std::string>();
        } else if (v.is_object() && v.contains("content") && v["content"].is_string()) {
            r.content = v["content"].get<std::string>();
            r.lstrip = flag(v, "lstrip", source);
            r.rstrip = flag(v, "rstrip", source);
            r.flagsGiven = true;
        } else if (!v.is_null()) {
            fail(source, std::string("'") + key + "' is neither a token nor null");
        }
        if (r.content.size() > kMaxTokenBytes)
            fail(source, std::string("'") + key + "' is too long");
        return r;
    }
    return std::nullopt;
}

// The role tokens: named in the configs, else what `known` holds of the usual names.
template<typename Known>
void resolveRoles(BpeSpec &spec, const nlohmann::json &config, const nlohmann::json &map, const Known &known,
                  const std::string &fromPostProcessorBos, const std::string &fromPostProcessorEos,
                  const std::string &source)
{
    const auto pick = [&](const char *key, std::initializer_list<const char *> defaults, const std::string &pp) {
        if (auto r = namedRole(config, map, key, source))
            return r->content;
        if (!pp.empty())
            return pp;
        for (const char *d : defaults)
            if (known(d))
                return std::string(d);
        return std::string();
    };
    spec.bos = pick("bos_token", {"<s>", "<|endoftext|>"}, fromPostProcessorBos);
    spec.eos = pick("eos_token", {"</s>", "<|endoftext|>"}, fromPostProcessorEos);
    spec.pad = pick("pad_token", {"<pad>"}, "");
    spec.unk = pick("unk_token", {"<unk>"}, "");
}

// tokenizer_config.json's switches, which the reference's tokenizer classes apply over the tokenizer files.
void applyConfigSwitches(BpeSpec &spec, const nlohmann::json &config, const std::string &source)
{
    const auto boolean = [&](const char *key, bool &out) {
        const nlohmann::json &v = member(config, key);
        if (v.is_null())
            return;
        if (!v.is_boolean())
            fail(source, std::string("'") + key + "' is not true or false");
        out = v.get<bool>();
    };
    boolean("clean_up_tokenization_spaces", spec.cleanUpSpaces);
    boolean("add_prefix_space", spec.addPrefixSpace);
}

// The slow tokenizer's class decides its pre-tokenizer (tokenizer.json spells it out instead).
void preTokenizerOfClass(BpeSpec &spec, const nlohmann::json &config)
{
    const nlohmann::json &cls = member(config, "tokenizer_class");
    if (cls.is_string() && (cls == "Qwen2Tokenizer" || cls == "Qwen2TokenizerFast")) {
        spec.preTokenizer = PreTokenizer::Qwen2;
        spec.nfc = true;
    }
}

// tokenizer.json's pre_tokenizer: GPT-2's ByteLevel with its regex, or a Sequence of a Split by a known
// pattern (isolated matches) and a ByteLevel without regex (Qwen2).
void readPreTokenizer(BpeSpec &spec, const nlohmann::json &pre, const std::string &source)
{
    const auto byteLevel = [&](const nlohmann::json &b, bool withRegex) {
        if (typeOf(b) != "ByteLevel")
            return false;
        const bool regex = !b.contains("use_regex") || b["use_regex"].is_null() || flag(b, "use_regex", source);
        if (regex != withRegex)
            return false;
        spec.addPrefixSpace = flag(b, "add_prefix_space", source);
        return true;
    };
    if (byteLevel(pre, true)) {
        spec.preTokenizer = PreTokenizer::Gpt2;
        return;
    }
    const nlohmann::json &steps = member(pre, "pretokenizers");
    if (typeOf(pre) == "Sequence" && steps.is_array() && steps.size() == 2 && typeOf(steps[0]) == "Split") {
        const nlohmann::json &split = steps[0];
        const nlohmann::json &regex = member(member(split, "pattern"), "Regex");
        const nlohmann::json &behavior = member(split, "behavior");
        if (regex.is_string() && behavior == "Isolated" && !flag(split, "invert", source) &&
            preTokenizerOfPattern(regex.get<std::string>(), &spec.preTokenizer) && byteLevel(steps[1], false))
            return;
    }
    fail(source, "the pre-tokenizer '" + (pre.is_null() ? std::string("none") : typeOf(pre)) +
                     "' is not supported (GPT-2's ByteLevel, or Qwen2's Split then ByteLevel)");
}

AddedToken addedFromObject(const nlohmann::json &o, int64_t id, const std::string &source)
{
    if (!o.is_object() || !o.contains("content") || !o["content"].is_string())
        fail(source, "an added token without a content string");
    AddedToken a;
    a.content = o["content"].get<std::string>();
    checkToken(a.content, source);
    a.id = id;
    a.lstrip = flag(o, "lstrip", source);
    a.rstrip = flag(o, "rstrip", source);
    a.special = flag(o, "special", source);
    if (flag(o, "single_word", source))
        fail(source, "added token '" + a.content + "' is single_word, which is not supported");
    return a;
}

} // namespace

nlohmann::json parseTokenizerFileJson(std::string_view text, const std::string &source)
{
    bool tooDeep = false;
    nlohmann::json j = nlohmann::json::parse(
        text.begin(), text.end(),
        [&](int depth, nlohmann::json::parse_event_t, nlohmann::json &) {
            if (depth > kMaxJsonDepth)
                tooDeep = true;
            return !tooDeep;
        },
        false);
    if (tooDeep)
        fail(source, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    if (j.is_discarded())
        fail(source, "corrupt JSON");
    return j;
}

std::vector<AddedToken> readAddedTokens(const nlohmann::json &addedTokens, const nlohmann::json &tokenizerConfig,
                                        const std::string &source)
{
    std::vector<AddedToken> added;
    // tokenizer_config.json's added_tokens_decoder carries the flags; added_tokens.json only ids
    std::unordered_set<std::string> seen;
    const std::string configSource = source + " (tokenizer_config.json)";
    if (tokenizerConfig.is_object() && tokenizerConfig.contains("added_tokens_decoder")) {
        const nlohmann::json &dec = tokenizerConfig["added_tokens_decoder"];
        if (!dec.is_object() || dec.size() > kMaxAdded)
            fail(configSource, "added_tokens_decoder is not an object of id → token (or too large)");
        for (auto it = dec.begin(); it != dec.end(); ++it) {
            int64_t id = -1;
            try {
                size_t used = 0;
                id = std::stoll(it.key(), &used);
                if (used != it.key().size())
                    id = -1;
            } catch (const std::exception &) { }
            if (id < 0 || id >= kMaxId)
                fail(configSource, "added_tokens_decoder has a bad id '" + it.key() + "'");
            added.push_back(addedFromObject(it.value(), id, configSource));
            seen.insert(added.back().content);
        }
    }
    const std::string addedSource = source + " (added_tokens.json)";
    if (!addedTokens.is_null()) {
        if (!addedTokens.is_object() || addedTokens.size() > kMaxAdded)
            fail(addedSource, "not an object of token → id (or too large)");
        for (auto it = addedTokens.begin(); it != addedTokens.end(); ++it) {
            checkToken(it.key(), addedSource);
            const int64_t id = checkedId(it.value(), "token '" + it.key() + "'", addedSource);
            if (seen.insert(it.key()).second)
                added.push_back({it.key(), id, false, false, false});
        }
    }
    return added;
}

BpeSpec parseVocabMerges(const nlohmann::json &vocab, std::string_view merges, const nlohmann::json &addedTokens,
                         const nlohmann::json &tokenizerConfig, const nlohmann::json &specialTokensMap,
                         const std::string &source)
{
    BpeSpec spec;
    spec.vocab = readVocab(vocab, source + " (vocab.json)");
    const std::string mergesSource = source + " (merges.txt)";
    size_t number = 0;
    for (size_t at = 0; at < merges.size();) {
        size_t end = merges.find('\n', at);
        if (end == std::string_view::npos)
            end = merges.size();
        std::string_view line = merges.substr(at, end - at);
        at = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty() || line.rfind("#version", 0) == 0)
            continue;
        if (spec.merges.size() >= kMaxMerges)
            fail(mergesSource, "more than " + std::to_string(kMaxMerges) + " merges");
        addMerge(spec.merges, line, number, mergesSource);
    }

    const std::string configSource = source + " (tokenizer_config.json)";
    spec.added = readAddedTokens(addedTokens, tokenizerConfig, source);
    std::unordered_set<std::string> seen;
    for (const AddedToken &a : spec.added)
        seen.insert(a.content);

    std::unordered_map<std::string, int64_t> known(spec.vocab.begin(), spec.vocab.end());
    for (const AddedToken &a : spec.added)
        known.emplace(a.content, a.id);
    resolveRoles(
        spec, tokenizerConfig, specialTokensMap, [&](const char *t) { return known.count(t) != 0; }, "", "",
        configSource);
    applyConfigSwitches(spec, tokenizerConfig, configSource);
    preTokenizerOfClass(spec, tokenizerConfig);
    // The slow tokenizer registers its role tokens as special added tokens; BART's and RoBERTa's mask
    // swallows the space before it unless the files say otherwise.
    std::vector<std::pair<std::string, const char *>> roles = {
        {spec.bos, "bos_token"}, {spec.eos, "eos_token"}, {spec.unk, "unk_token"}, {spec.pad, "pad_token"}};
    for (const char *key : {"sep_token", "cls_token", "mask_token"})
        if (auto r = namedRole(tokenizerConfig, specialTokensMap, key, configSource))
            roles.emplace_back(r->content, key);
        else if (std::string_view(key) == "mask_token" && known.count("<mask>"))
            roles.emplace_back("<mask>", key);
    for (const auto &[content, key] : roles) {
        if (content.empty() || seen.count(content))
            continue;
        auto it = known.find(content);
        if (it == known.end())
            fail(configSource, std::string("the ") + key + " '" + content + "' is not in the vocabulary");
        const auto named = namedRole(tokenizerConfig, specialTokensMap, key, configSource);
        const bool isMask = std::string_view(key) == "mask_token";
        AddedToken a{content, it->second, named && named->flagsGiven ? named->lstrip : isMask,
                     named && named->flagsGiven && named->rstrip, true};
        spec.added.push_back(a);
        seen.insert(content);
    }
    return spec;
}

BpeSpec parseTokenizerJson(const nlohmann::json &tokenizer, const nlohmann::json &tokenizerConfig,
                           const nlohmann::json &specialTokensMap, const std::string &source)
{
    if (!tokenizer.is_object())
        fail(source, "not a JSON object");
    BpeSpec spec;
    const nlohmann::json &model = member(tokenizer, "model");
    // tokenizer.json may leave the model's type out; then it is BPE when it has merges
    if (!model.is_object() || (model.contains("type") ? typeOf(model) != "BPE" : !model.contains("merges")))
        fail(source, "the model is not BPE (model.type '" + typeOf(model) + "')");
    spec.vocab = readVocab(member(model, "vocab"), source + " (model.vocab)");
    const nlohmann::json &merges = member(model, "merges");
    if (!merges.is_array() || merges.size() > kMaxMerges)
        fail(source, "model.merges is not a list (or holds more than " + std::to_string(kMaxMerges) + ")");
    for (size_t i = 0; i < merges.size(); ++i) {
        const nlohmann::json &m = merges[i];
        if (m.is_string()) {
            addMerge(spec.merges, m.get_ref<const std::string &>(), i + 1, source);
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
            spec.merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
            checkToken(spec.merges.back().first, source);
            checkToken(spec.merges.back().second, source);
        } else {
            fail(source, "merge " + std::to_string(i + 1) + " is neither \"a b\" nor [\"a\", \"b\"]");
        }
    }
    const auto emptyOrNull = [&](const char *key) {
        return !model.contains(key) || model[key].is_null()
            || (model[key].is_string() && model[key].get<std::string>().empty());
    };
    if (!emptyOrNull("continuing_subword_prefix") || !emptyOrNull("end_of_word_suffix"))
        fail(source, "BPE with word prefixes or suffixes is not byte-level BPE");
    if (flag(model, "byte_fallback", source))
        fail(source, "byte_fallback BPE (a sentencepiece-style model) is not supported here");
    if (model.contains("dropout") && !model["dropout"].is_null()
        && !(model["dropout"].is_number() && model["dropout"].get<double>() == 0.0))
        fail(source, "BPE dropout is for training; a tokenizer with it is not supported");
    spec.ignoreMerges = flag(model, "ignore_merges", source);

    const auto field = [&](const char *key) -> const nlohmann::json & { return member(tokenizer, key); };
    if (typeOf(field("normalizer")) == "NFC")
        spec.nfc = true;
    else if (!field("normalizer").is_null())
        fail(source, "the normalizer '" + typeOf(field("normalizer")) + "' is not supported (only NFC)");
    readPreTokenizer(spec, field("pre_tokenizer"), source);
    const nlohmann::json &dec = field("decoder");
    if (!dec.is_null() && typeOf(dec) != "ByteLevel")
        fail(source, "the decoder '" + typeOf(dec) + "' is not supported (only ByteLevel)");

    const nlohmann::json &added = field("added_tokens");
    if (!added.is_null()) {
        if (!added.is_array() || added.size() > kMaxAdded)
            fail(source, "added_tokens is not a list (or too long)");
        for (const nlohmann::json &a : added) {
            if (!a.is_object() || !a.contains("id"))
                fail(source, "an added token without an id");
            spec.added.push_back(addedFromObject(a, checkedId(a["id"], "an added token", source), source));
        }
    }

    // RobertaProcessing {cls: ["<s>", 0], sep: ["</s>", 2]}, or TemplateProcessing's single template
    std::string ppBos, ppEos;
    const nlohmann::json &post = field("post_processor");
    const auto nameOf = [](const nlohmann::json &pair) {
        return pair.is_array() && !pair.empty() && pair[0].is_string() ? pair[0].get<std::string>() : std::string();
    };
    if (typeOf(post) == "RobertaProcessing" || typeOf(post) == "BertProcessing") {
        ppBos = nameOf(member(post, "cls"));
        ppEos = nameOf(member(post, "sep"));
    } else if (typeOf(post) == "TemplateProcessing" && post.contains("single") && post["single"].is_array()) {
        bool afterSequence = false;
        for (const nlohmann::json &piece : post["single"]) {
            if (!piece.is_object())
                continue;
            if (piece.contains("Sequence"))
                afterSequence = true;
            else if (piece.contains("SpecialToken") && piece["SpecialToken"].is_object()
                     && piece["SpecialToken"].contains("id") && piece["SpecialToken"]["id"].is_string())
                (afterSequence ? ppEos : ppBos) = piece["SpecialToken"]["id"].get<std::string>();
        }
    }
    std::unordered_map<std::string, int64_t> known(spec.vocab.begin(), spec.vocab.end());
    for (const AddedToken &a : spec.added)
        known.emplace(a.content, a.id);
    resolveRoles(
        spec, tokenizerConfig, specialTokensMap, [&](const char *t) { return known.count(t) != 0; }, ppBos, ppEos,
        source);
    applyConfigSwitches(spec, tokenizerConfig, source + " (tokenizer_config.json)");
    if (model.contains("unk_token") && model["unk_token"].is_string() && spec.unk.empty())
        spec.unk = model["unk_token"].get<std::string>();
    return spec;
}

BpeTokenizer loadBpeTokenizer(const std::string &dir)
{
    const fs::path root(dir);
    const fs::path dirs[] = {root, root / "processor"};
    const auto aux = [](const fs::path &d, std::initializer_list<const char *> names) {
        std::vector<nlohmann::json> out;
        for (const char *n : names)
            out.push_back(optionalJson(d / n));
        return out;
    };
    for (const fs::path &d : dirs)
        if (fs::is_regular_file(d / "tokenizer.json")) {
            const std::string source = (d / "tokenizer.json").string();
            const auto cfg = aux(d, {"tokenizer_config.json", "special_tokens_map.json"});
            return BpeTokenizer(parseTokenizerJson(parseTokenizerFileJson(readFile(d / "tokenizer.json"), source),
                                                   cfg[0], cfg[1], source),
                                source);
        }
    for (const fs::path &d : dirs)
        if (fs::is_regular_file(d / "vocab.json") && fs::is_regular_file(d / "merges.txt")) {
            const std::string source = d.string();
            const auto j = aux(d, {"added_tokens.json", "tokenizer_config.json", "special_tokens_map.json"});
            const std::string vocabPath = (d / "vocab.json").string();
            return BpeTokenizer(parseVocabMerges(parseTokenizerFileJson(readFile(d / "vocab.json"), vocabPath),
                                                 readFile(d / "merges.txt"), j[0], j[1], j[2], source),
                                source);
        }
    throw io::MissingFileError(dir + ": no tokenizer.json, nor vocab.json with merges.txt (top level or processor/)");
}

} // namespace gc::text
