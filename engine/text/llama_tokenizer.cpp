#include "text/llama_tokenizer.h"

#include "core/utf8.h"
#include "io/safetensors.h"
#include "text/added_tokens.h"
#include "text/bpe_files.h"
#include "text/spm_model.h"

#include <algorithm>
#include <cctype>

namespace gc::text {

namespace {

const std::string kMetaspace = "\xE2\x96\x81"; // U+2581

std::string replaceAll(std::string_view s, const std::string &from, const std::string &to)
{
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (s.compare(i, from.size(), from) == 0) {
            out += to;
            i += from.size();
        } else {
            out.push_back(s[i++]);
        }
    }
    return out;
}

// "<0x0A>" (a byte-fallback piece) → its byte.
bool bytePiece(const std::string &p, char *byte)
{
    if (p.size() != 6 || p.compare(0, 3, "<0x") != 0 || p[5] != '>' || !std::isxdigit(static_cast<unsigned char>(p[3])) ||
        !std::isxdigit(static_cast<unsigned char>(p[4])))
        return false;
    *byte = static_cast<char>(std::stoi(p.substr(3, 2), nullptr, 16));
    return true;
}

// A role token ("bos_token": "<s>" or {"content": "<s>", ...}) of tokenizer_config.json; `def` when absent.
std::string roleToken(const nlohmann::json &tc, const char *key, const std::string &def, const std::string &source)
{
    if (!tc.is_object() || !tc.contains(key) || tc[key].is_null())
        return def;
    const nlohmann::json &v = tc[key];
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string())
        return v["content"].get<std::string>();
    throw io::FormatError(source + ": '" + key + "' is neither a string nor a token object");
}

bool flag(const nlohmann::json &tc, const char *key, bool def, const std::string &source)
{
    if (!tc.is_object() || !tc.contains(key) || tc[key].is_null())
        return def;
    if (!tc[key].is_boolean())
        throw io::FormatError(source + ": '" + key + "' is not true or false");
    return tc[key].get<bool>();
}

} // namespace

struct LlamaTokenizer::Impl {
    SpmModel sp;
    AddedTokens added;
    bool legacy = true, addPrefixSpace = true, addBos = true;
    int64_t bos = -1, eos = -1, unk = 0, pad = -1, vocab = 0;
    size_t unkLength = 0;    // pieces the unknown token's text takes (legacy=False's prefix trick)
    std::string unkText;
    int metaspaceId = -1;    // the piece "▁" alone

    [[nodiscard]] int64_t map(int s) const { return s == sp.unk() ? unk : s; }
    [[nodiscard]] bool isSpecial(int64_t id) const
    {
        const AddedToken *a = added.byId(id);
        return a && a->special;
    }
    // Pieces of sentencepiece's vocabulary are decoded together; added tokens beyond it stand alone.
    [[nodiscard]] bool standsAlone(int64_t id) const { return id >= sp.size() || (added.byId(id) && !isSpecial(id)); }
};

LlamaTokenizer::LlamaTokenizer() : d(std::make_unique<Impl>()) {}
LlamaTokenizer::~LlamaTokenizer() = default;
LlamaTokenizer::LlamaTokenizer(LlamaTokenizer &&) noexcept = default;
LlamaTokenizer &LlamaTokenizer::operator=(LlamaTokenizer &&) noexcept = default;

LlamaTokenizer LlamaTokenizer::fromFolder(const io::ModelFolder &folder)
{
    if (folder.sentencepieceModel.empty())
        throw io::MissingFileError(folder.root + ": no tokenizer.model (top level or processor/)");
    const nlohmann::json &tc = folder.tokenizerConfig;
    const std::string source = folder.tokenizerDir + "/tokenizer_config.json";
    LlamaTokenizer t;
    Impl &d = *t.d;
    // transformers treats an unset `legacy` as true (with a warning)
    d.legacy = flag(tc, "legacy", true, source);
    d.addPrefixSpace = flag(tc, "add_prefix_space", true, source);
    d.addBos = flag(tc, "add_bos_token", true, source);
    d.sp.load(folder.sentencepieceModel, d.legacy ? -1 : 0);

    std::vector<AddedToken> added = readAddedTokens(folder.addedTokens, tc, folder.tokenizerDir);
    auto idOf = [&](const std::string &content) -> int64_t {
        for (const AddedToken &a : added)
            if (a.content == content)
                return a.id;
        for (int i = 0; i < d.sp.size(); ++i)
            if (d.sp.piece(i) == content)
                return i;
        return -1;
    };
    // The slow tokenizer registers its role tokens as special added tokens.
    auto role = [&](const char *key, const std::string &def, int64_t &id) {
        const std::string content = roleToken(tc, key, def, source);
        if (content.empty())
            return;
        id = idOf(content);
        if (id < 0)
            throw io::FormatError(source + ": the " + key + " '" + content + "' is not in the vocabulary");
        const auto known = std::find_if(added.begin(), added.end(), [&](const AddedToken &a) { return a.content == content; });
        if (known == added.end())
            added.push_back({content, id, false, false, true});
        else
            known->special = true;
    };
    role("bos_token", "<s>", d.bos);
    role("eos_token", "</s>", d.eos);
    role("unk_token", "<unk>", d.unk);
    role("pad_token", "", d.pad);
    d.added.add(added);
    d.unkText = roleToken(tc, "unk_token", "<unk>", source);
    d.unkLength = d.sp.encode(d.unkText).size();
    for (int i = 0; i < d.sp.size() && d.metaspaceId < 0; ++i)
        if (d.sp.piece(i) == kMetaspace)
            d.metaspaceId = i;
    d.vocab = std::max<int64_t>(d.sp.size(), d.added.maxId() + 1);
    return t;
}

std::vector<int64_t> LlamaTokenizer::encode(std::string_view text) const { return encodeText(text, true); }

std::vector<int64_t> LlamaTokenizer::encodeContinuation(std::string_view text) const { return encodeText(text, false); }

std::vector<int64_t> LlamaTokenizer::encodeText(std::string_view input, bool atStart) const
{
    std::vector<int64_t> ids;
    if (input.empty())
        return ids;
    std::string text(input);
    if (!d->legacy) {
        text = replaceAll(text, kMetaspace, " ");
        if (atStart && d->addPrefixSpace)
            text = kMetaspace + text;
    }
    for (const AddedTokens::Part &part : d->added.split(text)) {
        if (part.token) {
            ids.push_back(part.token->id);
            continue;
        }
        const std::string s(part.text);
        if (d->legacy || (s.compare(0, kMetaspace.size(), kMetaspace) != 0 && s.front() != ' ')) {
            for (int p : d->sp.encode(s))
                ids.push_back(d->map(p));
            continue;
        }
        // Without the dummy prefix sentencepiece would not mark this leading space as a word start; the
        // reference encodes the unknown token's text in front and drops its pieces.
        const std::vector<int> p = d->sp.encode(d->unkText + s);
        for (size_t i = std::min(d->unkLength, p.size()); i < p.size(); ++i)
            ids.push_back(d->map(p[i]));
    }
    if (!d->legacy && ids.size() > 1 && ids[0] == d->metaspaceId && d->isSpecial(ids[1]))
        ids.erase(ids.begin());
    return ids;
}

std::string LlamaTokenizer::piece(int64_t id) const
{
    if (const AddedToken *a = d->added.byId(id))
        return a->content;
    if (id < 0 || id >= d->sp.size())
        return {};
    const std::string p = d->sp.piece(static_cast<int>(id));
    char byte = 0;
    return bytePiece(p, &byte) ? std::string(1, byte) : metaspaceToSpace(p);
}

std::string LlamaTokenizer::decode(const std::vector<int64_t> &ids, bool skipSpecial) const
{
    std::string out, run;
    bool segmentStart = true;
    // Like the reference, each stretch between added tokens is decoded alone and loses the word boundary of
    // its first piece; bytes of an unfinished character become U+FFFD.
    auto flush = [&] {
        if (segmentStart && !run.empty() && run.front() == ' ' && (d->addPrefixSpace || d->legacy))
            run.erase(0, 1);
        out += utf8::sanitize(run);
        run.clear();
        segmentStart = false;
    };
    for (int64_t id : ids) {
        if (skipSpecial && d->isSpecial(id))
            continue;
        if (d->standsAlone(id) || d->isSpecial(id)) {
            flush();
            out += piece(id);
            segmentStart = d->standsAlone(id);
            continue;
        }
        run += piece(id);
    }
    flush();
    return out;
}

int64_t LlamaTokenizer::tokenId(const std::string &addedToken) const
{
    const AddedToken *a = d->added.byContent(addedToken);
    return a ? a->id : -1;
}

int64_t LlamaTokenizer::vocabSize() const { return d->vocab; }
int64_t LlamaTokenizer::bosId() const { return d->bos; }
int64_t LlamaTokenizer::padId() const { return d->pad; }
int64_t LlamaTokenizer::eosId() const { return d->eos; }
int64_t LlamaTokenizer::unkId() const { return d->unk; }
bool LlamaTokenizer::addsBos() const { return d->addBos; }

} // namespace gc::text
