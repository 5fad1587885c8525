// Molmo: `<point x="61.5" y="40.6" alt="…">label</point>` and `<points x1=".." y1=".." x2=…>label</points>`,
// percentages of the image with one decimal; UI answers may be `Click(x, y)` in the same percent space.
#include "common.h"
#include "factories.h"
#include "markup_scan.h"

#include "core/utf8.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace gc::dialects {
namespace {

constexpr size_t kMaxTag = 16384; // a <points> tag with many pairs is long; beyond this it is prose

struct Attr {
    std::string name;
    std::string value;
};

// name="value" pairs of an opening tag's inside; nullopt on anything else.
std::optional<std::vector<Attr>> readAttrs(std::string_view s)
{
    std::vector<Attr> out;
    size_t k = 0;
    while (true) {
        while (k < s.size() && utf8::isSpace(s[k]))
            ++k;
        if (k >= s.size())
            return out;
        const size_t n = k;
        while (k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '_'))
            ++k;
        if (k == n || k + 1 >= s.size() || s[k] != '=' || (s[k + 1] != '"' && s[k + 1] != '\''))
            return std::nullopt;
        const char q = s[k + 1];
        const size_t v = k + 2;
        const size_t e = s.find(q, v);
        if (e == std::string_view::npos)
            return std::nullopt;
        out.push_back({std::string(s.substr(n, k - n)), std::string(s.substr(v, e - v))});
        k = e + 1;
    }
}

class Molmo final : public Dialect {
public:
    Molmo()
    {
        m_info.id = "molmo";
        m_info.displayName = "Molmo";
        m_info.source = "allenai/molmo olmo/data/data_formatter.py@793fa387 l.308-357 (points_to_text); "
                        "olmo/util.py l.831-885 (extract_points)";
        m_info.space = CoordSpace::Percent;
        m_info.caps.pointOut = true;
        m_info.tasks = {
            {"refer", "", "Point to {input}", false},
            {"count", "", "How many {input} are there?", false},
            {"detailed", "", "Describe this image.", false},
            {"chat", "", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        size_t n = stableLength(raw, options.partial, 64);
        if (options.partial) {
            std::string_view s = raw.substr(0, n);
            // a long opening tag still being written (stableLength only looks 64 bytes back)
            const size_t lt = s.rfind("<point");
            if (lt != std::string_view::npos && s.find('>', lt) == std::string_view::npos)
                n = lt;
            s = raw.substr(0, n);
            n = std::min(n, markup::cutOpenConstruct(s, "Click(", ".,- ", 40));
            n = std::min(n, markup::cutTokenPrefix(raw.substr(0, n), {"Click("}));
        }
        const std::string_view t = raw.substr(0, n);

        GroundedTextBuilder b;
        markup::CleanWriter w(b);
        size_t pos = 0;
        while (pos < t.size()) {
            const size_t next = t.find_first_of("<C", pos);
            if (next == std::string_view::npos) {
                w.text(t.substr(pos));
                break;
            }
            const std::string_view at = t.substr(next);
            size_t consumed = 0;
            if (startsWith(at, "<point"))
                consumed = pointTag(t, next, pos, options.partial, b, w);
            else if (startsWith(at, "Click("))
                consumed = click(t, next, pos, b, w);
            if (consumed == 0) {
                w.text(t.substr(pos, next + 1 - pos));
                pos = next + 1;
                continue;
            }
            pos = next + consumed;
        }
        return markup::finishInline(b);
    }

    EncodeResult encode(const EncodeRequest &request) const override
    {
        if (!request.regions.empty())
            return {false, {}, "Molmo takes no regions in the prompt; it only points in its answers"};
        return markup::applyTask(m_info, request, request.phrase);
    }

private:
    // Returns the bytes consumed from p (0 = not a point element; it is then text).
    static size_t pointTag(std::string_view t, size_t p, size_t pos, bool partial, GroundedTextBuilder &b,
                           markup::CleanWriter &w)
    {
        const bool multi = startsWith(t.substr(p), "<points");
        const size_t nameEnd = p + (multi ? 7 : 6);
        if (nameEnd >= t.size() || !utf8::isSpace(t[nameEnd]))
            return 0;
        // stopping at the next '<' keeps runs of broken tags linear
        const size_t gt = t.substr(nameEnd, kMaxTag).find_first_of("<>");
        if (gt == std::string_view::npos || t[nameEnd + gt] != '>')
            return 0;
        const auto attrs = readAttrs(t.substr(nameEnd, gt));
        if (!attrs) {
            b.warn(p, "malformed <point> attributes, kept as text");
            return 0;
        }
        const size_t bodyBegin = nameEnd + gt + 1;
        const std::string_view closeTag = multi ? "</points>" : "</point>";
        // labels hold no '<': the first one after the tag is the close tag or there is none
        size_t close = t.substr(bodyBegin, kMaxTag).find('<');
        if (close != std::string_view::npos && !startsWith(t.substr(bodyBegin + close), closeTag))
            close = std::string_view::npos;
        std::string alt;
        std::map<std::string, std::pair<std::optional<double>, std::optional<double>>> pairs; // index -> (x, y)
        for (const Attr &a : *attrs) {
            if (a.name == "alt") {
                alt = a.value;
                continue;
            }
            if (a.name.empty() || (a.name[0] != 'x' && a.name[0] != 'y'))
                continue;
            const std::string index = a.name.substr(1);
            if (!index.empty() && !parseIndex(index))
                continue;
            auto &slot = pairs[index];
            const auto v = parseNumber(a.value);
            if (!v) {
                b.warn(p, "point coordinate '" + a.value + "' is not a number");
                continue;
            }
            (a.name[0] == 'x' ? slot.first : slot.second) = v;
        }
        if (close == std::string_view::npos && partial) {
            // the label after the tag is not final yet: show it, report nothing
            w.text(t.substr(pos, p - pos));
            w.markup();
            return bodyBegin - p;
        }
        std::vector<Region> regions;
        // extract_points: numeric order of the pair index, values above 100 rejected
        std::vector<std::pair<long long, std::pair<double, double>>> ordered;
        for (const auto &[index, xy] : pairs) {
            if (!xy.first || !xy.second)
                continue;
            if (*xy.first < 0 || *xy.first > 100 || *xy.second < 0 || *xy.second > 100) {
                b.warn(p, "point outside 0-100 dropped");
                continue;
            }
            ordered.push_back({index.empty() ? 0 : *parseIndex(index), {*xy.first, *xy.second}});
        }
        std::sort(ordered.begin(), ordered.end(), [](const auto &a, const auto &c) { return a.first < c.first; });
        for (const auto &o : ordered)
            regions.push_back(unitPointRegion({o.second.first / 100, o.second.second / 100}));

        w.text(t.substr(pos, p - pos));
        w.markup();
        Entity e;
        if (!alt.empty())
            e.attributes["alt"] = utf8::sanitize(alt);
        size_t end;
        if (close != std::string_view::npos) {
            const std::string_view label = t.substr(bodyBegin, close);
            if (const auto span = w.phrase(label)) {
                e.span = *span;
                e.hasSpan = true;
            }
            e.phrase = std::string(utf8::trim(label));
            end = bodyBegin + close + closeTag.size();
        } else {
            b.warn(p, "<point> element without its close tag");
            e.phrase = std::string(utf8::trim(alt));
            end = bodyBegin;
        }
        if (e.phrase.empty())
            e.phrase = std::string(utf8::trim(alt));
        w.markup();
        e.regions = std::move(regions);
        e.rawEnd = end;
        b.addEntity(std::move(e));
        return end - p;
    }

    // `Click(x, y)` (extract_points' UI form), percent coordinates.
    static size_t click(std::string_view t, size_t p, size_t pos, GroundedTextBuilder &b, markup::CleanWriter &w)
    {
        const size_t open = p + 6;
        const size_t close = t.substr(open, 64).find(')');
        if (close == std::string_view::npos)
            return 0;
        const auto groups = markup::parseGroups(t.substr(open, close), ',', 0);
        if (!groups || groups->size() != 1 || groups->front().size() != 2)
            return 0;
        const double x = groups->front()[0], y = groups->front()[1];
        w.text(t.substr(pos, p - pos));
        w.markup();
        Entity e;
        e.attributes["action"] = "click";
        Region r = unitPointRegion({x / 100, y / 100});
        markup::noteRegionFixes(b, r, p);
        e.regions.push_back(r);
        e.rawEnd = open + close + 1;
        b.addEntity(std::move(e));
        return open + close + 1 - p;
    }

    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeMolmo() { return std::make_unique<Molmo>(); }

} // namespace gc::dialects
