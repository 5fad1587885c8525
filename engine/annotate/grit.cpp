// Kosmos-2 GrIT-style JSONL (one image per line): {"key", "url", "width", "height", "caption",
// "noun_chunks": [[begin, end, x1, y1, x2, y2, score], ...], "ref_exps": [...]} as in GRIT-20M.
// Coordinates: boxes normalised to 0..1 of the image width/height (top-left, bottom-right corners);
// begin/end are character (code point) offsets into the caption. One entry per (phrase, box) pair.
// An image without a caption gets one made from its region labels, with a warning.
#include "codecs.h"

#include <set>

namespace gc::annot::detail {

using nlohmann::json;

namespace {

// "cat, dog" with each label a phrase citing its regions.
GroundedLine captionFromLabels(const ImageRecord &im)
{
    GroundedLine line;
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::string>> ids;
    for (const RegionRecord &r : im.regions) {
        if (!ids.count(r.region.label))
            order.push_back(r.region.label);
        ids[r.region.label].push_back(r.region.id);
    }
    for (const std::string &label : order) {
        if (!line.text.empty())
            line.text += ", ";
        const size_t begin = codePoints(line.text);
        const std::string shown = label.empty() ? "object" : label;
        line.text += shown;
        line.phrases.push_back({shown, {begin, begin + codePoints(shown)}, ids[label]});
    }
    return line;
}

} // namespace

Rendered renderGrit(const Dataset &d, const ExportOptions &o, const Progress &p)
{
    Rendered out;
    SkipCounter skips;
    std::string lines;
    size_t made = 0;
    for (size_t i = 0; i < d.images.size(); ++i) {
        tick(p, i, d.images.size());
        const ImageRecord &im = d.images[i];
        GroundedLine caption = im.caption;
        if (caption.phrases.empty() && !im.regions.empty()) {
            caption = captionFromLabels(im);
            ++made;
        }
        json chunks = json::array(), side = json::array();
        std::set<std::string> cited;
        for (const PhraseRef &ph : caption.phrases)
            for (const std::string &id : ph.regionIds) {
                const RegionRecord *r = im.findRegion(id);
                if (!r || !boxOrBoundingBox(r->region, skips, "GrIT holds boxes"))
                    continue;
                const Box b = r->region.box;
                chunks.push_back({ph.span.begin, ph.span.end, b.x1 / im.width, b.y1 / im.height, b.x2 / im.width,
                                  b.y2 / im.height, 1.0});
                side.push_back(regionSideFields(*r));
                cited.insert(id);
                ++out.regions;
            }
        for (const RegionRecord &r : im.regions)
            if (!cited.count(r.region.id))
                skips.add("regions no caption phrase cites");
        json line = {{"key", std::to_string(i)},     {"url", im.path},       {"width", im.width},
                     {"height", im.height},          {"caption", caption.text}, {"noun_chunks", chunks},
                     {"ref_exps", json::array()}};
        if (o.sideFields) {
            json phrases = json::array();
            for (const PhraseRef &ph : caption.phrases)
                phrases.push_back(ph.phrase);
            line["groundchat"] = {{"regions", side}, {"phrases", phrases}};
        }
        lines += line.dump() + "\n";
    }
    if (made)
        out.warnings.push_back(std::to_string(made) + " image(s) had no grounded caption; one was made from labels");
    skips.flush(out.warnings);
    out.files.push_back({"", lines});
    return out;
}

Dataset parseGrit(const std::string &text, const std::string &file, const Progress &p, std::vector<std::string> &)
{
    Dataset d;
    forEachJsonLine(text, file, [&](const Node &line, size_t) {
        tick(p, d.images.size(), 0);
        ImageRecord im{line.at("url").str(), int(line.at("width").integer()), int(line.at("height").integer())};
        if (im.width <= 0 || im.height <= 0)
            line.fail("width and height must be positive");
        im.caption.text = line.at("caption").str();
        const size_t length = codePoints(im.caption.text);
        const auto side = line.opt("groundchat");
        const Node chunks = line.at("noun_chunks");
        for (size_t i = 0; i < chunks.size(); ++i) {
            const Node c = chunks.at(i);
            if (c.size() < 6)
                c.fail("expected [begin, end, x1, y1, x2, y2, score]");
            const long long b = c.at(0).integer(), e = c.at(1).integer();
            if (b < 0 || e < b || size_t(e) > length)
                c.fail("phrase offsets outside the caption");
            Box box{c.at(2).num(), c.at(3).num(), c.at(4).num(), c.at(5).num()};
            if (box.x1 < 0 || box.y1 < 0 || box.x2 > 1 || box.y2 > 1 || !box.isOrdered())
                c.fail("box not inside 0..1 or corners swapped");
            box = box.scaled(im.width, im.height);
            const Span span{size_t(b), size_t(e)};
            const size_t from = byteOffset(im.caption.text, span.begin);
            std::string phrase = im.caption.text.substr(from, byteOffset(im.caption.text, span.end) - from);
            RegionRecord rec = importedRegion(Region::makeBox(box, phrase));
            bool known = false;
            if (side && i < side->at("regions").size()) {
                applyRegionSideFields(rec, side->at("regions").at(i));
                known = im.findRegion(rec.region.id) != nullptr;
            } else {
                rec.region.id = freshId(im);
            }
            if (!known)
                im.regions.push_back(rec);
            if (!im.caption.phrases.empty() && im.caption.phrases.back().span == span &&
                im.caption.phrases.back().phrase == phrase)
                im.caption.phrases.back().regionIds.push_back(rec.region.id);
            else
                im.caption.phrases.push_back({phrase, span, {rec.region.id}});
        }
        d.images.push_back(std::move(im));
    });
    return d;
}

} // namespace gc::annot::detail
