#pragma once

// Internal: one renderer and one parser per format, called by formats.cpp. Parsers throw ImportFailure;
// both call tick() between images, which throws Cancelled when the caller asked to stop.

#include "formats.h"

#include <nlohmann/json.hpp>

#include <map>

namespace gc::annot::detail {

struct Cancelled {};
void tick(const Progress &p, size_t done, size_t total);

// Regions of a kind the format cannot carry are skipped and counted here, then turned into warnings.
struct SkipCounter {
    std::map<std::string, size_t> counts; // "points in COCO" -> n
    void add(const std::string &what) { ++counts[what]; }
    void flush(std::vector<std::string> &warnings) const;
};

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
