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

// Full-width punctuation of Chinese answers (CogAgent, Qwen): all three-byte sequences.
bool isCjkPunct(std::string_view s)
{
    static constexpr std::string_view marks[] = {"\xEF\xBC\x8C", "\xE3\x80\x82", "\xE3\x80\x81", "\xEF\xBC\x9B",
                                                 "\xEF\xBC\x9A", "\xEF\xBC\x81", "\xEF\xBC\x9F"};
    for (std::string_view m : marks)
        if (s == m)
            return true;
    return false;
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
    while (i > start && !isClauseBoundary(t[i - 1]) && !(i - start >= 3 && isCjkPunct(std::string_view(t).substr(i - 3, 3))))
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

namespace gc::dialects::markup {
namespace {

bool innerChar(char c) { return isDigit(c) || c == '.' || c == ',' || c == ';' || c == '-' || c == '+' || isHSpace(c); }

// Where the close of the bracket opened at p (inner starting at `from`) is, or npos. Stops at the first
// character that cannot be part of a coordinate list, which keeps the whole scan linear.
size_t findClose(std::string_view t, size_t from, const BracketSyntax &syn)
{
    const size_t limit = std::min(t.size(), from + syn.maxInner + syn.close.size());
    for (size_t k = from; k < limit; ++k) {
        if (t.substr(k, syn.close.size()) == syn.close)
            return k;
        if (!innerChar(t[k]))
            return std::string_view::npos;
    }
    return std::string_view::npos;
}

} // namespace

size_t bracketStableLength(std::string_view raw, bool partial, const BracketSyntax &syn)
{
    // '<' means nothing to these families: only an incomplete UTF-8 tail is unstable...
    const size_t n = stableLength(raw, partial, 0);
    if (!partial)
        return n;
    // ...and a bracket that is still being written
    const std::string allowed = std::string(".,;-+ \t") + std::string(syn.open);
    const std::string_view s = raw.substr(0, n);
    size_t cut = cutOpenConstruct(s, syn.open, allowed, syn.maxInner);
    if (cut == s.size() && syn.close.size() > 1) {
        const size_t closing = cutTokenPrefix(s, {syn.close});
        if (closing < s.size())
            cut = std::min(cut, cutOpenConstruct(s.substr(0, closing), syn.open, allowed, syn.maxInner));
    }
    if (cut == s.size() && syn.open.size() > 1)
        cut = cutTokenPrefix(s, {syn.open});
    return cut;
}

void scanBrackets(std::string_view t, size_t rawBase, const BracketSyntax &syn, const GroupToRegion &toRegion,
                  GroundedTextBuilder &b, CleanWriter &w, bool &haveEntity)
{
    size_t pos = 0;
    while (pos < t.size()) {
        const size_t p = t.find(syn.open, pos);
        if (p == std::string_view::npos) {
            w.text(t.substr(pos));
            break;
        }
        const size_t innerBegin = p + syn.open.size();
        const size_t q = findClose(t, innerBegin, syn);
        std::optional<std::vector<Region>> regions;
        if (q != std::string_view::npos) {
            const std::string_view inner = t.substr(innerBegin, q - innerBegin);
            const auto groups = parseGroups(inner, syn.itemSep, syn.groupSep);
            if (groups) {
                regions.emplace();
                std::string why;
                for (const auto &g : *groups) {
                    auto r = toRegion(g, &why);
                    if (!r) {
                        regions.reset();
                        break;
                    }
                    regions->push_back(std::move(*r));
                }
                if (!regions)
                    b.warn(rawBase + p, "coordinates kept as text: " + why);
            } else if (inner.find_first_of("0123456789") != std::string_view::npos) {
                b.warn(rawBase + p, "malformed coordinate list kept as text");
            }
        }
        if (!regions) {
            // the opener is text; look for a bracket again right after it
            w.text(t.substr(pos, innerBegin - pos));
            pos = innerBegin;
            continue;
        }
        w.text(t.substr(pos, p - pos));
        const size_t end = q + syn.close.size();
        for (const Region &r : *regions)
            noteRegionFixes(b, r, rawBase + p);
        if (syn.groupAdjacent && haveEntity && w.onlySpacesSinceMarkup()) {
            Entity &e = b.entities().back();
            for (Region &r : *regions)
                e.regions.push_back(std::move(r));
            e.rawEnd = rawBase + end;
        } else {
            Entity e;
            if (const auto clause = w.trailingClause()) {
                e.phrase = clause->first;
                e.span = clause->second;
                e.hasSpan = true;
            }
            e.regions = std::move(*regions);
            e.rawEnd = rawBase + end;
            b.addEntity(std::move(e));
            haveEntity = true;
        }
        w.markup();
        pos = end;
    }
}

GroundedText finishInline(GroundedTextBuilder &b)
{
    GroundedText out = b.finish();
    out.normalized = true;
    for (Entity &e : out.entities) {
        e.phrase = utf8::sanitize(e.phrase);
        for (Region &r : e.regions)
            if (r.label.empty())
                r.label = e.phrase;
    }
    return out;
}

GroundedText decodeBrackets(std::string_view raw, const DecodeOptions &options, const BracketSyntax &syn,
                            const GroupToRegion &toRegion)
{
    const std::string_view t = raw.substr(0, bracketStableLength(raw, options.partial, syn));
    GroundedTextBuilder b;
    CleanWriter w(b);
    bool haveEntity = false;
    scanBrackets(t, 0, syn, toRegion, b, w, haveEntity);
    return finishInline(b);
}

} // namespace gc::dialects::markup

namespace gc::dialects::markup {

GroundedText decodeTagged(std::string_view t, bool partial, const PhraseTags &tags, std::string_view starts,
                          const RegionMarkup &recognise)
{
    GroundedTextBuilder b;
    CleanWriter w(b);
    struct Pending {
        std::string phrase;
        std::optional<Span> span;
    };
    std::optional<Pending> pending;
    long long current = -1; // entity that adjacent region markup keeps adding to
    std::string stops(starts);
    stops += tags.open.substr(0, 1);
    stops += tags.close.substr(0, 1);
    size_t pos = 0;
    while (pos < t.size()) {
        const size_t next = t.find_first_of(stops, pos);
        if (next == std::string_view::npos) {
            w.text(t.substr(pos));
            break;
        }
        const std::string_view at = t.substr(next);
        if (startsWith(at, tags.open)) {
            w.text(t.substr(pos, next - pos));
            w.markup();
            const size_t from = next + tags.open.size();
            // bounded by the next open tag too, so that a run of unclosed tags stays linear
            std::string_view window = t.substr(from, tags.maxPhrase + tags.close.size());
            const size_t again = window.find(tags.open);
            if (again != std::string_view::npos)
                window = window.substr(0, again);
            const size_t close = window.find(tags.close);
            pending.reset();
            current = -1;
            if (close == std::string_view::npos) {
                if (!partial)
                    b.warn(next, "phrase tag without its close, tag dropped");
                pos = from;
                continue;
            }
            const std::string_view phrase = t.substr(from, close);
            const auto span = w.phrase(phrase);
            w.markup();
            pending = Pending{std::string(utf8::trim(phrase)), span};
            pos = from + close + tags.close.size();
            continue;
        }
        if (startsWith(at, tags.close)) {
            w.text(t.substr(pos, next - pos));
            w.markup();
            b.warn(next, "stray phrase close tag dropped");
            pos = next + tags.close.size();
            continue;
        }
        std::optional<RegionMatch> m;
        if (starts.find(t[next]) != std::string_view::npos)
            m = recognise(t, next, b);
        if (!m || m->length == 0) {
            w.text(t.substr(pos, next + 1 - pos));
            pos = next + 1;
            continue;
        }
        w.text(t.substr(pos, next - pos));
        const bool adjacent = w.onlySpacesSinceMarkup();
        w.markup();
        pos = next + m->length;
        if (m->separator) {
            if (!adjacent)
                current = -1;
            continue;
        }
        for (const Region &r : m->regions)
            noteRegionFixes(b, r, next);
        if (!(adjacent && current >= 0)) {
            Entity e;
            if (adjacent && pending) {
                e.phrase = pending->phrase;
                if (pending->span) {
                    e.span = *pending->span;
                    e.hasSpan = true;
                }
            }
            b.addEntity(std::move(e));
            current = (long long)b.entities().size() - 1;
        }
        pending.reset();
        Entity &e = b.entities()[size_t(current)];
        for (Region &r : m->regions)
            e.regions.push_back(std::move(r));
        e.rawEnd = pos;
    }
    return finishInline(b);
}

} // namespace gc::dialects::markup
