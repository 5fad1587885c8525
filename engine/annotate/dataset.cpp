#include "dataset.h"

#include <algorithm>
#include <atomic>
#include <set>

namespace gc::annot {

namespace {
std::atomic<std::uint64_t> g_examined{0};
} // namespace

std::uint64_t regionsExamined() { return g_examined.load(std::memory_order_relaxed); }

RegionList &RegionList::operator=(const RegionList &o)
{
    if (this != &o) {
        m_regions = o.m_regions;
        m_index.clear();
        m_indexed = false;
    }
    return *this;
}

std::vector<RegionRecord> &RegionList::mutableRegions()
{
    m_indexed = false;
    return m_regions;
}

const RegionRecord *RegionList::find(const std::string &id) const
{
    if (!m_indexed) {
        m_index.clear();
        m_index.reserve(m_regions.size());
        for (size_t i = 0; i < m_regions.size(); ++i)
            m_index.emplace(m_regions[i].region.id, i); // a repeated id keeps its first region
        g_examined.fetch_add(m_regions.size(), std::memory_order_relaxed);
        m_indexed = true;
    }
    g_examined.fetch_add(1, std::memory_order_relaxed);
    const auto it = m_index.find(id);
    return it == m_index.end() ? nullptr : &m_regions[it->second];
}

void RegionList::push_back(RegionRecord r)
{
    if (m_indexed)
        m_index.emplace(r.region.id, m_regions.size());
    m_regions.push_back(std::move(r));
}

const RegionRecord *ImageRecord::findRegion(const std::string &id) const { return regions.find(id); }

bool sameRegion(const RegionRecord &a, const RegionRecord &b, double tolerance)
{
    const Region &x = a.region, &y = b.region;
    return x.id == y.id && x.kind == y.kind && x.origin == y.origin && x.label == y.label &&
           a.accepted == b.accepted && x.positive == y.positive && x.markNumber == y.markNumber &&
           x.mask == y.mask && x.sameGeometry(y, tolerance);
}

namespace {

bool sameLine(const GroundedLine &a, const GroundedLine &b)
{
    if (a.text != b.text || a.phrases.size() != b.phrases.size())
        return false;
    for (size_t i = 0; i < a.phrases.size(); ++i)
        if (a.phrases[i].phrase != b.phrases[i].phrase || !(a.phrases[i].span == b.phrases[i].span) ||
            a.phrases[i].regionIds != b.phrases[i].regionIds)
            return false;
    return true;
}

bool fail(std::string *why, std::string text)
{
    if (why)
        *why = std::move(text);
    return false;
}

} // namespace

bool sameDataset(const Dataset &a, const Dataset &b, double tolerance, std::string *why)
{
    if (a.images.size() != b.images.size())
        return fail(why, "image count " + std::to_string(a.images.size()) + " vs " + std::to_string(b.images.size()));
    for (size_t i = 0; i < a.images.size(); ++i) {
        const ImageRecord &x = a.images[i], &y = b.images[i];
        const std::string at = "image " + std::to_string(i + 1) + " (" + x.path + "): ";
        if (x.path != y.path || x.width != y.width || x.height != y.height)
            return fail(why, at + "path/size differ (" + y.path + ")");
        if (x.regions.size() != y.regions.size())
            return fail(why, at + "region count " + std::to_string(x.regions.size()) + " vs " +
                                 std::to_string(y.regions.size()));
        for (size_t k = 0; k < x.regions.size(); ++k)
            if (!sameRegion(x.regions[k], y.regions[k], tolerance))
                return fail(why, at + "region " + x.regions[k].region.id + " differs from " + y.regions[k].region.id);
        if (!sameLine(x.caption, y.caption))
            return fail(why, at + "caption differs");
        if (x.turns.size() != y.turns.size())
            return fail(why, at + "turn count differs");
        for (size_t k = 0; k < x.turns.size(); ++k)
            if (x.turns[k].role != y.turns[k].role || !sameLine(x.turns[k].line, y.turns[k].line) ||
                x.turns[k].regionIds != y.turns[k].regionIds)
                return fail(why, at + "turn " + std::to_string(k + 1) + " differs");
        if (x.referring.size() != y.referring.size())
            return fail(why, at + "referring expression count differs");
        for (size_t k = 0; k < x.referring.size(); ++k)
            if (x.referring[k].expression != y.referring[k].expression ||
                x.referring[k].regionIds != y.referring[k].regionIds)
                return fail(why, at + "referring expression " + std::to_string(k + 1) + " differs");
    }
    return true;
}

std::vector<std::string> categoryNames(const Dataset &d)
{
    std::set<std::string> names;
    for (const ImageRecord &im : d.images)
        for (const RegionRecord &r : im.regions)
            names.insert(r.region.label);
    return {names.begin(), names.end()};
}

namespace {

void keepKnown(std::vector<std::string> &ids, const std::set<std::string> &known)
{
    ids.erase(std::remove_if(ids.begin(), ids.end(), [&](const std::string &id) { return !known.count(id); }),
              ids.end());
}

void keepKnown(GroundedLine &line, const std::set<std::string> &known)
{
    for (PhraseRef &p : line.phrases)
        keepKnown(p.regionIds, known);
}

} // namespace

Dataset keepRegions(const Dataset &d, const std::function<bool(const ImageRecord &, const RegionRecord &)> &keep)
{
    Dataset out = d;
    for (ImageRecord &im : out.images) {
        im.regions.eraseIf([&](const RegionRecord &r) { return !keep(im, r); });
        std::set<std::string> known;
        for (const RegionRecord &r : im.regions)
            known.insert(r.region.id);
        keepKnown(im.caption, known);
        for (Turn &t : im.turns) {
            keepKnown(t.line, known);
            keepKnown(t.regionIds, known);
        }
        // phrases keep their text; a referring expression without a region means nothing, so it goes
        for (ReferringExpression &r : im.referring)
            keepKnown(r.regionIds, known);
        im.referring.erase(std::remove_if(im.referring.begin(), im.referring.end(),
                                          [](const ReferringExpression &r) { return r.regionIds.empty(); }),
                           im.referring.end());
    }
    return out;
}

Dataset exportableOnly(const Dataset &d)
{
    return keepRegions(d, [](const ImageRecord &, const RegionRecord &r) { return r.exportable(); });
}

} // namespace gc::annot
