// CogVLM / CogAgent (2023): `[[x1,y1,x2,y2]]`, three-digit 000-999 (relative x 1000), several boxes of one
// mention separated by ';' inside the double brackets, written after the words they ground.
// CogAgent-9B (2024-12): actions such as `CLICK(box=[[387,248,727,317]], element_type='…', element_info='…')`.
#include "common.h"
#include "factories.h"
#include "markup_scan.h"

#include "core/coords.h"
#include "core/utf8.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace gc::dialects {
namespace {

constexpr double kScale = 1000; // grounding_parser.py boxstr_to_boxes and cli_demo.py divide by 1000

markup::BracketSyntax cogSyntax()
{
    markup::BracketSyntax syn;
    syn.open = "[[";
    syn.close = "]]";
    syn.itemSep = ',';
    syn.groupSep = ';';
    return syn;
}

std::optional<Region> cogGroup(const std::vector<double> &v, std::string *why)
{
    if (v.size() == 4)
        return unitBoxRegion({v[0] / kScale, v[1] / kScale, v[2] / kScale, v[3] / kScale});
    if (v.size() == 2) // CogAgent v1 "tap [[780,862]]"
        return unitPointRegion({v[0] / kScale, v[1] / kScale});
    *why = "a CogVLM group has 4 (box) or 2 (point) numbers";
    return std::nullopt;
}

std::string pad3(int v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%03d", v);
    return buf;
}

// `[[x1,y1,x2,y2;…]]` for the user's regions (points as `[[x,y]]`).
EncodeResult cogRegions(const EncodeRequest &request, const char *family)
{
    std::string out;
    for (const PromptRegion &r : request.regions) {
        const auto q = [](double unit) { return pad3(coords::toScaleRounded(unit, kScale, 999)); };
        out += out.empty() ? "[[" : ";";
        if (r.kind == RegionKind::Point) {
            const PointF p = unitPointOf(r, request.imageSize);
            out += q(p.x) + "," + q(p.y);
        } else if (r.kind == RegionKind::Box) {
            const Box u = unitBoxOf(r, request.imageSize);
            out += q(u.x1) + "," + q(u.y1) + "," + q(u.x2) + "," + q(u.y2);
        } else {
            return {false, {}, std::string(family) + " takes boxes and points, not a " + regionKindName(r.kind)};
        }
    }
    if (!out.empty())
        out += "]]";
    return {true, out, {}};
}

EncodeResult encodeCog(const DialectInfo &info, const EncodeRequest &request)
{
    if (!request.regions.empty() && !request.imageSize.isValid())
        return {false, {}, info.displayName + " needs the image size to write coordinates"};
    EncodeResult regions = cogRegions(request, info.displayName.c_str());
    if (!regions.ok)
        return regions;
    std::string input;
    if (request.regions.empty())
        input = request.phrase;
    else if (!request.phrase.empty() && request.task != "region")
        input = request.phrase + " " + regions.text;
    else
        input = regions.text;
    return markup::applyTask(info, request, input);
}

class CogVlm final : public Dialect {
public:
    CogVlm()
    {
        m_info.id = "cogvlm";
        m_info.displayName = "CogVLM";
        m_info.source = "THUDM/CogVLM README.md@f7283b2c l.586-591; utils/utils/grounding_parser.py l.42-66; "
                        "utils/utils/template.py";
        m_info.space = CoordSpace::Scale1000;
        m_info.caps.boxIn = m_info.caps.boxOut = true;
        m_info.caps.pointIn = true;
        m_info.tasks = {
            {"refer", "", "Where is {input}? answer in [[x0,y0,x1,y1]] format.", false},                 // template.py l.345
            {"region", "", "Tell me what you see within the designated area {input} in the picture.", true}, // README l.586
            {"grounded-caption", "",
             "Can you provide a description of the image and include the coordinates [[x0,y0,x1,y1]] for each "
             "mentioned object?",
             false},
            {"chat", "", "{input}", false},
        };
    }
    const DialectInfo &info() const override { return m_info; }

    // The official parser links each box to the nearest preceding spaCy noun chunk; we take the clause
    // before the box (back to punctuation or the previous box), which needs no language model.
    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        return markup::decodeBrackets(raw, options, cogSyntax(), cogGroup);
    }
    EncodeResult encode(const EncodeRequest &request) const override { return encodeCog(m_info, request); }

private:
    DialectInfo m_info;
};

bool isActionChar(char c) { return (c >= 'A' && c <= 'Z') || c == '_'; }

bool isMouseAction(std::string_view name)
{
    return name == "CLICK" || name == "DOUBLE_CLICK" || name == "RIGHT_CLICK" || name == "HOVER";
}

// `box=[[a,b,c,d]]` (cli_demo.py's regex also accepts single brackets) at p; sets end past it.
std::optional<Box> readActionBox(std::string_view t, size_t p, size_t &end)
{
    size_t k = p;
    if (k >= t.size() || t[k] != '[')
        return std::nullopt;
    ++k;
    const bool dbl = k < t.size() && t[k] == '[';
    if (dbl)
        ++k;
    const size_t close = t.find(']', k);
    if (close == std::string_view::npos || close - k > 64)
        return std::nullopt;
    const auto groups = markup::parseGroups(t.substr(k, close - k), ',', 0);
    if (!groups || groups->size() != 1 || groups->front().size() != 4)
        return std::nullopt;
    k = close + 1;
    if (dbl) {
        if (k >= t.size() || t[k] != ']')
            return std::nullopt;
        ++k;
    }
    end = k;
    const auto &v = groups->front();
    return Box{v[0] / kScale, v[1] / kScale, v[2] / kScale, v[3] / kScale};
}

// Index of the ')' that closes the call, skipping quoted arguments; npos when the line ends first. Action
// arguments are short; the bound keeps a run of unterminated calls from rescanning the rest of the line.
size_t callEnd(std::string_view t, size_t p)
{
    constexpr size_t kMaxArgs = 1024;
    char quote = 0;
    for (size_t k = p; k < t.size() && k - p < kMaxArgs; ++k) {
        const char c = t[k];
        if (c == '\n')
            return std::string_view::npos;
        if (quote) {
            if (c == '\\')
                ++k;
            else if (c == quote)
                quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == ')') {
            return k;
        }
    }
    return std::string_view::npos;
}

// Value range of `key='…'` (or "…") inside args.
std::optional<std::pair<size_t, size_t>> argValue(std::string_view args, std::string_view key)
{
    size_t from = 0;
    while (true) {
        const size_t k = args.find(key, from);
        if (k == std::string_view::npos)
            return std::nullopt;
        from = k + 1;
        if (k > 0 && (std::isalnum(static_cast<unsigned char>(args[k - 1])) || args[k - 1] == '_'))
            continue;
        size_t v = k + key.size();
        while (v < args.size() && markup::isHSpace(args[v]))
            ++v;
        if (v >= args.size() || args[v] != '=')
            continue;
        ++v;
        while (v < args.size() && markup::isHSpace(args[v]))
            ++v;
        if (v >= args.size() || (args[v] != '\'' && args[v] != '"'))
            continue;
        const char q = args[v];
        for (size_t e = v + 1; e < args.size(); ++e) {
            if (args[e] == '\\') {
                ++e;
                continue;
            }
            if (args[e] == q)
                return std::make_pair(v + 1, e);
        }
        return std::nullopt;
    }
}

class CogAgent final : public Dialect {
public:
    CogAgent()
    {
        m_info.id = "cogagent";
        m_info.displayName = "CogAgent";
        m_info.source = "THUDM/CogAgent Action_space_en.md@5fde01e4 l.5-10, inference/cli_demo.py l.173-176; "
                        "THUDM/CogVLM README.md@f7283b2c l.557-564 (v1 Grounded Operation)";
        m_info.space = CoordSpace::Scale1000;
        m_info.caps.boxIn = m_info.caps.boxOut = true;
        m_info.caps.pointIn = m_info.caps.pointOut = true;
        m_info.tasks = {
            // CogAgent-9B prompt format (README): task, platform, answer format
            {"chat", "", "Task: {input}\n(Platform: WIN)\n(Answer in Action-Operation-Sensitive format.)\n", false},
            {"refer", "", "Where is {input}? answer in [[x0,y0,x1,y1]] format.", false},
            {"region", "", "Tell me what you see within the designated area {input} in the picture.", true},
            // v1: "(with grounding)" asks for a Grounded Operation with a box
            {"detect", "", "{input}(with grounding)", false},
        };
    }
    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        const markup::BracketSyntax syn = cogSyntax();
        std::string_view t = raw.substr(0, markup::bracketStableLength(raw, options.partial, syn));
        GroundedTextBuilder b;
        markup::CleanWriter w(b);
        bool haveEntity = false;
        size_t pos = 0;
        while (pos < t.size()) {
            const size_t k = t.find("(box=", pos);
            if (k == std::string_view::npos)
                break;
            size_t c = k;
            while (c > pos && isActionChar(t[c - 1]))
                --c;
            size_t boxEnd = 0;
            const auto box = c < k ? readActionBox(t, k + 5, boxEnd) : std::nullopt;
            if (!box) {
                if (options.partial && c < k && markup::looksNumeric(t.substr(k + 5), "[]")) {
                    t = t.substr(0, c); // the call is still being written
                    break;
                }
                markup::scanBrackets(t.substr(pos, k + 1 - pos), pos, syn, cogGroup, b, w, haveEntity);
                pos = k + 1;
                continue;
            }
            const size_t close = callEnd(t, boxEnd);
            if (close == std::string_view::npos && options.partial) {
                // element_info comes after the box: nothing is final before ')'
                t = t.substr(0, c);
                break;
            }
            markup::scanBrackets(t.substr(pos, c - pos), pos, syn, cogGroup, b, w, haveEntity);
            const std::string_view name = t.substr(c, k - c);
            w.text(t.substr(c, k + 1 - c));
            w.markup();
            size_t argsBegin = boxEnd;
            while (argsBegin < t.size() && (t[argsBegin] == ',' || markup::isHSpace(t[argsBegin])))
                ++argsBegin;
            const size_t argsEnd = close == std::string_view::npos ? argsBegin : close;
            const std::string_view args = t.substr(argsBegin, std::max(argsBegin, argsEnd) - argsBegin);

            Entity e;
            e.attributes["action"] = std::string(name);
            if (const auto type = argValue(args, "element_type"))
                e.attributes["element_type"] = utf8::sanitize(args.substr(type->first, type->second - type->first));
            if (const auto info = argValue(args, "element_info")) {
                w.text(args.substr(0, info->first));
                const std::string_view value = args.substr(info->first, info->second - info->first);
                if (const auto span = w.phrase(value)) {
                    e.span = *span;
                    e.hasSpan = true;
                }
                e.phrase = std::string(utf8::trim(value));
                w.text(args.substr(info->second));
            } else {
                w.text(args);
                e.phrase = std::string(name);
            }
            if (close != std::string_view::npos)
                w.text(")");
            else
                b.warn(c, "unterminated " + std::string(name) + "( call");
            Region r = unitBoxRegion(*box);
            markup::noteRegionFixes(b, r, c);
            e.regions.push_back(r);
            if (isMouseAction(name)) {
                // Action_space_en.md: the click lands on the centre of the box
                Region click = unitPointRegion(r.box.center());
                click.label = "click";
                e.regions.push_back(click);
            }
            e.rawEnd = close == std::string_view::npos ? boxEnd : close + 1;
            b.addEntity(std::move(e));
            haveEntity = false;
            w.markup();
            pos = close == std::string_view::npos ? boxEnd : close + 1;
        }
        if (pos < t.size())
            markup::scanBrackets(t.substr(pos), pos, syn, cogGroup, b, w, haveEntity);
        return markup::finishInline(b);
    }
    EncodeResult encode(const EncodeRequest &request) const override { return encodeCog(m_info, request); }

private:
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeCogVlm() { return std::make_unique<CogVlm>(); }
std::unique_ptr<Dialect> makeCogAgent() { return std::make_unique<CogAgent>(); }

} // namespace gc::dialects
