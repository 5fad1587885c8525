// Kosmos-2: `<phrase>…</phrase><object><patch_index_A><patch_index_B>…</object>` on a 32x32 grid.
// Decoding reproduces transformers' Kosmos2Processor.post_process_generation (clean text, spans, boxes).
#include "common.h"
#include "factories.h"
#include "markup_scan.h"

#include "core/utf8.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace gc::dialects {
namespace {

constexpr int kGrid = 32; // sqrt(1024 patch tokens)
constexpr std::string_view kObject = "<object>";
constexpr std::string_view kObjectEnd = "</object>";
constexpr std::string_view kDelim = "</delimiter_of_multi_objects/>";
constexpr std::string_view kPatch = "<patch_index_";
constexpr std::string_view kPhrase = "<phrase>";
constexpr std::string_view kPhraseEnd = "</phrase>";

struct Tag {
    size_t begin, end;
};

// HF removes every `<.*?>` match ('.' stops at a newline). Tags are found left to right; when a '<' has no
// '>' before the next newline, no '<' up to that newline has one either, so the scan stays linear.
std::vector<Tag> findTags(std::string_view t)
{
    std::vector<Tag> tags;
    size_t i = 0;
    while (i < t.size()) {
        const size_t lt = t.find('<', i);
        if (lt == std::string_view::npos)
            break;
        const size_t stop = t.find_first_of(">\n", lt + 1);
        if (stop == std::string_view::npos)
            break;
        if (t[stop] == '\n') {
            i = stop + 1;
            continue;
        }
        tags.push_back({lt, stop + 1});
        i = stop + 1;
    }
    return tags;
}

std::string withoutTags(std::string_view t, const std::vector<Tag> &tags)
{
    std::string clean;
    clean.reserve(t.size());
    size_t pos = 0;
    for (const Tag &tag : tags) {
        clean.append(t.substr(pos, tag.begin - pos));
        pos = tag.end;
    }
    clean.append(t.substr(pos));
    return clean;
}

// Code points of clean(t[:off]) for increasing offsets, computed the way HF does: on the prefix, so that
// a tag cut by `off` counts as literal text.
class CleanCounter {
public:
    CleanCounter(std::string_view t, const std::vector<Tag> &tags) : m_t(t), m_tags(tags) {}
    size_t at(size_t off)
    {
        while (m_tag < m_tags.size() && m_tags[m_tag].end <= off) {
            m_count += utf8::length(m_t.substr(m_pos, m_tags[m_tag].begin - m_pos));
            m_pos = m_tags[m_tag].end;
            ++m_tag;
        }
        size_t extra = 0;
        if (off > m_pos) {
            // a tag starting before off but ending after it is literal text of the prefix
            extra = utf8::length(m_t.substr(m_pos, off - m_pos));
        }
        return m_count + extra;
    }

private:
    std::string_view m_t;
    const std::vector<Tag> &m_tags;
    size_t m_tag = 0;
    size_t m_pos = 0;
    size_t m_count = 0;
};

size_t skipSpaces(std::string_view t, size_t p)
{
    while (p < t.size() && utf8::isSpace(t[p]))
        ++p;
    return p;
}

// `<patch_index_N>` at p; returns the index and moves p past it.
std::optional<long long> readPatch(std::string_view t, size_t &p)
{
    if (t.substr(p, kPatch.size()) != kPatch)
        return std::nullopt;
    size_t q = p + kPatch.size();
    const size_t digits = q;
    while (q < t.size() && markup::isDigit(t[q]))
        ++q;
    if (q == digits || q >= t.size() || t[q] != '>')
        return std::nullopt;
    const auto v = parseIndex(t.substr(digits, q - digits));
    if (!v)
        return std::nullopt; // more than 9 digits: far outside the grid anyway
    p = q + 1;
    return *v;
}

// transformers patch_index_to_coordinate (same rule as unilm get_box_coords_from_index): full cells when
// the corners share a cell, a row or a column, cell centres otherwise.
Box patchBox(long long ul, long long lr)
{
    const double c = 1.0 / kGrid;
    const double ulx = double(ul % kGrid), uly = double(ul / kGrid);
    const double lrx = double(lr % kGrid), lry = double(lr / kGrid);
    if (ul == lr || ulx == lrx || uly == lry)
        return {ulx * c, uly * c, lrx * c + c, lry * c + c};
    return {ulx * c + c / 2, uly * c + c / 2, lrx * c + c / 2, lry * c + c / 2};
}

struct Chain {
    std::vector<std::pair<long long, long long>> pairs;
    size_t end = 0; // just past </object>
};

// The pairs after an `<object>` at p, up to `</object>`. Spaces between the tokens are accepted (the
// processor's own input form has them); HF's regex wants the tokens adjacent.
std::optional<Chain> readChain(std::string_view t, size_t p)
{
    Chain c;
    p += kObject.size();
    while (true) {
        p = skipSpaces(t, p);
        const auto a = readPatch(t, p);
        if (!a)
            return std::nullopt;
        p = skipSpaces(t, p);
        const auto b = readPatch(t, p);
        if (!b)
            return std::nullopt;
        c.pairs.emplace_back(*a, *b);
        p = skipSpaces(t, p);
        if (t.substr(p, kDelim.size()) == kDelim) {
            p += kDelim.size();
            continue;
        }
        if (t.substr(p, kObjectEnd.size()) == kObjectEnd) {
            c.end = p + kObjectEnd.size();
            return c;
        }
        return std::nullopt;
    }
}

// `<phrase>[^<]+</phrase>` ending right before the object at p: returns the content range.
std::optional<std::pair<size_t, size_t>> phraseBefore(std::string_view t, size_t p)
{
    while (p > 0 && utf8::isSpace(t[p - 1]))
        --p;
    if (p < kPhraseEnd.size() || t.substr(p - kPhraseEnd.size(), kPhraseEnd.size()) != kPhraseEnd)
        return std::nullopt;
    const size_t contentEnd = p - kPhraseEnd.size();
    if (contentEnd == 0)
        return std::nullopt;
    const size_t lt = t.rfind('<', contentEnd - 1);
    if (lt == std::string_view::npos || t.substr(lt, kPhrase.size()) != kPhrase)
        return std::nullopt;
    const size_t contentBegin = lt + kPhrase.size();
    if (contentBegin >= contentEnd)
        return std::nullopt;
    return std::make_pair(contentBegin, contentEnd);
}

std::string patchToken(int idx)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "<patch_index_%04d>", idx);
    return buf;
}

class Kosmos2 final : public Dialect {
public:
    Kosmos2()
    {
        m_info.id = "kosmos2";
        m_info.displayName = "Kosmos-2";
        m_info.source = "huggingface/transformers src/transformers/models/kosmos2/processing_kosmos2.py@00ad3b0b; "
                        "microsoft/unilm kosmos-2/demo/decode_string.py@768a3c87";
        m_info.space = CoordSpace::Patch32;
        m_info.caps.boxIn = true;
        m_info.caps.boxOut = true;
        m_info.tasks = {
            {"grounded-caption", "<grounding>", "<grounding>An image of", false},
            {"detailed", "<grounding>", "<grounding>Describe this image in detail:", false},
            {"refer", "<grounding>", "<grounding><phrase>{input}</phrase>", false},
            {"region", "<grounding>", "<grounding><phrase> It</phrase>{input} is", true},
            {"count", "<grounding>", "<grounding>Question: How many {input} are there? Answer:", false},
            {"chat", "<grounding>", "<grounding>Question: {input} Answer:", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        const std::string_view stable = raw.substr(0, stableLength(raw, options.partial, 64));
        // post_process_generation keeps what follows the last </image>
        const size_t image = stable.rfind("</image>");
        if (options.prompt.empty() || image != std::string_view::npos)
            return decodeText(stable, image == std::string_view::npos ? 0 : image + 8);
        // transformers decodes the prompt and the answer as one text; so do we, then keep the answer's part
        const std::string joined = options.prompt + std::string(stable);
        return answerPart(decodeText(joined, 0), joined, options.prompt.size());
    }

    EncodeResult encode(const EncodeRequest &request) const override
    {
        std::string group;
        if (!request.regions.empty()) {
            if (!request.imageSize.isValid())
                return {false, {}, "Kosmos-2 needs the image size to place a region on its patch grid"};
            group = std::string(kObject);
            for (size_t i = 0; i < request.regions.size(); ++i) {
                const PromptRegion &r = request.regions[i];
                if (r.kind != RegionKind::Box)
                    return {false, {}, std::string("Kosmos-2 takes boxes only, not a ") + regionKindName(r.kind)};
                const Box u = unitBoxOf(r, request.imageSize);
                // processing_kosmos2 coordinate_to_patch_index
                const auto cell = [](double v) { return std::clamp(int(std::floor(v)), 0, kGrid - 1); };
                const int ulx = cell(u.x1 * kGrid), uly = cell(u.y1 * kGrid);
                const int lrx = std::clamp(int(std::ceil(u.x2 * kGrid - 1)), 0, kGrid - 1);
                const int lry = std::clamp(int(std::ceil(u.y2 * kGrid - 1)), 0, kGrid - 1);
                if (i > 0)
                    group += kDelim;
                group += patchToken(uly * kGrid + ulx) + patchToken(lry * kGrid + lrx);
            }
            group += kObjectEnd;
        }
        std::string input;
        if (request.regions.empty())
            input = request.phrase;
        else if (!request.phrase.empty() && request.task != "region")
            input = std::string(kPhrase) + request.phrase + std::string(kPhraseEnd) + group;
        else
            input = group;
        return markup::applyTask(m_info, request, input);
    }

private:
    // What the answer (from byte `answerFrom` of `joined`) adds to the decode of prompt + answer. Text and
    // spans are cut at the same place: where the answer starts, moved back to the start of a phrase that
    // opened in the prompt or of a word the answer finishes ("a" + "n orange diamond").
    static GroundedText answerPart(GroundedText all, std::string_view joined, size_t answerFrom)
    {
        const std::vector<Tag> tags = findTags(joined);
        const size_t cutInClean = CleanCounter(joined, tags).at(answerFrom);
        // decodeText strips leading spaces from the text; count them out of the cut too
        const std::string clean = withoutTags(joined, tags);
        size_t lead = 0;
        while (lead < clean.size() && utf8::isSpace(clean[lead]))
            ++lead;
        size_t cut = cutInClean > lead ? cutInClean - lead : 0;
        std::vector<Entity> kept;
        for (Entity &e : all.entities) {
            if (e.rawEnd <= answerFrom)
                continue; // a region the user put in the prompt
            if (e.hasSpan)
                cut = std::min(cut, e.span.begin);
            e.rawEnd -= answerFrom;
            kept.push_back(std::move(e));
        }
        const std::string &text = all.text;
        size_t at = byteOfCodePoint(text, cut);
        const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80); };
        while (at > 0 && at < text.size() && word(text[at]) && word(text[at - 1])) {
            do
                --at;
            while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80);
            --cut;
        }
        size_t skip = at;
        while (skip < text.size() && utf8::isSpace(text[skip]))
            ++skip;
        const size_t drop = cut + (skip - at);
        GroundedText out;
        out.normalized = all.normalized;
        out.text = text.substr(skip);
        for (Entity &e : kept) {
            e.span.begin = e.span.begin > drop ? e.span.begin - drop : 0;
            e.span.end = e.span.end > drop ? e.span.end - drop : 0;
            out.entities.push_back(std::move(e));
        }
        for (Diagnostic &d : all.diagnostics)
            if (d.rawOffset >= answerFrom)
                out.warn(d.rawOffset - answerFrom, std::move(d.message));
        return out;
    }

    static size_t byteOfCodePoint(std::string_view s, size_t cp)
    {
        size_t i = 0;
        for (; i < s.size() && cp > 0; ++i)
            if (i + 1 >= s.size() || (static_cast<unsigned char>(s[i + 1]) & 0xC0) != 0x80)
                --cp;
        return i;
    }

    GroundedText decodeText(std::string_view stable, size_t base) const
    {
        const std::string_view t = stable.substr(base);

        const std::vector<Tag> tags = findTags(t);
        const std::string clean = withoutTags(t, tags);
        size_t lead = 0;
        while (lead < clean.size() && utf8::isSpace(clean[lead]))
            ++lead;
        size_t trail = clean.size();
        while (trail > lead && utf8::isSpace(clean[trail - 1]))
            --trail;
        const std::string stripped = clean.substr(lead, trail - lead);
        const size_t textLength = utf8::length(stripped);

        GroundedText out;
        out.normalized = true;
        CleanCounter counter(t, tags);
        const auto shift = [&](size_t cp, long long delta) {
            const long long v = (long long)cp - (long long)lead + delta;
            return size_t(std::clamp<long long>(v, 0, (long long)textLength));
        };

        size_t search = 0;
        while (true) {
            const size_t obj = t.find(kObject, search);
            if (obj == std::string_view::npos)
                break;
            const auto chain = readChain(t, obj);
            if (!chain) {
                out.warn(base + obj, "malformed <object> group, kept as text");
                search = obj + 1;
                continue;
            }
            search = chain->end;
            std::vector<Region> regions;
            for (const auto &[ul, lr] : chain->pairs) {
                Region r = unitBoxRegion(patchBox(ul, lr));
                if (ul > 1023 || lr > 1023)
                    out.warn(base + obj, "patch index beyond the 32x32 grid");
                if (r.reordered)
                    out.warn(base + obj, "box corners in reverse order, swapped");
                regions.push_back(r);
            }
            if (const auto ph = phraseBefore(t, obj)) {
                const std::string_view name = t.substr(ph->first, ph->second - ph->first);
                size_t nl = 0;
                while (nl < name.size() && utf8::isSpace(name[nl]))
                    ++nl;
                size_t nt = 0;
                while (nt < name.size() - nl && utf8::isSpace(name[name.size() - 1 - nt]))
                    ++nt;
                Entity e;
                e.phrase = utf8::sanitize(name.substr(nl, name.size() - nl - nt));
                e.span.begin = shift(counter.at(ph->first), (long long)nl);
                e.span.end = std::max(e.span.begin, shift(counter.at(ph->second), -(long long)nt));
                e.hasSpan = true;
                e.rawEnd = base + chain->end;
                for (Region &r : regions)
                    r.label = e.phrase;
                e.regions = std::move(regions);
                out.entities.push_back(std::move(e));
            } else {
                // HF names a phrase-less box after its (unpadded) patch indices, at the <object> position
                const size_t at = shift(counter.at(obj), 0);
                for (size_t i = 0; i < regions.size(); ++i) {
                    Entity e;
                    e.phrase = "<patch_index_" + std::to_string(chain->pairs[i].first) + "><patch_index_"
                        + std::to_string(chain->pairs[i].second) + ">";
                    e.span = {at, at};
                    e.hasSpan = false;
                    e.rawEnd = base + chain->end;
                    e.regions.push_back(regions[i]);
                    out.entities.push_back(std::move(e));
                }
            }
        }
        out.text = utf8::sanitize(stripped);
        return out;
    }

    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeKosmos2() { return std::make_unique<Kosmos2>(); }

} // namespace gc::dialects
