#include "tag_markup.h"

#include "common.h"
#include "core/utf8.h"

namespace gc::dialects {

size_t ForwardFinder::find(size_t from)
{
    if (m_needle.empty())
        return std::string_view::npos;
    if (m_valid && (m_cached == std::string_view::npos || m_cached >= from))
        return m_cached;
    m_cached = m_hay.find(m_needle, from);
    m_valid = true;
    return m_cached;
}

std::optional<std::vector<std::vector<double>>> parseNumberGroups(std::string_view p)
{
    std::vector<std::vector<double>> groups;
    std::vector<double> cur;
    std::string num;
    int depth = 0;
    const auto flush = [&]() {
        if (num.empty())
            return true;
        const auto v = parseNumber(num);
        num.clear();
        if (!v)
            return false;
        cur.push_back(*v);
        return true;
    };
    for (char c : p) {
        if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+') {
            if (num.size() > 40)
                return std::nullopt;
            num += c;
        } else if (c == ',' || utf8::isSpace(c)) {
            if (!flush())
                return std::nullopt;
        } else if (c == '(' || c == '[') {
            if (!flush() || ++depth > 3)
                return std::nullopt;
            if (!cur.empty())
                groups.push_back(std::move(cur));
            cur.clear();
        } else if (c == ')' || c == ']') {
            if (!flush() || --depth < 0)
                return std::nullopt;
            if (!cur.empty())
                groups.push_back(std::move(cur));
            cur.clear();
        } else {
            return std::nullopt;
        }
    }
    if (!flush() || depth != 0)
        return std::nullopt;
    if (!cur.empty())
        groups.push_back(std::move(cur));
    if (groups.empty())
        return std::nullopt;
    return groups;
}

namespace {

Region passThroughBox(Box b, const std::string &label)
{
    Region r = Region::makeBox(b.ordered(), label);
    r.reordered = !b.isOrdered();
    return r;
}

// Turns the number groups of one coordinate tag into regions; empty on a layout that fits nothing.
std::vector<Region> regionsOf(const std::vector<std::vector<double>> &groups, bool quadTag, const TagGrammar &g,
                              const std::string &label)
{
    std::vector<Region> out;
    const auto unitX = [&](double v) { return v * g.sx; };
    const auto unitY = [&](double v) { return v * g.sy; };
    std::vector<double> flat;
    bool allPairs = true, allQuads = true;
    for (const auto &grp : groups) {
        allPairs = allPairs && grp.size() == 2;
        allQuads = allQuads && grp.size() == 4;
        flat.insert(flat.end(), grp.begin(), grp.end());
    }
    if (quadTag) {
        if (flat.size() != 8 || !(allPairs || groups.size() == 1))
            return out;
        Polygon poly;
        for (size_t k = 0; k < 8; k += 2)
            poly.push_back({unitX(flat[k]), unitY(flat[k + 1])});
        if (g.clamp)
            out.push_back(unitPolygonRegion(poly, true, label));
        else
            out.push_back(Region::makeQuad(poly, label));
        return out;
    }
    if (allPairs && groups.size() == 1) {
        if (!g.pointInBox)
            return out;
        const PointF p{unitX(flat[0]), unitY(flat[1])};
        out.push_back(g.clamp ? unitPointRegion(p, label) : Region::makePoint(p, true, label));
        return out;
    }
    if (!(allPairs && groups.size() == 2) && !allQuads)
        return out;
    for (size_t k = 0; k + 3 < flat.size(); k += 4) {
        const Box b{unitX(flat[k]), unitY(flat[k + 1]), unitX(flat[k + 2]), unitY(flat[k + 3])};
        out.push_back(g.clamp ? unitBoxRegion(b, label) : passThroughBox(b, label));
    }
    return out;
}

} // namespace

GroundedText decodeTagMarkup(std::string_view raw, const DecodeOptions &options, const TagGrammar &g)
{
    const std::string_view text = raw.substr(0, stableLength(raw, options.partial));
    GroundedTextBuilder b;
    ForwardFinder refClose(text, g.refClose), boxClose(text, g.boxClose), quadClose(text, g.quadClose);

    // The phrase that following coordinate tags belong to, until other text intervenes.
    bool havePhrase = false;
    std::string phrase;
    Span phraseSpan;
    int entityIndex = -1; // entity already created for the current phrase

    const auto isAt = [&](size_t pos, const std::string &tag) {
        return !tag.empty() && text.compare(pos, tag.size(), tag) == 0;
    };

    size_t pos = 0;
    while (pos < text.size()) {
        const size_t lt = text.find('<', pos);
        const size_t chunkEnd = lt == std::string_view::npos ? text.size() : lt;
        if (chunkEnd > pos) {
            const std::string_view chunk = text.substr(pos, chunkEnd - pos);
            b.appendText(chunk);
            if (!utf8::trim(chunk).empty()) {
                havePhrase = false;
                entityIndex = -1;
            }
            pos = chunkEnd;
            if (lt == std::string_view::npos)
                break;
        }
        bool stripped = false;
        for (const std::string &tok : g.strip) {
            if (isAt(pos, tok)) {
                pos += tok.size();
                stripped = true;
                break;
            }
        }
        if (stripped)
            continue;

        if (isAt(pos, g.refOpen)) {
            const size_t a = pos + g.refOpen.size();
            const size_t close = refClose.find(a);
            if (close == std::string_view::npos) {
                if (options.partial)
                    break; // the phrase is still being written
                b.warn(pos, "unterminated " + g.refOpen + " kept as text");
                b.appendText(g.refOpen);
                pos = a;
                continue;
            }
            phrase = std::string(utf8::trim(text.substr(a, close - a)));
            phraseSpan = b.appendPhrase(text.substr(a, close - a));
            havePhrase = true;
            entityIndex = -1;
            pos = close + g.refClose.size();
            continue;
        }

        const bool box = isAt(pos, g.boxOpen);
        const bool quad = !box && isAt(pos, g.quadOpen);
        if (box || quad) {
            const std::string &open = box ? g.boxOpen : g.quadOpen;
            const std::string &closeTag = box ? g.boxClose : g.quadClose;
            const size_t a = pos + open.size();
            const size_t close = box ? boxClose.find(a) : quadClose.find(a);
            if (close == std::string_view::npos) {
                if (options.partial)
                    break; // numbers still arriving
                b.warn(pos, "unterminated " + open + " kept as text");
                b.appendText(open);
                pos = a;
                continue;
            }
            const size_t after = close + closeTag.size();
            const auto groups = parseNumberGroups(text.substr(a, close - a));
            std::vector<Region> regions;
            if (groups)
                regions = regionsOf(*groups, quad, g, havePhrase ? phrase : std::string());
            if (regions.empty()) {
                b.warn(pos, "coordinates not understood, kept as text");
                b.appendText(text.substr(pos, after - pos));
                havePhrase = false;
                entityIndex = -1;
                pos = after;
                continue;
            }
            for (const Region &r : regions) {
                if (r.clamped)
                    b.warn(pos, "coordinate out of range, clamped");
                if (r.reordered)
                    b.warn(pos, "corners in reverse order, swapped");
            }
            if (entityIndex < 0) {
                Entity e;
                if (havePhrase) {
                    e.phrase = phrase;
                    e.span = phraseSpan;
                    e.hasSpan = true;
                }
                b.addEntity(std::move(e));
                entityIndex = int(b.entities().size()) - 1;
            }
            Entity &e = b.entities()[size_t(entityIndex)];
            e.regions.insert(e.regions.end(), regions.begin(), regions.end());
            e.rawEnd = after;
            pos = after;
            continue;
        }

        b.appendText("<");
        ++pos;
    }
    GroundedText out = b.finish();
    out.normalized = g.clamp;
    return out;
}

} // namespace gc::dialects
