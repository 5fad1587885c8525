#pragma once

// What COCO and RefCOCO share: annotation objects and their rules.
// Convention: pixels, origin at the top-left corner of the image; bbox = [x, y, width, height];
// polygons = [x1, y1, x2, y2, ...] vertex lists; masks = RLE over the whole image, column-major.

#include "codecs.h"

#include <map>

namespace gc::annot::detail {

struct CocoIds {
    std::map<std::string, long long> categoryByName; // label -> category id (1-based)
    long long nextAnnotation = 1;
};

// Points are COCO keypoints: a category that has point regions names two, kCocoPointKeypoints, and a point's
// annotation labels the first (a foreground point) or the second (a background point).
inline const std::vector<std::string> kCocoPointKeypoints = {"point", "background point"};

// The categories of the regions of `d` (categoryNames), with keypoints where they have points.
nlohmann::json cocoCategories(const Dataset &d, CocoIds &ids);
nlohmann::json cocoImage(const ImageRecord &im, long long id);
// nullopt when the region has no COCO form (a mask not of the image's size); *skipped names it.
std::optional<nlohmann::json> cocoAnnotation(const RegionRecord &r, const ImageRecord &im, long long imageId,
                                             CocoIds &ids, const ExportOptions &o, std::string *skipped);
// The region an annotation describes (the image's size bounds mask decoding).
RegionRecord regionFromCocoAnnotation(const Node &ann, const ImageRecord &im, const std::string &categoryName);

// The format's rules: unique ids, references that resolve, boxes and polygons of the right shape inside the
// image, RLE sizes that match their image. Returns the problems (at most `limit`), field paths included.
std::vector<ImportError> validateCoco(const nlohmann::json &doc, const std::string &file, size_t limit = 20);

} // namespace gc::annot::detail
