// ODVG JSONL, the grounding/detection training format of Grounding-DINO (one image per line).
// Coordinates: pixels of the original image, boxes as [x1, y1, x2, y2] (top-left, bottom-right corners).
// Images with a grounded caption become {"grounding": {"caption", "regions": [{bbox, phrase,
// tokens_positive: [[begin, end]]}]}} (character offsets into the caption); the others become
// {"detection": {"instances": [{bbox, label, category}]}} with a label map written next to the file
// ("<name>.label_map.json", {"0": "cat", ...}). Polygons, quads, masks and marks go out as their bounding boxes, with a warning.
#include "codecs.h"

#include <filesystem>
#include <set>
#include <utility>

namespace gc::annot::detail {

using nlohmann::json;

namespace {

json boxJson(const Box &b) { return {b.x1, b.y1, b.x2, b.y2}; }
const char *const kWhy = "ODVG holds boxes";

} // namespace

Rendered renderOdvg(const Dataset &d, const std::string &output, const ExportOptions &o, const Progress &p)
{
    const std::vector<std::string> names = categoryNames(d);
    std::map<std::string, long long> labelOf;
    for (size_t i = 0; i < names.size(); ++i)
        labelOf[names[i]] = static_cast<long long>(i);
    Rendered out;
    SkipCounter skips;
    std::string lines;
    bool anyDetection = false;
    for (size_t i = 0; i < d.images.size(); ++i) {
        tick(p, i, d.images.size());
        const ImageRecord &im = d.images[i];
        json line = {{"filename", im.path}, {"height", im.height}, {"width", im.width}};
        json side = json::array();
        if (!im.caption.phrases.empty()) {
            json regions = json::array();
            std::set<std::string> cited;
            for (const PhraseRef &ph : im.caption.phrases)
                for (const std::string &id : ph.regionIds) {
                    const RegionRecord *r = im.findRegion(id);
                    if (!r || !boxOrBoundingBox(r->region, skips, kWhy))
                        continue;
                    cited.insert(id);
                    regions.push_back({{"bbox", boxJson(r->region.box)},
                                       {"phrase", ph.phrase},
                                       {"tokens_positive", {{ph.span.begin, ph.span.end}}}});
                    side.push_back(regionSideFields(*r));
                    ++out.regions;
                }
            for (const RegionRecord &r : im.regions)
                if (!cited.count(r.region.id))
                    skips.add("regions no caption phrase cites (ODVG grounding lines hold the caption's)");
            line["grounding"] = {{"caption", im.caption.text}, {"regions", regions}};
        } else {
            anyDetection = true;
            json instances = json::array();
            for (const RegionRecord &r : im.regions) {
                if (!boxOrBoundingBox(r.region, skips, kWhy))
                    continue;
                instances.push_back({{"bbox", boxJson(r.region.box)},
                                     {"label", labelOf.at(r.region.label)},
                                     {"category", r.region.label}});
                side.push_back(regionSideFields(r));
                ++out.regions;
            }
            line["detection"] = {{"instances", instances}};
        }
        if (o.sideFields)
            line["groundchat"] = {{"regions", side}};
        lines += line.dump() + "\n";
    }
    out.files.push_back({"", lines});
    if (anyDetection) {
        json map = json::object();
        for (size_t i = 0; i < names.size(); ++i)
            map[std::to_string(i)] = names[i];
        std::filesystem::path mapPath(output);
        mapPath.replace_extension(".label_map.json");
        out.files.push_back({mapPath.string(), map.dump(1)});
    }
    skips.flush(out.warnings);
    return out;
}

namespace {

Box boxFrom(const Node &n, const ImageRecord &im)
{
    if (n.size() != 4)
        n.fail("expected [x1, y1, x2, y2]");
    const Box b{n.at(0).num(), n.at(1).num(), n.at(2).num(), n.at(3).num()};
    if (!b.isOrdered() || b.x1 < 0 || b.y1 < 0 || b.x2 > im.width + 1e-6 || b.y2 > im.height + 1e-6)
        n.fail("box outside the image or with x1 > x2 / y1 > y2");
    return b;
}

// Region i of the line: from the side fields when they are there and the same region was seen already.
const RegionRecord &addRegion(ImageRecord &im, Region region, const Node &line, size_t index, bool *reused)
{
    RegionRecord rec = importedRegion(std::move(region));
    *reused = false;
    const auto side = line.opt("groundchat");
    if (side && index < side->at("regions").size()) {
        applyRegionSideFields(rec, side->at("regions").at(index));
        if (const RegionRecord *existing = im.findRegion(rec.region.id)) {
            *reused = true;
            return *existing;
        }
    }
    if (rec.region.id.empty() || !side)
        rec.region.id = freshId(im);
    im.regions.push_back(std::move(rec));
    return std::as_const(im.regions).back();
}

} // namespace

Dataset parseOdvg(const std::string &text, const std::string &file, const Progress &p, std::vector<std::string> &)
{
    Dataset d;
    forEachJsonLine(text, file, [&](const Node &line, size_t) {
        tick(p, d.images.size(), 0);
        ImageRecord im{line.at("filename").str(), int(line.at("width").integer()), int(line.at("height").integer())};
        if (im.width <= 0 || im.height <= 0)
            line.fail("width and height must be positive");
        if (const auto g = line.opt("grounding")) {
            im.caption.text = g->at("caption").str();
            const size_t length = codePoints(im.caption.text);
            const Node regions = g->at("regions");
            for (size_t i = 0; i < regions.size(); ++i) {
                const Node r = regions.at(i);
                const std::string phrase = r.at("phrase").str();
                Span span;
                if (const auto tp = r.opt("tokens_positive"); tp && tp->size() > 0) {
                    const Node first = tp->at(0);
                    if (first.size() != 2 || first.at(0).integer() < 0 || first.at(1).integer() < first.at(0).integer() ||
                        size_t(first.at(1).integer()) > length)
                        first.fail("expected [begin, end] inside the caption");
                    span = {size_t(first.at(0).integer()), size_t(first.at(1).integer())};
                }
                bool reused = false;
                const RegionRecord &rec = addRegion(im, Region::makeBox(boxFrom(r.at("bbox"), im), phrase), line, i, &reused);
                // entries of one phrase (same words, same place) form one phrase with several regions
                if (!im.caption.phrases.empty() && im.caption.phrases.back().phrase == phrase &&
                    im.caption.phrases.back().span == span)
                    im.caption.phrases.back().regionIds.push_back(rec.region.id);
                else
                    im.caption.phrases.push_back({phrase, span, {rec.region.id}});
            }
        } else {
            const Node instances = line.at("detection").at("instances");
            for (size_t i = 0; i < instances.size(); ++i) {
                const Node inst = instances.at(i);
                std::string label = inst.opt("category") ? inst.at("category").str()
                                                         : std::to_string(inst.at("label").integer());
                bool reused = false;
                addRegion(im, Region::makeBox(boxFrom(inst.at("bbox"), im), label), line, i, &reused);
                if (reused)
                    inst.fail("region listed twice");
            }
        }
        d.images.push_back(std::move(im));
    });
    return d;
}

} // namespace gc::annot::detail
