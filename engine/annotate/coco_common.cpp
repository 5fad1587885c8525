#include "coco_common.h"
#include "dataset_json.h"

#include <cmath>
#include <set>

namespace gc::annot::detail {

using nlohmann::json;

json cocoCategories(const Dataset &d, CocoIds &ids)
{
    std::set<std::string> withPoints;
    for (const ImageRecord &im : d.images)
        for (const RegionRecord &r : im.regions)
            if (r.region.kind == RegionKind::Point)
                withPoints.insert(r.region.label);
    json cats = json::array();
    for (const std::string &name : categoryNames(d)) {
        const long long id = static_cast<long long>(ids.categoryByName.size()) + 1;
        ids.categoryByName[name] = id;
        // COCO wants a name; an unlabelled region becomes "object" (its side fields keep the empty label)
        json cat = {{"id", id}, {"name", name.empty() ? "object" : name}, {"supercategory", "object"}};
        if (withPoints.count(name)) {
            cat["keypoints"] = kCocoPointKeypoints;
            cat["skeleton"] = json::array();
        }
        cats.push_back(std::move(cat));
    }
    return cats;
}

json cocoImage(const ImageRecord &im, long long id)
{
    return {{"id", id}, {"file_name", im.path}, {"width", im.width}, {"height", im.height}};
}

namespace {

json polygonJson(const std::vector<PointF> &pts)
{
    json flat = json::array();
    for (const PointF &p : pts) {
        flat.push_back(p.x);
        flat.push_back(p.y);
    }
    return json::array({flat});
}

// A point region's annotation: no segmentation, one labelled keypoint (the first or the second of
// kCocoPointKeypoints). Returns the point and whether it is a foreground one.
std::optional<std::pair<PointF, bool>> keypointOf(const Node &ann)
{
    const auto kp = ann.opt("keypoints");
    if (!kp || ann.has("segmentation"))
        return std::nullopt;
    std::optional<std::pair<PointF, bool>> found;
    for (size_t i = 0; i + 2 < kp->size(); i += 3) {
        if (kp->at(i + 2).num() <= 0)
            continue;
        if (found || i / 3 >= kCocoPointKeypoints.size())
            return std::nullopt; // a skeleton of several keypoints is no point region
        found = std::pair<PointF, bool>{{kp->at(i).num(), kp->at(i + 1).num()}, i == 0};
    }
    return found;
}

} // namespace

std::optional<json> cocoAnnotation(const RegionRecord &rec, const ImageRecord &im, long long imageId, CocoIds &ids,
                                   const ExportOptions &o, std::string *skipped)
{
    const Region &r = rec.region;
    json segmentation;
    double area = 0;
    Box box = r.box;
    // a mark is its mask (hand-made marks from older sessions may have none: their box)
    const RegionKind kind = r.kind == RegionKind::Mark && r.mask ? RegionKind::Mask : r.kind;
    switch (kind) {
    case RegionKind::Box:
    case RegionKind::Mark: {
        // detection datasets give boxes their rectangle as a polygon so segmentation-aware loaders work
        box = r.box.ordered();
        segmentation = polygonJson({{box.x1, box.y1}, {box.x2, box.y1}, {box.x2, box.y2}, {box.x1, box.y2}});
        area = box.area();
        break;
    }
    case RegionKind::Polygon:
    case RegionKind::Quad:
        segmentation = polygonJson(r.points);
        box = boundingBox(r.points);
        area = polygonArea(r.points);
        break;
    case RegionKind::Mask: {
        if (!r.mask || r.mask->width != im.width || r.mask->height != im.height) {
            *skipped = std::string(kindPlural(r.kind)) + " whose size is not the image's";
            return std::nullopt;
        }
        if (o.masks == MaskEncoding::CompressedRle) {
            segmentation = rleToJson(*r.mask);
        } else {
            segmentation = {{"size", {r.mask->height, r.mask->width}}, {"counts", r.mask->counts}};
        }
        area = double(rleArea(*r.mask));
        if (const auto m = rleDecode(*r.mask))
            box = m->bbox();
        break;
    }
    case RegionKind::Point:
        box = {r.points.front().x, r.points.front().y, r.points.front().x, r.points.front().y};
        break;
    }
    json ann = {{"id", ids.nextAnnotation++},
                {"image_id", imageId},
                {"category_id", ids.categoryByName.at(r.label)},
                {"bbox", {box.x1, box.y1, box.width(), box.height()}},
                {"area", area},
                {"iscrowd", 0}};
    if (kind == RegionKind::Point) {
        const PointF p = r.points.front();
        ann["keypoints"] = r.positive ? json{p.x, p.y, 2, 0, 0, 0} : json{0, 0, 0, p.x, p.y, 2};
        ann["num_keypoints"] = 1;
    } else {
        ann["segmentation"] = segmentation;
    }
    if (o.sideFields)
        ann["groundchat"] = regionSideFields(rec);
    return ann;
}

RegionRecord regionFromCocoAnnotation(const Node &ann, const ImageRecord &im, const std::string &categoryName)
{
    const Node bb = ann.at("bbox");
    const Box box{bb.at(0).num(), bb.at(1).num(), bb.at(0).num() + bb.at(2).num(), bb.at(1).num() + bb.at(3).num()};
    Region region = Region::makeBox(box, categoryName);
    if (const auto point = keypointOf(ann)) {
        region = Region::makePoint(point->first, point->second, categoryName);
    } else if (const auto seg = ann.opt("segmentation")) {
        if (seg->json().is_object()) {
            Rle rle = rleFromJson(*seg);
            if (rle.width != im.width || rle.height != im.height)
                seg->fail("mask size differs from the image's");
            region.kind = RegionKind::Mask;
            if (const auto m = rleDecode(rle))
                region.box = m->bbox();
            region.mask = std::move(rle);
        } else if (seg->size() == 1) {
            const Node poly = seg->at(0);
            std::vector<PointF> pts;
            for (size_t i = 0; i + 1 < poly.size(); i += 2)
                pts.push_back({poly.at(i).num(), poly.at(i + 1).num()});
            const Box b = box.ordered();
            const bool isRect = pts.size() == 4 && pts[0] == PointF{b.x1, b.y1} && pts[1] == PointF{b.x2, b.y1} &&
                                pts[2] == PointF{b.x2, b.y2} && pts[3] == PointF{b.x1, b.y2};
            if (!isRect) {
                region = Region::makePolygon(pts, categoryName);
                region.box = boundingBox(pts);
            }
        }
        // several polygons (one object in pieces) keep only the box: our regions hold one outline
    }
    RegionRecord rec = importedRegion(std::move(region));
    if (const auto side = ann.opt("groundchat")) {
        // an axis-aligned outline was written as its rectangle and read as a box: it was that outline
        const auto kind = side->opt("kind");
        if (kind && rec.region.kind == RegionKind::Box && (kind->json() == "quad" || kind->json() == "polygon")) {
            const Box b = rec.region.box;
            rec.region.kind = kind->json() == "quad" ? RegionKind::Quad : RegionKind::Polygon;
            rec.region.points = {{b.x1, b.y1}, {b.x2, b.y1}, {b.x2, b.y2}, {b.x1, b.y2}};
        }
        applyRegionSideFields(rec, *side);
    }
    return rec;
}

namespace {

struct Validator {
    std::string file;
    size_t limit;
    std::vector<ImportError> problems;
    void add(const std::string &field, const std::string &message)
    {
        if (problems.size() < limit)
            problems.push_back({file, 0, field, message});
    }
};

bool finite(const json &v) { return v.is_number() && std::isfinite(v.get<double>()); }

void checkSegmentation(Validator &v, const json &seg, const std::string &at, int w, int h, bool crowd)
{
    if (seg.is_object()) {
        const json size = seg.value("size", json());
        if (!size.is_array() || size.size() != 2 || !size[0].is_number_integer() || !size[1].is_number_integer()) {
            v.add(at + ".size", "RLE needs \"size\": [height, width]");
            return;
        }
        if (size[0].get<long long>() != h || size[1].get<long long>() != w)
            v.add(at + ".size", "RLE size differs from the image's [" + std::to_string(h) + ", " + std::to_string(w) + "]");
        const json &counts = seg.value("counts", json());
        if (counts.is_string()) {
            if (!rleFromString(counts.get<std::string>(), w, h))
                v.add(at + ".counts", "malformed compressed RLE or counts that do not cover the image");
        } else if (counts.is_array()) {
            long long sum = 0;
            for (const json &c : counts) {
                if (!c.is_number_integer() || c.get<long long>() < 0) {
                    v.add(at + ".counts", "run lengths must be non-negative integers");
                    return;
                }
                sum += c.get<long long>();
            }
            if (sum != (long long)w * h)
                v.add(at + ".counts", "run lengths add up to " + std::to_string(sum) + ", not height*width");
        } else {
            v.add(at + ".counts", "expected a string or a list of run lengths");
        }
        return;
    }
    if (crowd)
        v.add(at, "crowd annotations (iscrowd 1) need an RLE segmentation");
    if (!seg.is_array()) {
        v.add(at, "expected a list of polygons or an RLE object");
        return;
    }
    for (size_t i = 0; i < seg.size(); ++i) {
        const json &poly = seg[i];
        const std::string pat = at + "[" + std::to_string(i) + "]";
        if (!poly.is_array() || poly.size() < 6 || poly.size() % 2 != 0) {
            v.add(pat, "a polygon is an even list of at least 6 numbers (3 vertices)");
            continue;
        }
        for (const json &x : poly)
            if (!finite(x)) {
                v.add(pat, "polygon coordinates must be finite numbers");
                break;
            }
    }
}

void checkKeypoints(Validator &v, const json &kp, const std::string &at, int w, int h)
{
    if (!kp.is_array() || kp.size() % 3 != 0) {
        v.add(at, "keypoints are a list of [x, y, visibility] triples");
        return;
    }
    for (size_t i = 0; i < kp.size(); i += 3) {
        const std::string pat = at + "[" + std::to_string(i) + "]";
        if (!finite(kp[i]) || !finite(kp[i + 1]) || !kp[i + 2].is_number_integer() || kp[i + 2].get<int>() < 0 ||
            kp[i + 2].get<int>() > 2) {
            v.add(pat, "a keypoint is x, y (numbers) and a visibility of 0, 1 or 2");
            return;
        }
        const double x = kp[i], y = kp[i + 1];
        if (kp[i + 2].get<int>() > 0 && (x < 0 || y < 0 || x > w || y > h))
            v.add(pat, "keypoint outside the " + std::to_string(w) + "x" + std::to_string(h) + " image");
    }
}

} // namespace

std::vector<ImportError> validateCoco(const json &doc, const std::string &file, size_t limit)
{
    Validator v{file, limit, {}};
    if (!doc.is_object()) {
        v.add("", "expected a JSON object with images, annotations and categories");
        return v.problems;
    }
    for (const char *key : {"images", "annotations", "categories"})
        if (!doc.contains(key) || !doc[key].is_array())
            v.add(key, "missing or not a list");
    if (!v.problems.empty())
        return v.problems;
    std::map<long long, std::pair<int, int>> images;
    for (size_t i = 0; i < doc["images"].size(); ++i) {
        const json &im = doc["images"][i];
        const std::string at = "images[" + std::to_string(i) + "]";
        if (!im.is_object() || !im.value("id", json()).is_number_integer()) {
            v.add(at + ".id", "missing or not an integer");
            continue;
        }
        const json w = im.value("width", json()), h = im.value("height", json());
        if (!w.is_number_integer() || !h.is_number_integer() || w.get<long long>() <= 0 || h.get<long long>() <= 0)
            v.add(at, "width and height must be positive integers");
        if (!im.value("file_name", json()).is_string())
            v.add(at + ".file_name", "missing or not a string");
        const long long id = im["id"].get<long long>();
        if (!images.emplace(id, std::pair<int, int>(w.is_number_integer() ? w.get<int>() : 0,
                                                      h.is_number_integer() ? h.get<int>() : 0)).second)
            v.add(at + ".id", "image id " + std::to_string(id) + " is used twice");
    }
    std::set<long long> cats;
    std::set<std::string> catNames;
    for (size_t i = 0; i < doc["categories"].size(); ++i) {
        const json &c = doc["categories"][i];
        const std::string at = "categories[" + std::to_string(i) + "]";
        if (!c.is_object() || !c.value("id", json()).is_number_integer()) {
            v.add(at + ".id", "missing or not an integer");
            continue;
        }
        if (!cats.insert(c["id"].get<long long>()).second)
            v.add(at + ".id", "category id used twice");
        const json name = c.value("name", json());
        if (!name.is_string() || name.get<std::string>().empty())
            v.add(at + ".name", "a category needs a non-empty name");
        else if (!catNames.insert(name.get<std::string>()).second)
            v.add(at + ".name", "category name '" + name.get<std::string>() + "' used twice");
    }
    std::set<long long> anns;
    for (size_t i = 0; i < doc["annotations"].size(); ++i) {
        const json &a = doc["annotations"][i];
        const std::string at = "annotations[" + std::to_string(i) + "]";
        if (!a.is_object() || !a.value("id", json()).is_number_integer()) {
            v.add(at + ".id", "missing or not an integer");
            continue;
        }
        if (!anns.insert(a["id"].get<long long>()).second)
            v.add(at + ".id", "annotation id used twice");
        const json imageId = a.value("image_id", json());
        const auto image = imageId.is_number_integer() ? images.find(imageId.get<long long>()) : images.end();
        if (image == images.end()) {
            v.add(at + ".image_id", "does not name an image of the file");
            continue;
        }
        const json catId = a.value("category_id", json());
        if (!catId.is_number_integer() || !cats.count(catId.get<long long>()))
            v.add(at + ".category_id", "does not name a category of the file");
        const auto [w, h] = image->second;
        const json bbox = a.value("bbox", json());
        if (!bbox.is_array() || bbox.size() != 4 || !finite(bbox[0]) || !finite(bbox[1]) || !finite(bbox[2]) ||
            !finite(bbox[3])) {
            v.add(at + ".bbox", "expected [x, y, width, height] as 4 numbers");
        } else {
            const double x = bbox[0], y = bbox[1], bw = bbox[2], bh = bbox[3];
            constexpr double slack = 1e-6; // round-off of x + width
            if (bw < 0 || bh < 0)
                v.add(at + ".bbox", "negative width or height");
            else if (x < -slack || y < -slack || x + bw > w + slack || y + bh > h + slack)
                v.add(at + ".bbox", "reaches outside the " + std::to_string(w) + "x" + std::to_string(h) + " image");
        }
        const json area = a.value("area", json());
        if (!finite(area) || area.get<double>() < 0)
            v.add(at + ".area", "must be a non-negative number");
        const json crowd = a.value("iscrowd", json(0));
        if (!crowd.is_number_integer() || (crowd.get<int>() != 0 && crowd.get<int>() != 1))
            v.add(at + ".iscrowd", "must be 0 or 1");
        if (a.contains("segmentation"))
            checkSegmentation(v, a["segmentation"], at + ".segmentation", w, h, crowd == 1);
        if (a.contains("keypoints"))
            checkKeypoints(v, a["keypoints"], at + ".keypoints", w, h);
    }
    return v.problems;
}

} // namespace gc::annot::detail
