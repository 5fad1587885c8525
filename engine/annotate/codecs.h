#pragma once

// Internal: one renderer and one parser per format, called by formats.cpp. Parsers throw ImportFailure;
// both call tick() between images, which throws Cancelled when the caller asked to stop.

#include "formats.h"

#include <nlohmann/json.hpp>

#include <map>

namespace gc::annot::detail {

struct Cancelled {};
void tick(const Progress &p, size_t done, size_t total);

// Regions of a kind the format cannot carry are skipped, or written in a lesser form (a mask as its box), and
// counted here, then turned into warnings: nothing is lost without the user being told.
struct SkipCounter {
    std::map<std::string, size_t> counts;  // "points (COCO has no ...)" -> n
    std::map<std::string, size_t> reduced; // "masks as their bounding boxes (ODVG holds boxes)" -> n
    void add(const std::string &what) { ++counts[what]; }
    void reduce(const std::string &what) { ++reduced[what]; }
    void flush(std::vector<std::string> &warnings) const;
};

// What formats without a point's sign warn about.
inline const char *const kNegativePoints = "negative (background) points written as plain points";
// "points", "marks", ...: how warnings name a region kind.
const char *kindPlural(RegionKind k);
// Box-only formats: a box goes out as it is; a polygon, quad, mask or mark as its bounding box, counted in
// `skips` as reduced ("<kinds> written as their bounding boxes (<why>)"); a point cannot, and returns false.
bool boxOrBoundingBox(const Region &r, SkipCounter &skips, const std::string &why);

// The regions as every format can hold them, before any codec sees them: corners in order, and coordinates inside
// the image (clipped, counted in `skips` as reduced); a quad without 4 corners as a polygon. Left out and counted:
// what outlines nothing a format could read back (a polygon or quad of under 3 vertices, a point without a position,
// a mask or mark without pixels or not of the image's size, coordinates that are not finite numbers).
Dataset writableGeometry(const Dataset &d, SkipCounter &skips);

// A region id that is free in the image: "R1", "R2", ...
std::string freshId(const ImageRecord &im, const char *prefix = "R");
// The non-geometric attributes of a region that exporters keep under "groundchat".
nlohmann::json regionSideFields(const RegionRecord &r);
// Applies them (when present) to a region an importer built from the format's own geometry.
void applyRegionSideFields(RegionRecord &r, const Node &side);
// Imported regions without side fields are annotations: the user's, accepted.
RegionRecord importedRegion(Region region);
// Code-point length and code-point -> byte offset, for spans.
size_t codePoints(const std::string &s);
size_t byteOffset(const std::string &s, size_t codePoint);

Rendered renderCoco(const Dataset &d, const ExportOptions &o, const Progress &p);
Dataset parseCoco(const std::string &text, const std::string &file, const Progress &p, std::vector<std::string> &warn);
Rendered renderRefCoco(const Dataset &d, const ExportOptions &o, const Progress &p);
Dataset parseRefCoco(const std::string &text, const std::string &file, const Progress &p, std::vector<std::string> &warn);
Rendered renderOdvg(const Dataset &d, const std::string &output, const ExportOptions &o, const Progress &p);
Dataset parseOdvg(const std::string &text, const std::string &file, const Progress &p, std::vector<std::string> &warn);
Rendered renderGrit(const Dataset &d, const ExportOptions &o, const Progress &p);
Dataset parseGrit(const std::string &text, const std::string &file, const Progress &p, std::vector<std::string> &warn);
Rendered renderLlava(const Dataset &d, const ExportOptions &o, const Progress &p);
Dataset parseLlava(const std::string &text, const std::string &file, const ImportOptions &io, const Progress &p,
                   std::vector<std::string> &warn);
Rendered renderLabelme(const Dataset &d, const ExportOptions &o, const Progress &p);
ImageRecord parseLabelme(const std::string &text, const std::string &file, std::vector<std::string> &warn);

// JSONL: calls fn(node, lineNumber) for every non-blank line; a syntax error names its line.
void forEachJsonLine(const std::string &text, const std::string &file,
                     const std::function<void(const Node &, size_t line)> &fn);

} // namespace gc::annot::detail
