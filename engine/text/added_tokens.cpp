#include "text/added_tokens.h"

#include "core/utf8.h"
#include "text/unicode_classes.h"

#include <algorithm>

namespace gc::text {
namespace {

// The white-space code point ending just before `end`, or 0 bytes.
size_t spaceBefore(std::string_view s, size_t end)
{
    size_t b = end;
    while (b > 0 && end - b < 4 && (static_cast<unsigned char>(s[b - 1]) & 0xC0) == 0x80)
        --b;
    if (b == 0)
        return 0;
    --b;
    char32_t cp = 0;
    return utf8::decodeAt(s, b, &cp) == end - b && unicode::isWhiteSpace(cp) ? end - b : 0;
}

size_t spaceAt(std::string_view s, size_t pos)
{
    char32_t cp = 0;
    const size_t n = utf8::decodeAt(s, pos, &cp);
    return cp != utf8::kInvalid && unicode::isWhiteSpace(cp) ? n : 0;
}

} // namespace

void AddedTokens::add(const std::vector<AddedToken> &tokens)
{
    for (const AddedToken &token : tokens) {
        if (token.content.empty())
            continue;
        auto known = m_byContent.find(token.content);
        if (known != m_byContent.end()) {
            AddedToken &t = m_tokens[known->second];
            const int64_t id = t.id;
            t = token;
            t.id = id;
            continue;
        }
        m_byId[token.id] = m_tokens.size();
        m_byContent.emplace(token.content, m_tokens.size());
        m_tokens.push_back(token);
        m_maxId = std::max(m_maxId, token.id);
    }
    m_sorted.resize(m_tokens.size());
    for (size_t i = 0; i < m_sorted.size(); ++i)
        m_sorted[i] = i;
    std::sort(m_sorted.begin(), m_sorted.end(),
              [&](size_t a, size_t b) { return m_tokens[a].content < m_tokens[b].content; });
}

const AddedToken *AddedTokens::byId(int64_t id) const
{
    auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_tokens[it->second];
}

const AddedToken *AddedTokens::byContent(std::string_view content) const
{
    auto it = m_byContent.find(std::string(content));
    return it == m_byContent.end() ? nullptr : &m_tokens[it->second];
}

// Walks the sorted contents like a trie: after k bytes, [lo, hi) holds the tokens that start with the
// text's next k bytes, and the one of exactly k bytes, if any, sorts first.
size_t AddedTokens::longestAt(std::string_view text, size_t pos, size_t *index) const
{
    size_t lo = 0, hi = m_sorted.size(), best = 0;
    for (size_t k = 0; lo < hi; ++k) {
        const std::string &first = m_tokens[m_sorted[lo]].content;
        if (first.size() == k) {
            best = k;
            *index = m_sorted[lo];
            ++lo;
        }
        if (pos + k >= text.size() || lo >= hi)
            break;
        const unsigned char c = static_cast<unsigned char>(text[pos + k]);
        const auto byteAt = [&](size_t i) { return static_cast<unsigned char>(m_tokens[i].content[k]); };
        const auto b = m_sorted.begin();
        lo = static_cast<size_t>(
            std::lower_bound(b + lo, b + hi, c, [&](size_t i, unsigned char v) { return byteAt(i) < v; }) - b);
        hi = static_cast<size_t>(
            std::upper_bound(b + lo, b + hi, c, [&](unsigned char v, size_t i) { return v < byteAt(i); }) - b);
    }
    return best;
}

std::vector<AddedTokens::Part> AddedTokens::split(std::string_view text) const
{
    std::vector<Part> parts;
    size_t textStart = 0, pos = 0;
    while (pos < text.size()) {
        size_t idx = 0;
        const size_t len = m_tokens.empty() ? 0 : longestAt(text, pos, &idx);
        if (len == 0) {
            ++pos;
            continue;
        }
        const AddedToken &tok = m_tokens[idx];
        size_t textEnd = pos;
        if (tok.lstrip)
            while (textEnd > textStart && spaceBefore(text, textEnd) > 0)
                textEnd -= spaceBefore(text, textEnd);
        if (textEnd > textStart)
            parts.push_back({text.substr(textStart, textEnd - textStart), nullptr});
        parts.push_back({text.substr(pos, len), &tok});
        pos += len;
        if (tok.rstrip)
            while (pos < text.size() && spaceAt(text, pos) > 0)
                pos += spaceAt(text, pos);
        textStart = pos;
    }
    if (text.size() > textStart)
        parts.push_back({text.substr(textStart), nullptr});
    return parts;
}

} // namespace gc::text
