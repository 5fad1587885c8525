// labelme JSON, one file per image ("<image stem>.json" in the output folder), labelme 5 layout:
// {"version", "flags", "shapes": [{label, points, group_id, description, shape_type, flags, mask}],
//  "imagePath", "imageData": null, "imageHeight", "imageWidth"}.
// Coordinates: pixels, origin at the top-left image corner; rectangle = [[x1, y1], [x2, y2]],
// polygon = its vertices, point = [[x, y]]; mask = base64 PNG of the mask cropped to its pixel bounding box,
// whose first and last pixels (inclusive) are the two points.
#include "codecs.h"
#include "dataset_json.h"
#include "png_mask.h"

#include <filesystem>
#include <set>

namespace gc::annot::detail {

using nlohmann::json;

namespace {

json pointsJson(const std::vector<PointF> &pts)
{
    json out = json::array();
    for (const PointF &p : pts)
        out.push_back({p.x, p.y});
    return out;
}

} // namespace

Rendered renderLabelme(const Dataset &d, const ExportOptions &o, const Progress &p)
{
    Rendered out;
    SkipCounter skips;
    std::set<std::string> names;
    for (size_t i = 0; i < d.images.size(); ++i) {
        tick(p, i, d.images.size());
        const ImageRecord &im = d.images[i];
        json shapes = json::array();
        for (const RegionRecord &rec : im.regions) {
            const Region &r = rec.region;
            json shape = {{"label", r.label}, {"group_id", nullptr}, {"description", ""}, {"flags", json::object()}};
            // a mark is its mask (hand-made marks from older sessions may have none: their box)
            const bool asMask = r.kind == RegionKind::Mask || (r.kind == RegionKind::Mark && r.mask);
            if (asMask) {
                const auto mask = r.mask ? rleDecode(*r.mask) : std::nullopt;
                const Box bb = mask ? mask->bbox() : Box{};
                if (!mask || bb.area() <= 0) {
                    skips.add(std::string("empty ") + kindPlural(r.kind));
                    continue;
                }
                Mask crop(int(bb.width()), int(bb.height()));
                for (int y = 0; y < crop.height; ++y)
                    for (int x = 0; x < crop.width; ++x)
                        crop.set(x, y, mask->at(int(bb.x1) + x, int(bb.y1) + y));
                shape["shape_type"] = "mask";
                shape["points"] = pointsJson({{bb.x1, bb.y1}, {bb.x2 - 1, bb.y2 - 1}});
                shape["mask"] = base64Encode(encodeMaskPng(crop));
            } else if (r.kind == RegionKind::Polygon || r.kind == RegionKind::Quad) {
                shape["shape_type"] = "polygon";
                shape["points"] = pointsJson(r.points);
            } else if (r.kind == RegionKind::Point) {
                shape["shape_type"] = "point";
                shape["points"] = pointsJson(r.points);
                if (!r.positive)
                    skips.reduce(kNegativePoints + std::string(" (labelme points have no sign)"));
            } else {
                const Box b = r.box.ordered();
                shape["shape_type"] = "rectangle";
                shape["points"] = pointsJson({{b.x1, b.y1}, {b.x2, b.y2}});
            }
            if (o.sideFields)
                shape["groundchat"] = regionSideFields(rec);
            shapes.push_back(shape);
            ++out.regions;
        }
        const json doc = {{"version", "5.4.1"}, {"flags", json::object()},   {"shapes", shapes},
                          {"imagePath", im.path}, {"imageData", nullptr}, {"imageHeight", im.height},
                          {"imageWidth", im.width}};
        std::string stem = std::filesystem::path(im.path).stem().string();
        if (stem.empty())
            stem = "image";
        std::string name = stem + ".json";
        for (int n = 2; !names.insert(name).second; ++n)
            name = stem + "_" + std::to_string(n) + ".json";
        out.files.push_back({name, doc.dump(1)});
    }
    skips.flush(out.warnings);
    return out;
}

namespace {

std::vector<PointF> pointsFrom(const Node &n)
{
    std::vector<PointF> pts;
    for (size_t i = 0; i < n.size(); ++i) {
        const Node p = n.at(i);
        if (p.size() != 2)
            p.fail("expected [x, y]");
        pts.push_back({p.at(0).num(), p.at(1).num()});
    }
    return pts;
}

} // namespace

ImageRecord parseLabelme(const std::string &text, const std::string &file, std::vector<std::string> &warn)
{
    const json doc = parseDocument(text, file);
    const Node root(doc, "", file, 0);
    ImageRecord im{root.at("imagePath").str(), int(root.at("imageWidth").integer()),
                   int(root.at("imageHeight").integer())};
    if (im.width <= 0 || im.height <= 0)
        root.fail("imageWidth and imageHeight must be positive");
    const Node shapes = root.at("shapes");
    for (size_t i = 0; i < shapes.size(); ++i) {
        const Node s = shapes.at(i);
        const std::string type = s.opt("shape_type") ? s.at("shape_type").str() : "polygon";
        const std::string label = s.at("label").str();
        const Node ptsNode = s.at("points");
        const std::vector<PointF> pts = pointsFrom(ptsNode);
        Region region;
        if (type == "rectangle") {
            if (pts.size() != 2)
                ptsNode.fail("a rectangle has 2 points");
            region = Region::makeBox(Box{pts[0].x, pts[0].y, pts[1].x, pts[1].y}.ordered(), label);
        } else if (type == "polygon") {
            if (pts.size() < 3)
                ptsNode.fail("a polygon has at least 3 points");
            region = Region::makePolygon(pts, label);
            region.box = boundingBox(pts);
        } else if (type == "point") {
            if (pts.size() != 1)
                ptsNode.fail("a point has 1 point");
            region = Region::makePoint(pts[0], true, label);
        } else if (type == "mask") {
            if (pts.size() != 2)
                ptsNode.fail("a mask has 2 points (its box)");
            const auto bytes = base64Decode(s.at("mask").str());
            std::string why = "not base64";
            const auto crop = bytes ? decodeMaskPng(*bytes, &why) : std::nullopt;
            if (!crop)
                s.at("mask").fail(why);
            const int x0 = int(pts[0].x), y0 = int(pts[0].y);
            if (x0 < 0 || y0 < 0 || x0 + crop->width > im.width || y0 + crop->height > im.height)
                ptsNode.fail("the mask reaches outside the image");
            Mask full(im.width, im.height);
            for (int y = 0; y < crop->height; ++y)
                for (int x = 0; x < crop->width; ++x)
                    if (crop->at(x, y))
                        full.set(x0 + x, y0 + y, true);
            region.kind = RegionKind::Mask;
            region.label = label;
            region.box = full.bbox();
            region.mask = rleEncode(full);
        } else {
            warn.push_back(file + ": " + s.path() + ": shape_type '" + type + "' is not imported");
            continue;
        }
        RegionRecord rec = importedRegion(std::move(region));
        if (const auto side = s.opt("groundchat"))
            applyRegionSideFields(rec, *side);
        if (rec.region.id.empty() || !s.has("groundchat"))
            rec.region.id = freshId(im);
        addRegion(im, std::move(rec), s);
    }
    return im;
}

} // namespace gc::annot::detail
