#pragma once

// The plain C++ annotation model every exporter reads and every importer produces. No Qt: the CLI builds it
// from a saved session file or a batch run, the app converts its Session into it.
//
// Coordinates are pixels of the original image, origin at the top-left corner of the top-left pixel,
// x to the right, y down; a box's (x2, y2) is its far edge (a box covering pixel 0 only is 0,0,1,1).

#include "core/grounded_text.h"
#include "core/region.h"

#include <functional>
#include <string>
#include <vector>

namespace gc::annot {

// A region and whether it belongs to the annotation set. User regions always do; model regions only
// once the user accepted them (or when a batch run made them).
struct RegionRecord {
    Region region; // id, kind, origin, label and geometry in pixels
    bool accepted = false;

    [[nodiscard]] bool exportable() const { return region.origin == RegionOrigin::User || accepted; }
};

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
    std::vector<RegionRecord> regions;
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
