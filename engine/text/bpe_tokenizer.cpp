#include "text/bpe_tokenizer.h"

#include "core/utf8.h"
#include "io/safetensors.h"
#include "text/bpe_model.h"
#include "text/byte_level.h"
#include "text/nfc.h"

#include <algorithm>
#include <unordered_map>

namespace gc::text {

BpeTokenizer::BpeTokenizer(BpeSpec spec, const std::string &source)
    : m_pre(spec.preTokenizer), m_prefixSpace(spec.addPrefixSpace), m_cleanUp(spec.cleanUpSpaces), m_nfc(spec.nfc)
{
    m_model = std::make_unique<BpeModel>(std::move(spec.vocab), spec.merges, spec.unk, spec.ignoreMerges, source);
    std::unordered_map<int64_t, const std::string *> contentOfId;
    std::unordered_map<std::string, int64_t> idOfContent;
    for (const AddedToken &a : spec.added) {
        if (a.content.empty())
            throw io::FormatError(source + ": an added token has no content");
        if (a.id < 0 || a.id > INT32_MAX)
            throw io::FormatError(source + ": added token '" + a.content + "' has id " + std::to_string(a.id)
                                  + ", out of range");
        const auto sameId = contentOfId.emplace(a.id, &a.content).first;
        const auto sameContent = idOfContent.emplace(a.content, a.id).first;
        const std::string *vocabAtId = m_model->token(a.id);
        // an added token may repeat its own vocabulary entry (BART's "<s>" is both), not take another's id
        if (*sameId->second != a.content || (vocabAtId && *vocabAtId != a.content))
            throw io::FormatError(source + ": added token '" + a.content + "' takes id " + std::to_string(a.id)
                                  + ", which belongs to another token");
        if (sameContent->second != a.id)
            throw io::FormatError(source + ": added token '" + a.content + "' is listed with two ids");
    }
    m_added.add(spec.added);
    const auto role = [&](const std::string &content, const char *what) -> int64_t {
        if (content.empty())
            return -1;
        const int64_t id = idOf(content);
        if (id < 0)
            throw io::FormatError(source + ": the " + what + " token '" + content + "' is not in the vocabulary");
        return id;
    };
    m_bos = role(spec.bos, "begin-of-sequence");
    m_eos = role(spec.eos, "end-of-sequence");
    m_pad = role(spec.pad, "padding");
    m_unk = role(spec.unk, "unknown");
}

BpeTokenizer::~BpeTokenizer() = default;
BpeTokenizer::BpeTokenizer(BpeTokenizer &&) noexcept = default;
BpeTokenizer &BpeTokenizer::operator=(BpeTokenizer &&) noexcept = default;

std::vector<int64_t> BpeTokenizer::encode(std::string_view raw) const
{
    const std::string normalized = m_nfc ? nfc(raw) : std::string();
    const std::string_view text = m_nfc ? std::string_view(normalized) : raw;
    std::vector<int64_t> ids;
    std::string prefixed;
    for (const AddedTokens::Part &part : m_added.split(text)) {
        if (part.token) {
            ids.push_back(part.token->id);
            continue;
        }
        std::string_view chunk = part.text;
        if (m_prefixSpace && chunk.front() != ' ') {
            prefixed = " " + std::string(chunk);
            chunk = prefixed;
        }
        for (std::string_view word : preTokenize(m_pre, chunk))
            m_model->encodeWord(word, ids);
    }
    return ids;
}

std::string BpeTokenizer::piece(int64_t id) const
{
    if (const AddedToken *a = m_added.byId(id))
        return a->content;
    const std::string *tok = m_model->token(id);
    if (!tok)
        return {};
    std::string bytes;
    // a token outside the byte-level alphabet stands for its own UTF-8, as in the reference's decoder
    return byte_level::decode(*tok, bytes) ? bytes : *tok;
}

std::string BpeTokenizer::decode(const std::vector<int64_t> &ids, bool skipSpecial) const
{
    std::string bytes;
    for (int64_t id : ids) {
        const AddedToken *a = m_added.byId(id);
        if (a && a->special && skipSpecial)
            continue;
        bytes += piece(id);
    }
    std::string text = utf8::sanitize(bytes);
    return m_cleanUp ? cleanUpTokenizationSpaces(std::move(text)) : text;
}

int64_t BpeTokenizer::tokenId(const std::string &addedToken) const
{
    const AddedToken *a = m_added.byContent(addedToken);
    return a ? a->id : -1;
}

int64_t BpeTokenizer::idOf(const std::string &token) const
{
    const int64_t added = tokenId(token);
    return added >= 0 ? added : m_model->id(token);
}

int64_t BpeTokenizer::vocabSize() const { return std::max(m_model->maxId(), m_added.maxId()) + 1; }

void BpeTokenizer::addTokens(const std::vector<std::string> &contents, bool special)
{
    std::vector<AddedToken> batch;
    int64_t next = vocabSize();
    for (const std::string &c : contents) {
        if (c.empty())
            continue;
        int64_t id = idOf(c);
        if (id < 0) {
            // a repeat within this batch keeps the id its first occurrence took
            auto seen = std::find_if(batch.begin(), batch.end(), [&](const AddedToken &t) { return t.content == c; });
            id = seen != batch.end() ? seen->id : next++;
        }
        batch.push_back({c, id, false, false, special});
    }
    m_added.add(batch);
}

std::string cleanUpTokenizationSpaces(std::string text)
{
    static const std::pair<const char *, const char *> kRules[] = {
        {" .", "."},     {" ?", "?"},   {" !", "!"},   {" ,", ","},     {" ' ", "'"},
        {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
    for (const auto &[from, to] : kRules) {
        const std::string_view f(from), t(to);
        std::string out;
        size_t at = 0;
        for (size_t hit; (hit = text.find(f, at)) != std::string::npos; at = hit + f.size())
            out.append(text, at, hit - at).append(t);
        out.append(text, at, std::string::npos);
        text = std::move(out);
    }
    return text;
}

} // namespace gc::text
