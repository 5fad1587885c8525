#include "annotate_fixture.h"

#include <algorithm>
#include <set>

namespace gc::annot::test {

namespace {

RegionRecord rec(Region r, std::string id, std::string label, bool user = true)
{
    r.id = std::move(id);
    r.label = std::move(label);
    r.origin = user ? RegionOrigin::User : RegionOrigin::Model;
    return {std::move(r), true};
}

Region maskRegion(int w, int h)
{
    Mask m(w, h);
    for (int y = 20; y < 60; ++y)
        for (int x = 30 + y % 7; x < 90; ++x)
            m.set(x, y, true);
    Region r;
    r.kind = RegionKind::Mask;
    r.box = m.bbox();
    r.mask = rleEncode(m);
    return r;
}

} // namespace

Dataset fullDataset()
{
    Dataset d;
    ImageRecord a{"/data/set/img_a.png", 640, 480};
    a.regions.push_back(rec(Region::makeBox({10.5, 20.25, 300, 400}), "R1", "dog"));
    Region poly = Region::makePolygon({{400, 50}, {600, 60}, {580, 300}, {420, 280}, {410, 200}});
    poly.box = boundingBox(poly.points);
    a.regions.push_back(rec(poly, "A1", "cat", false));
    a.regions.push_back(rec(maskRegion(640, 480), "R2", "ball"));
    a.regions.push_back(rec(Region::makePoint({123.5, 77}, true), "R3", "nose"));
    // a mark is a numbered mask, as automatic marks make them
    Mask markMask(640, 480);
    for (int y = 5; y < 40; ++y)
        for (int x = 5 + (y - 5) / 2; x < 50; ++x)
            markMask.set(x, y, true);
    Region mark;
    mark.kind = RegionKind::Mark;
    mark.box = markMask.bbox();
    mark.mask = rleEncode(markMask);
    mark.markNumber = 1;
    mark.points = {{30, 20}}; // where the number is drawn
    a.regions.push_back(rec(mark, "M1", "sign"));
    Region quad = Region::makeQuad({{100, 400}, {200, 400}, {200, 450}, {100, 450}});
    quad.box = boundingBox(quad.points);
    a.regions.push_back(rec(quad, "R4", "text"));
    a.caption = {"A dog sits near a cat.", {{"A dog", {0, 5}, {"R1"}}, {"a cat", {16, 21}, {"A1"}}}};
    a.turns.push_back({Role::User, {"Where is the dog?", {}}, {}});
    a.turns.push_back({Role::Assistant, {"The dog is on the left.", {{"The dog", {0, 7}, {"R1"}}}}, {}});
    a.turns.push_back({Role::User, {"What is this?", {}}, {"A1"}});
    a.turns.push_back({Role::Assistant, {"It is a cat and a ball.", {{"a cat", {6, 11}, {"A1"}}, {"a ball", {16, 22}, {"R2"}}}}, {}});
    a.referring = {{"the brown dog", {"R1"}}, {"cat on the right", {"A1"}}, {"the dog", {"R1"}}};
    d.images.push_back(a);

    ImageRecord b{"/data/set/img_b.jpg", 320, 240};
    b.regions.push_back(rec(Region::makeBox({0, 0, 320, 240}), "R1", "café table"));
    b.regions.push_back(rec(Region::makeBox({10, 10, 20, 30}), "R2", "cup"));
    b.caption = {"Une café table with a cup", {{"café table", {4, 14}, {"R1"}}, {"a cup", {20, 25}, {"R2"}}}};
    b.turns.push_back({Role::User, {"Describe the image.", {}}, {}});
    b.turns.push_back({Role::Assistant, {"A café table with a cup.", {{"A café table", {0, 12}, {"R1"}}, {"a cup", {18, 23}, {"R2"}}}}, {}});
    b.referring = {{"the cup", {"R2"}}};
    d.images.push_back(b);
    return d;
}

namespace {

RegionRecord asBox(RegionRecord r)
{
    if (r.region.kind != RegionKind::Mark) {
        const Box b = r.region.box;
        const Region old = r.region;
        r.region = Region::makeBox(b, old.label);
        r.region.id = old.id;
        r.region.origin = old.origin;
    }
    return r;
}

// Regions the caption cites, in citation order (how caption formats list them).
void captionRegions(ImageRecord &im, bool boxes)
{
    std::vector<RegionRecord> out;
    for (const PhraseRef &p : im.caption.phrases)
        for (const std::string &id : p.regionIds) {
            const RegionRecord *r = im.findRegion(id);
            if (r && r->region.kind != RegionKind::Point &&
                std::none_of(out.begin(), out.end(), [&](auto &o) { return o.region.id == id; }))
                out.push_back(boxes ? asBox(*r) : *r);
        }
    im.regions = out;
}

} // namespace

Dataset projectFor(Format format, const Dataset &input)
{
    Dataset d = input;
    for (ImageRecord &im : d.images) {
        switch (format) {
        case Format::Coco:
        case Format::RefCoco:
            // COCO's polygons carry no quad/polygon distinction beyond 4 points: side fields restore quads
            im.caption = {};
            im.turns.clear();
            if (format == Format::Coco)
                im.referring.clear();
            break;
        case Format::Odvg:
        case Format::Grit:
            captionRegions(im, true);
            im.turns.clear();
            im.referring.clear();
            // GrIT/ODVG phrases are the caption's own words
            break;
        case Format::Llava:
            im.caption = {};
            im.referring.clear();
            break;
        case Format::Labelme:
            im.caption = {};
            im.turns.clear();
            im.referring.clear();
            break;
        }
    }
    return d;
}

} // namespace gc::annot::test
