// COCO detection/segmentation JSON. Coordinates: pixels, origin at the top-left image corner, bbox as
// [x, y, width, height], polygons as flat [x1, y1, x2, y2, ...], masks as RLE of the whole image
// (column-major, compressed string or run list). Categories come from region labels (1-based ids).
#include "coco_common.h"
#include "dataset_json.h"

namespace gc::annot::detail {

using nlohmann::json;

Rendered renderCoco(const Dataset &d, const ExportOptions &o, const Progress &p)
{
    CocoIds ids;
    json doc = {{"info", {{"description", "exported by GroundChat"}, {"version", "1.0"}}},
                {"licenses", json::array()},
                {"categories", cocoCategories(d, ids)},
                {"images", json::array()},
                {"annotations", json::array()}};
    SkipCounter skips;
    Rendered out;
    for (size_t i = 0; i < d.images.size(); ++i) {
        tick(p, i, d.images.size());
        const ImageRecord &im = d.images[i];
        const long long imageId = static_cast<long long>(i) + 1;
        doc["images"].push_back(cocoImage(im, imageId));
        for (const RegionRecord &r : im.regions) {
            std::string skipped;
            if (auto ann = cocoAnnotation(r, im, imageId, ids, o, &skipped)) {
                doc["annotations"].push_back(std::move(*ann));
                ++out.regions;
            } else {
                skips.add(skipped);
            }
        }
    }
    // validated on write: a file that breaks the format's rules is never produced
    if (const auto problems = validateCoco(doc, "COCO export"); !problems.empty())
        throw std::runtime_error("the export would not be valid COCO: " + problems.front().describe());
    skips.flush(out.warnings);
    out.files.push_back({"", doc.dump(1)});
    return out;
}

Dataset parseCoco(const std::string &text, const std::string &file, const Progress &p, std::vector<std::string> &)
{
    const json doc = parseDocument(text, file);
    if (const auto problems = validateCoco(doc, file, 1); !problems.empty())
        throw ImportFailure(problems.front());
    const Node root(doc, "", file, 0);
    std::map<long long, std::string> categories;
    const Node cats = root.at("categories");
    for (size_t i = 0; i < cats.size(); ++i)
        categories[cats.at(i).at("id").integer()] = cats.at(i).at("name").str();
    Dataset d;
    std::map<long long, size_t> imageIndex;
    const Node images = root.at("images");
    for (size_t i = 0; i < images.size(); ++i) {
        const Node im = images.at(i);
        imageIndex[im.at("id").integer()] = d.images.size();
        d.images.push_back({im.at("file_name").str(), int(im.at("width").integer()), int(im.at("height").integer())});
    }
    const Node anns = root.at("annotations");
    for (size_t i = 0; i < anns.size(); ++i) {
        tick(p, i, anns.size());
        const Node a = anns.at(i);
        ImageRecord &im = d.images[imageIndex.at(a.at("image_id").integer())];
        RegionRecord r = regionFromCocoAnnotation(a, im, categories.at(a.at("category_id").integer()));
        if (r.region.id.empty() || !a.has("groundchat"))
            r.region.id = freshId(im);
        addRegion(im, std::move(r), a);
    }
    return d;
}

} // namespace gc::annot::detail
