// Florence-2: <loc_0>..<loc_999> bins after the text they belong to; the grammar depends on the task token.
#include "dialect_florence2.h"

#include "common.h"
#include "core/coords.h"
#include "core/utf8.h"
#include "encode_util.h"
#include "factories.h"

#include <algorithm>
#include <set>

namespace gc::dialects {
namespace {

enum class Grammar { Auto, DescriptionBoxes, Boxes, PhraseGrounding, Ocr, Polygons, BoxesOrPolygons, PureText };

struct TaskDef {
    const char *id;
    const char *token;
    bool takesInput;
    bool needsRegion;
    Grammar grammar;
};

// tasks_answer_post_processing_type of the processor, one row per task token.
const TaskDef kTasks[] = {
    {"caption", "<CAPTION>", false, false, Grammar::PureText},
    {"detailed", "<DETAILED_CAPTION>", false, false, Grammar::PureText},
    {"more-detailed", "<MORE_DETAILED_CAPTION>", false, false, Grammar::PureText},
    {"ocr", "<OCR>", false, false, Grammar::PureText},
    {"ocr-regions", "<OCR_WITH_REGION>", false, false, Grammar::Ocr},
    {"detect", "<OD>", false, false, Grammar::DescriptionBoxes},
    {"dense-caption", "<DENSE_REGION_CAPTION>", false, false, Grammar::DescriptionBoxes},
    {"proposals", "<REGION_PROPOSAL>", false, false, Grammar::Boxes},
    {"grounded-caption", "<CAPTION_TO_PHRASE_GROUNDING>", true, false, Grammar::PhraseGrounding},
    {"segment", "<REFERRING_EXPRESSION_SEGMENTATION>", true, false, Grammar::Polygons},
    {"region-segment", "<REGION_TO_SEGMENTATION>", true, true, Grammar::Polygons},
    {"refer", "<OPEN_VOCABULARY_DETECTION>", true, false, Grammar::BoxesOrPolygons},
    {"region-category", "<REGION_TO_CATEGORY>", true, true, Grammar::PureText},
    {"region", "<REGION_TO_DESCRIPTION>", true, true, Grammar::PureText},
    {"region-ocr", "<REGION_TO_OCR>", true, true, Grammar::PureText},
};

// The original processor's blacklist for phrase grounding: pronouns and words that ground nothing.
const std::set<std::string> kBannedPhrases = {
    "it", "i", "me", "mine", "you", "your", "yours", "he", "him", "his", "she", "her", "hers", "they", "them",
    "their", "theirs", "one", "oneself", "we", "us", "our", "ours", "its", "itself", "myself", "yourself",
    "himself", "herself", "ourselves", "themselves", "this", "that", "these", "those", "something", "each other",
    "one another", "the image", "image", "images", "the", "a", "an", "a group", "other objects", "lots", "a set"};

// One stretch of the answer: the text before a run of location tokens and that run.
struct Unit {
    std::string text;
    size_t rawBegin = 0;
    std::vector<int> locs;        // every loc in the run, in order
    std::vector<std::vector<int>> polys; // the run split at <poly>/</poly>/<sep>
    bool hasPoly = false;
    size_t rawEnd = 0;
};

bool skipToken(std::string_view t, size_t pos, size_t *len)
{
    for (std::string_view tok : {"</s>", "<s>", "<pad>"}) {
        if (t.compare(pos, tok.size(), tok) == 0) {
            *len = tok.size();
            return true;
        }
    }
    return false;
}

int locAt(std::string_view t, size_t pos, size_t *len)
{
    if (t.compare(pos, 5, "<loc_") != 0)
        return -1;
    size_t k = pos + 5;
    while (k < t.size() && k - pos < 10 && t[k] >= '0' && t[k] <= '9')
        ++k;
    if (k >= t.size() || t[k] != '>' || k == pos + 5)
        return -1;
    const auto v = parseIndex(t.substr(pos + 5, k - pos - 5));
    if (!v)
        return -1;
    *len = k + 1 - pos;
    return *v;
}

// Splits the answer into units. In streaming mode the last run is left out: more locs may follow.
std::vector<Unit> splitUnits(std::string_view t, bool partial, std::string *tail)
{
    std::vector<Unit> units;
    Unit cur;
    bool inRun = false;
    std::vector<int> poly;
    const auto closeRun = [&](size_t at) {
        if (!poly.empty())
            cur.polys.push_back(poly);
        poly.clear();
        cur.rawEnd = at;
        units.push_back(std::move(cur));
        cur = Unit{};
        cur.rawBegin = at;
        inRun = false;
    };
    size_t pos = 0;
    while (pos < t.size()) {
        size_t len = 0;
        if (skipToken(t, pos, &len)) {
            pos += len;
            continue;
        }
        const int v = locAt(t, pos, &len);
        const bool polyTok = t.compare(pos, 6, "<poly>") == 0 || t.compare(pos, 7, "</poly>") == 0 ||
                             t.compare(pos, 5, "<sep>") == 0;
        if (v >= 0 || polyTok) {
            inRun = true;
            if (v >= 0) {
                cur.locs.push_back(v);
                poly.push_back(v);
            } else {
                cur.hasPoly = true;
                if (!poly.empty())
                    cur.polys.push_back(poly);
                poly.clear();
                len = t[pos + 1] == '/' ? 7 : (t[pos + 1] == 'p' ? 6 : 5);
            }
            pos += len;
            continue;
        }
        if (inRun)
            closeRun(pos);
        const size_t next = t.find('<', pos + 1);
        const size_t end = next == std::string_view::npos ? t.size() : next;
        cur.text.append(t.substr(pos, end - pos));
        pos = end;
    }
    if (inRun && !partial)
        closeRun(t.size());
    *tail = cur.text;
    return units;
}

std::string asciiOnly(std::string_view s)
{
    std::string out;
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x80)
            out += c;
    return out;
}

// With no task token the grammar is read from the answer itself.
Grammar inferGrammar(const std::vector<Unit> &units)
{
    if (units.empty())
        return Grammar::PureText;
    bool allFour = true, allEight = true, anyPoly = false, boxReadingBroken = false;
    for (const Unit &u : units) {
        anyPoly = anyPoly || u.hasPoly;
        allFour = allFour && u.locs.size() % 4 == 0;
        allEight = allEight && u.locs.size() == 8 && !utf8::trim(u.text).empty();
        for (size_t g = 0; g + 3 < u.locs.size(); g += 4)
            boxReadingBroken = boxReadingBroken || u.locs[g] >= u.locs[g + 2] || u.locs[g + 1] >= u.locs[g + 3];
    }
    if (anyPoly)
        return Grammar::Polygons;
    // Text followed by 8 locs that do not read as two proper boxes is an OCR quad.
    if (allEight && boxReadingBroken)
        return Grammar::Ocr;
    // loc runs that do not read as proper boxes (zero or negative extent) are polygon vertices
    if (allFour && !boxReadingBroken)
        return Grammar::DescriptionBoxes;
    return Grammar::Polygons;
}

class Florence2 final : public Dialect {
public:
    explicit Florence2(Florence2Options opts) : m_opts(opts)
    {
        m_info.id = "florence2";
        m_info.displayName = "Florence-2";
        m_info.source = "huggingface/transformers src/transformers/models/florence2/processing_florence2.py@06053b84; "
                        "microsoft/Florence-2 remote-code processing_florence2.py";
        m_info.space = CoordSpace::Bins1000;
        m_info.caps = {true, true, true, false, true, false, false, false};
        for (const TaskDef &t : kTasks)
            m_info.tasks.push_back({t.id, t.token, std::string(t.token) + (t.takesInput ? "{input}" : ""), t.needsRegion});
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        const std::string_view text = raw.substr(0, stableLength(raw, options.partial, 48));
        std::string tail;
        const std::vector<Unit> units = splitUnits(text, options.partial, &tail);
        Grammar g = grammarOf(options.task);
        if (g == Grammar::Auto)
            g = inferGrammar(units);
        if (g == Grammar::BoxesOrPolygons) {
            g = Grammar::DescriptionBoxes;
            for (const Unit &u : units)
                if (u.hasPoly)
                    g = Grammar::Polygons;
        }

        GroundedTextBuilder b;
        // Bin centres as floats, like the original remote code; the transformers port truncates the
        // pixel values to int, which is at most one pixel lower.
        const auto bin = [](int v) { return coords::binCenter(std::min(v, 999), 1000); };
        if (g == Grammar::PureText) {
            // region tasks may echo the asked region at the end; it is the region the answer is about
            std::string all;
            for (const Unit &u : units)
                all += u.text;
            all += tail;
            const std::string shown(utf8::trim(all));
            if (!units.empty() && units.back().locs.size() == 4 && !shown.empty()) {
                const auto &l = units.back().locs;
                Entity e;
                e.phrase = shown;
                e.span = b.appendPhrase(shown);
                e.hasSpan = true;
                e.regions.push_back(unitBoxRegion({bin(l[0]), bin(l[1]), bin(l[2]), bin(l[3])}, shown));
                e.rawEnd = units.back().rawEnd;
                b.addEntity(std::move(e));
            } else {
                b.appendText(all);
            }
            return b.finish();
        }

        const char *sep = g == Grammar::Ocr ? "\n" : ", ";
        for (const Unit &u : units) {
            std::string phrase = g == Grammar::Ocr ? std::string(utf8::trim(u.text)) : std::string(utf8::trim(asciiOnly(u.text)));
            if (g == Grammar::Boxes)
                phrase.clear();
            Entity e;
            e.phrase = phrase;
            e.rawEnd = u.rawEnd;
            if (g == Grammar::Ocr) {
                if (u.locs.size() % 8 != 0)
                    b.warn(u.rawBegin, "OCR region needs 8 loc tokens; leftover dropped");
                for (size_t k = 0; k + 7 < u.locs.size(); k += 8) {
                    Polygon q;
                    for (size_t p = 0; p < 8; p += 2)
                        q.push_back({bin(u.locs[k + p]), bin(u.locs[k + p + 1])});
                    // the area filter compares pixels with W*H*threshold: unit area with the threshold
                    if (m_opts.ocrAreaThreshold > 0 && polygonArea(q) < m_opts.ocrAreaThreshold)
                        continue;
                    // A quad whose corners are collinear encloses no text at all: drop it whatever the
                    // threshold (the processor's 0.01 default would drop it too, but also real small words).
                    if (polygonArea(q) <= 0) {
                        b.warn(u.rawBegin, "degenerate OCR quad (no area) dropped");
                        continue;
                    }
                    e.regions.push_back(unitPolygonRegion(q, true, phrase));
                }
            } else if (g == Grammar::Polygons) {
                const auto &polys = u.polys.empty() ? std::vector<std::vector<int>>{u.locs} : u.polys;
                for (const auto &p : polys) {
                    Polygon poly;
                    for (size_t k = 0; k + 1 < p.size(); k += 2) // an odd trailing loc is dropped
                        poly.push_back({bin(p[k]), bin(p[k + 1])});
                    if (p.size() % 2 != 0)
                        b.warn(u.rawBegin, "odd loc token at the end of a polygon dropped");
                    if (poly.size() < 3) {
                        b.warn(u.rawBegin, "polygon with fewer than 3 points dropped");
                        continue;
                    }
                    e.regions.push_back(unitPolygonRegion(poly, false, phrase));
                }
            } else {
                if (u.locs.size() % 4 != 0)
                    b.warn(u.rawBegin, "loc tokens not in groups of four; leftover dropped");
                if (g == Grammar::PhraseGrounding && kBannedPhrases.count(phrase) != 0)
                    continue;
                for (size_t k = 0; k + 3 < u.locs.size(); k += 4) {
                    e.regions.push_back(unitBoxRegion(
                        {bin(u.locs[k]), bin(u.locs[k + 1]), bin(u.locs[k + 2]), bin(u.locs[k + 3])}, phrase));
                    if (e.regions.back().reordered)
                        b.warn(u.rawBegin, "corners in reverse order, swapped");
                }
            }
            for (int v : u.locs)
                if (v > 999) {
                    b.warn(u.rawBegin, "loc beyond 999 clamped");
                    break;
                }
            if (e.regions.empty())
                continue;
            if (g == Grammar::Boxes) {
                // proposals are independent objects, one entity each
                for (Region &r : e.regions) {
                    Entity one;
                    one.regions.push_back(std::move(r));
                    one.rawEnd = u.rawEnd;
                    b.addEntity(std::move(one));
                }
                continue;
            }
            if (!phrase.empty()) {
                if (b.position() > 0)
                    b.appendText(sep);
                e.span = b.appendPhrase(phrase);
                e.hasSpan = true;
            }
            b.addEntity(std::move(e));
        }
        if (!utf8::trim(tail).empty()) {
            if (b.position() > 0)
                b.appendText(sep);
            b.appendText(tail);
        }
        return b.finish();
    }

    EncodeResult encode(const EncodeRequest &req) const override
    {
        const auto loc = [](double unit) { return "<loc_" + std::to_string(coords::quantizeBin(unit, 1000)) + ">"; };
        return encodeRegions(m_info, req, "", [&](const PromptRegion &r, std::string &out, std::string &err) {
            if (r.kind == RegionKind::Point) {
                const PointF p = unitPointOf(r, req.imageSize);
                out = loc(p.x) + loc(p.y);
                return true;
            }
            if (r.kind != RegionKind::Box) {
                err = "Florence-2 takes boxes and points only";
                return false;
            }
            const Box u = unitBoxOf(r, req.imageSize);
            out = loc(u.x1) + loc(u.y1) + loc(u.x2) + loc(u.y2);
            return true;
        });
    }

private:
    Grammar grammarOf(const std::string &task) const
    {
        if (task.empty())
            return Grammar::Auto;
        for (const TaskDef &t : kTasks)
            if (task == t.token || task == t.id)
                return t.grammar;
        return Grammar::Auto;
    }

    Florence2Options m_opts;
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeFlorence2() { return std::make_unique<Florence2>(Florence2Options{}); }
std::unique_ptr<Dialect> makeFlorence2(const Florence2Options &options) { return std::make_unique<Florence2>(options); }

} // namespace gc::dialects
