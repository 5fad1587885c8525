#pragma once

// The plain C++ annotation model every exporter reads and every importer produces. No Qt: the CLI builds it
// from a saved session file or a batch run, the app converts its Session into it.
//
// Coordinates are pixels of the original image, origin at the top-left corner of the top-left pixel,
// x to the right, y down; a box's (x2, y2) is its far edge (a box covering pixel 0 only is 0,0,1,1).

#include "core/grounded_text.h"
#include "core/region.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <vector>

namespace gc::annot {

// A region and whether it belongs to the annotation set. User regions always do; model regions only
// once the user accepted them (or when a batch run made them).
struct RegionRecord {
    Region region; // id, kind, origin, label and geometry in pixels
    bool accepted = false;

    [[nodiscard]] bool exportable() const { return region.origin == RegionOrigin::User || accepted; }
};

// The regions of an image, in order, with an index by id kept beside them, so that reading or writing n regions
// (every importer checks each new id, every exporter looks up the ids phrases cite) takes time linear in n.
// Whatever hands out a reference that could change a region (the non-const accessors) sets the index aside; the
// next lookup rebuilds it once.
class RegionList
{
public:
    RegionList() = default;
    RegionList(std::vector<RegionRecord> regions) : m_regions(std::move(regions)) {}
    RegionList(std::initializer_list<RegionRecord> regions) : m_regions(regions) {}
    // a copy builds its own index when it is first asked
    RegionList(const RegionList &o) : m_regions(o.m_regions) {}
    RegionList(RegionList &&) = default;
    RegionList &operator=(const RegionList &o);
    RegionList &operator=(RegionList &&) = default;

    [[nodiscard]] size_t size() const { return m_regions.size(); }
    [[nodiscard]] bool empty() const { return m_regions.empty(); }
    [[nodiscard]] const RegionRecord &operator[](size_t i) const { return m_regions[i]; }
    [[nodiscard]] const RegionRecord &back() const { return m_regions.back(); }
    [[nodiscard]] auto begin() const { return m_regions.cbegin(); }
    [[nodiscard]] auto end() const { return m_regions.cend(); }
    [[nodiscard]] RegionRecord &operator[](size_t i) { return mutableRegions()[i]; }
    [[nodiscard]] RegionRecord &back() { return mutableRegions().back(); }
    [[nodiscard]] auto begin() { return mutableRegions().begin(); }
    [[nodiscard]] auto end() { return m_regions.end(); }

    // The first region with this id, or null.
    [[nodiscard]] const RegionRecord *find(const std::string &id) const;
    void push_back(RegionRecord r);
    template <typename Pred> void eraseIf(Pred pred)
    {
        std::vector<RegionRecord> &v = mutableRegions();
        v.erase(std::remove_if(v.begin(), v.end(), pred), v.end());
    }

private:
    std::vector<RegionRecord> &mutableRegions();

    std::vector<RegionRecord> m_regions;
    mutable std::unordered_map<std::string, size_t> m_index;
    mutable bool m_indexed = false;
};

// How many regions id lookups have examined in this process, index rebuilds included: what the complexity
// tests count (a lookup by the index examines one).
[[nodiscard]] std::uint64_t regionsExamined();

// A phrase of a text and the regions it cites, by id.
struct PhraseRef {
    std::string phrase;
    Span span; // code points of the owning text; begin == end when the phrase is not in it
    std::vector<std::string> regionIds;
};

// Text whose phrases cite regions: a caption, or one turn of a conversation.
struct GroundedLine {
    std::string text;
    std::vector<PhraseRef> phrases;
    [[nodiscard]] bool empty() const { return text.empty() && phrases.empty(); }
};

enum class Role { User, Assistant };

struct Turn {
    Role role = Role::User;
    GroundedLine line;
    // Regions the turn refers to without a phrase of its own (a user's drawn boxes sent with a question).
    std::vector<std::string> regionIds;
};

// A referring expression and the region(s) it denotes (RefCOCO: one; grounding data may have several).
struct ReferringExpression {
    std::string expression;
    std::vector<std::string> regionIds;
};

struct ImageRecord {
    std::string path; // as given (absolute or relative to the dataset file)
    int width = 0;
    int height = 0;
    RegionList regions;
    GroundedLine caption; // a grounded caption (GrIT, ODVG grounding); may be empty
    std::vector<Turn> turns;
    std::vector<ReferringExpression> referring;

    [[nodiscard]] const RegionRecord *findRegion(const std::string &id) const;
};

struct Dataset {
    std::vector<ImageRecord> images;
};

// Region equality as round trips promise it: same id, kind, origin, label, accepted flag, point sign,
// mark number and mask; coordinates within `tolerance` pixels.
[[nodiscard]] bool sameRegion(const RegionRecord &a, const RegionRecord &b, double tolerance = 1e-6);
// Everything of two datasets that a full-fidelity format carries, compared; on a difference, *why says where.
[[nodiscard]] bool sameDataset(const Dataset &a, const Dataset &b, double tolerance, std::string *why);
// The labels of the regions, sorted, unique: the category list of COCO, ODVG and RefCOCO (exporters call it
// on the dataset they write, already without the regions left out).
[[nodiscard]] std::vector<std::string> categoryNames(const Dataset &d);
// Copy with only the regions `keep` accepts, and without references to the others.
[[nodiscard]] Dataset keepRegions(const Dataset &d, const std::function<bool(const ImageRecord &, const RegionRecord &)> &keep);
// Copy without the regions that are not exportable, and without references to them.
[[nodiscard]] Dataset exportableOnly(const Dataset &d);

} // namespace gc::annot
