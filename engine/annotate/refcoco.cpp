// RefCOCO-style referring expressions: one JSON document holding the COCO images, annotations and
// categories plus "refs" as the refer API reads them ({ref_id, ann_id, image_id, category_id, split,
// sentences: [{sent_id, sent, raw, tokens}]}); one ref per region, its expressions as sentences.
// Coordinates: COCO's (pixels, top-left origin, bbox [x, y, width, height], polygons or RLE masks).
#include "coco_common.h"

#include <algorithm>
#include <sstream>
#include <utility>

namespace gc::annot::detail {

using nlohmann::json;

namespace {

json tokens(const std::string &sentence)
{
    json out = json::array();
    std::istringstream in(sentence);
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

} // namespace

Rendered renderRefCoco(const Dataset &d, const ExportOptions &o, const Progress &p)
{
    CocoIds ids;
    json doc = {{"info", {{"description", "referring expressions exported by GroundChat"}}},
                {"categories", cocoCategories(d, ids)},
                {"images", json::array()},
                {"annotations", json::array()},
                {"refs", json::array()}};
    Rendered out;
    SkipCounter skips;
    long long sentId = 0;
    for (size_t i = 0; i < d.images.size(); ++i) {
        tick(p, i, d.images.size());
        const ImageRecord &im = d.images[i];
        const long long imageId = static_cast<long long>(i) + 1;
        doc["images"].push_back(cocoImage(im, imageId));
        std::map<std::string, std::pair<long long, long long>> annOf; // region id -> (ann id, category id)
        for (const RegionRecord &r : im.regions) {
            std::string skipped;
            if (auto ann = cocoAnnotation(r, im, imageId, ids, o, &skipped)) {
                annOf[r.region.id] = {(*ann)["id"].get<long long>(), (*ann)["category_id"].get<long long>()};
                doc["annotations"].push_back(std::move(*ann));
                ++out.regions;
            } else {
                skips.add(skipped);
            }
        }
        std::map<std::string, size_t> refOf; // region id -> index in doc["refs"]
        for (const ReferringExpression &e : im.referring) {
            if (e.regionIds.size() != 1) {
                skips.add("expressions that refer to several regions (RefCOCO: one region each)");
                continue;
            }
            const auto ann = annOf.find(e.regionIds.front());
            if (ann == annOf.end())
                continue;
            auto [it, fresh] = refOf.emplace(ann->first, doc["refs"].size());
            if (fresh)
                doc["refs"].push_back({{"ref_id", static_cast<long long>(doc["refs"].size())},
                                       {"ann_id", ann->second.first},
                                       {"image_id", imageId},
                                       {"category_id", ann->second.second},
                                       {"split", "train"},
                                       {"sentences", json::array()},
                                       {"sent_ids", json::array()}});
            json &ref = doc["refs"][it->second];
            // sent_id follows the dataset's order, so import restores it even when refs group sentences
            ref["sentences"].push_back({{"sent_id", sentId}, {"sent", e.expression}, {"raw", e.expression},
                                        {"tokens", tokens(e.expression)}});
            ref["sent_ids"].push_back(sentId++);
        }
    }
    if (const auto problems = validateCoco(doc, "RefCOCO export"); !problems.empty())
        throw std::runtime_error("the export would not be valid COCO: " + problems.front().describe());
    skips.flush(out.warnings);
    out.files.push_back({"", doc.dump(1)});
    return out;
}

Dataset parseRefCoco(const std::string &text, const std::string &file, const Progress &p,
                     std::vector<std::string> &warn)
{
    Dataset d = parseCoco(text, file, p, warn); // images, regions and the COCO rules
    const json doc = parseDocument(text, file);
    const Node root(doc, "", file, 0);
    // COCO ids -> where parseCoco put them (it keeps the file's order)
    std::map<long long, size_t> imageIndex;
    for (size_t i = 0; i < root.at("images").size(); ++i)
        imageIndex[root.at("images").at(i).at("id").integer()] = i;
    std::map<long long, std::pair<size_t, std::string>> annRegion;
    std::vector<size_t> perImage(d.images.size(), 0);
    const Node anns = root.at("annotations");
    for (size_t i = 0; i < anns.size(); ++i) {
        const size_t im = imageIndex.at(anns.at(i).at("image_id").integer());
        annRegion[anns.at(i).at("id").integer()] = {im, std::as_const(d.images[im].regions)[perImage[im]++].region.id};
    }
    struct Sentence {
        long long id;
        size_t image;
        ReferringExpression expression;
    };
    std::vector<Sentence> sentences;
    const Node refs = root.at("refs");
    for (size_t i = 0; i < refs.size(); ++i) {
        const Node ref = refs.at(i);
        const auto ann = annRegion.find(ref.at("ann_id").integer());
        if (ann == annRegion.end())
            ref.at("ann_id").fail("does not name an annotation of the file");
        if (imageIndex.at(ref.at("image_id").integer()) != ann->second.first)
            ref.at("image_id").fail("is not the image of its annotation");
        const Node sents = ref.at("sentences");
        for (size_t k = 0; k < sents.size(); ++k) {
            const Node s = sents.at(k);
            const long long id = s.opt("sent_id") ? s.at("sent_id").integer() : static_cast<long long>(sentences.size());
            sentences.push_back({id, ann->second.first, {s.at("sent").str(), {ann->second.second}}});
        }
    }
    std::stable_sort(sentences.begin(), sentences.end(), [](const Sentence &a, const Sentence &b) { return a.id < b.id; });
    for (Sentence &s : sentences)
        d.images[s.image].referring.push_back(std::move(s.expression));
    return d;
}

} // namespace gc::annot::detail
