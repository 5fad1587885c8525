#include "markup_scan.h"

#include "common.h"
#include "core/utf8.h"

#include <algorithm>

namespace gc::dialects::markup {
namespace {

bool isClosingPunct(char c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')';
}

bool isClauseBoundary(char c)
{
    switch (c) {
    case '.': case ',': case ';': case ':': case '!': case '?': case '(': case ')': case '[': case ']':
    case '{': case '}': case '"': case '\n': case '\r':
        return true;
    default:
        return false;
    }
}

} // namespace

void CleanWriter::flushPending()
{
    if (!m_pending.empty()) {
        m_b.appendText(m_pending);
        m_pending.clear();
    }
}

void CleanWriter::text(std::string_view s)
{
    if (s.empty())
        return;
    if (m_junction) {
        size_t lead = 0;
        while (lead < s.size() && isHSpace(s[lead]))
            ++lead;
        // One side's spaces are enough where markup was cut out.
        if (lead > 0 && !m_pending.empty())
            s.remove_prefix(lead);
        if (!s.empty() && isClosingPunct(s[0]))
            m_pending.clear();
        if (s.empty())
            return;
    }
    size_t trail = 0;
    while (trail < s.size() && isHSpace(s[s.size() - 1 - trail]))
        ++trail;
    if (trail == s.size()) {
        m_pending.append(s);
        return;
    }
    m_junction = false;
    flushPending();
    m_b.appendText(s.substr(0, s.size() - trail));
    m_pending.assign(s.substr(s.size() - trail));
}

std::optional<Span> CleanWriter::phrase(std::string_view s)
{
    size_t lead = 0;
    while (lead < s.size() && utf8::isSpace(s[lead]))
        ++lead;
    size_t end = s.size();
    while (end > lead && utf8::isSpace(s[end - 1]))
        --end;
    if (end == lead) {
        text(s);
        return std::nullopt;
    }
    text(s.substr(0, lead));
    const std::string_view core = s.substr(lead, end - lead);
    if (m_junction && isClosingPunct(core[0]))
        m_pending.clear();
    m_junction = false;
    flushPending();
    const Span span = m_b.appendPhrase(core);
    text(s.substr(end));
    return span;
}

void CleanWriter::markup()
{
    m_junction = true;
    m_clauseStart = m_b.text().size();
}

std::optional<std::pair<std::string, Span>> CleanWriter::trailingClause() const
{
    const std::string &t = m_b.text();
    const size_t start = std::min(m_clauseStart, t.size());
    size_t i = t.size();
    while (i > start && !isClauseBoundary(t[i - 1]))
        --i;
    size_t b = i, e = t.size();
    while (b < e && utf8::isSpace(t[b]))
        ++b;
    while (e > b && utf8::isSpace(t[e - 1]))
        --e;
    if (b == e)
        return std::nullopt;
    const std::string_view phrase = std::string_view(t).substr(b, e - b);
    // everything after e is single-byte white space, so code points and bytes agree there
    const size_t endCp = m_b.position() - (t.size() - e);
    const size_t beginCp = endCp - utf8::length(phrase);
    return std::make_pair(std::string(phrase), Span{beginCp, endCp});
}

std::optional<std::vector<std::vector<double>>> parseGroups(std::string_view s, char itemSep, char groupSep)
{
    std::vector<std::vector<double>> groups;
    size_t pos = 0;
    while (true) {
        const size_t g = groupSep ? s.find(groupSep, pos) : std::string_view::npos;
        const std::string_view group = s.substr(pos, g == std::string_view::npos ? std::string_view::npos : g - pos);
        std::vector<double> values;
        size_t p = 0;
        while (true) {
            const size_t c = group.find(itemSep, p);
            std::string_view item = group.substr(p, c == std::string_view::npos ? std::string_view::npos : c - p);
            while (!item.empty() && isHSpace(item.front()))
                item.remove_prefix(1);
            while (!item.empty() && isHSpace(item.back()))
                item.remove_suffix(1);
            const auto v = parseNumber(item);
            if (!v)
                return std::nullopt;
            values.push_back(*v);
            if (c == std::string_view::npos)
                break;
            p = c + 1;
        }
        groups.push_back(std::move(values));
        if (g == std::string_view::npos)
            break;
        pos = g + 1;
    }
    return groups;
}

bool looksNumeric(std::string_view s, std::string_view extra)
{
    for (char c : s) {
        if (isDigit(c) || c == '.' || c == ',' || c == ';' || c == '-' || isHSpace(c))
            continue;
        if (extra.find(c) != std::string_view::npos)
            continue;
        return false;
    }
    return true;
}

size_t cutOpenConstruct(std::string_view s, std::string_view open, std::string_view allowed, size_t maxLength)
{
    if (open.empty() || s.size() < open.size())
        return s.size();
    const size_t from = s.size() > maxLength + open.size() ? s.size() - maxLength - open.size() : 0;
    const size_t p = s.rfind(open);
    if (p == std::string_view::npos || p < from)
        return s.size();
    const std::string_view rest = s.substr(p + open.size());
    for (char c : rest)
        if (!isDigit(c) && allowed.find(c) == std::string_view::npos)
            return s.size();
    size_t start = p;
    // "[[" and the like: hide the whole run of openers
    if (open.size() == 1)
        while (start > 0 && s[start - 1] == open[0])
            --start;
    return start;
}

size_t cutTokenPrefix(std::string_view s, std::initializer_list<std::string_view> tokens)
{
    size_t cut = s.size();
    for (std::string_view tok : tokens) {
        if (tok.empty())
            continue;
        for (size_t k = std::min(tok.size() - 1, s.size()); k > 0; --k) {
            if (s.substr(s.size() - k) == tok.substr(0, k)) {
                cut = std::min(cut, s.size() - k);
                break;
            }
        }
    }
    return cut;
}

void noteRegionFixes(GroundedTextBuilder &b, const Region &r, size_t rawOffset)
{
    if (r.clamped)
        b.warn(rawOffset, "coordinate out of range, clamped");
    if (r.reordered)
        b.warn(rawOffset, "box corners in reverse order, swapped");
}

std::string fillTemplate(std::string_view templ, std::string_view input)
{
    static constexpr std::string_view key = "{input}";
    std::string out;
    size_t pos = 0;
    while (true) {
        const size_t k = templ.find(key, pos);
        if (k == std::string_view::npos) {
            out.append(templ.substr(pos));
            break;
        }
        out.append(templ.substr(pos, k - pos));
        out.append(input);
        pos = k + key.size();
    }
    return out;
}

EncodeResult applyTask(const DialectInfo &info, const EncodeRequest &request, const std::string &input)
{
    if (request.task.empty())
        return {true, input, {}};
    const auto it = std::find_if(info.tasks.begin(), info.tasks.end(),
                                 [&](const TaskPrompt &t) { return t.id == request.task; });
    if (it == info.tasks.end())
        return {false, {}, info.displayName + " has no task '" + request.task + "'"};
    if (it->needsRegion && request.regions.empty())
        return {false, {}, "task '" + request.task + "' of " + info.displayName + " needs a region"};
    std::string text;
    if (it->templ.find("{input}") != std::string::npos)
        text = fillTemplate(it->templ, input);
    else
        text = input.empty() ? it->templ : it->templ + " " + input;
    return {true, std::move(text), {}};
}

} // namespace gc::dialects::markup
