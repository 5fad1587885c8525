// Helpers every format codec shares (see codecs.h).
#include "codecs.h"

#include <algorithm>
#include <cmath>

namespace gc::annot::detail {

using nlohmann::json;

void tick(const Progress &p, size_t done, size_t total)
{
    if (p.shouldCancel && p.shouldCancel())
        throw Cancelled{};
    if (p.onProgress)
        p.onProgress(done, total);
}

void SkipCounter::flush(std::vector<std::string> &warnings) const
{
    for (const auto &[what, n] : counts)
        warnings.push_back(std::to_string(n) + " region(s) not exported: " + what);
    for (const auto &[what, n] : reduced)
        warnings.push_back(std::to_string(n) + " region(s) exported as less than they are: " + what);
}

const char *kindPlural(RegionKind k)
{
    switch (k) {
    case RegionKind::Box: return "boxes";
    case RegionKind::Point: return "points";
    case RegionKind::Mark: return "marks";
    case RegionKind::Mask: return "masks";
    case RegionKind::Polygon: return "polygons";
    case RegionKind::Quad: return "quads";
    }
    return "regions";
}

bool boxOrBoundingBox(const Region &r, SkipCounter &skips, const std::string &why)
{
    if (r.kind == RegionKind::Box)
        return true;
    if (r.kind == RegionKind::Point) {
        skips.add(std::string("points (") + why + ")");
        return false;
    }
    skips.reduce(std::string(kindPlural(r.kind)) + " written as their bounding boxes (" + why + ")");
    return true;
}

namespace {

bool finite(const Region &r)
{
    const auto ok = [](double v) { return std::isfinite(v); };
    return ok(r.box.x1) && ok(r.box.y1) && ok(r.box.x2) && ok(r.box.y2) &&
           std::all_of(r.points.begin(), r.points.end(), [&](const PointF &p) { return ok(p.x) && ok(p.y); });
}

// Why the region cannot be written at all; nullptr when it can.
const char *unwritable(const ImageRecord &im, const Region &r)
{
    if (!finite(r))
        return "with coordinates that are not finite numbers";
    switch (r.kind) {
    case RegionKind::Point: return r.points.empty() ? "without a position" : nullptr;
    case RegionKind::Polygon:
    case RegionKind::Quad: return r.points.size() < 3 ? "of fewer than 3 vertices (no outline)" : nullptr;
    case RegionKind::Mask:
    case RegionKind::Mark: {
        if (!r.mask)
            return r.kind == RegionKind::Mask ? "without pixels" : nullptr; // a hand-made mark is its box
        if (r.mask->width != im.width || r.mask->height != im.height)
            return "whose size is not the image's";
        const auto m = rleDecode(*r.mask);
        return !m || m->bbox().area() <= 0 ? "without pixels" : nullptr;
    }
    case RegionKind::Box: break;
    }
    return nullptr;
}

// Clips into the image; true when something moved.
bool clip(PointF &p, const ImageRecord &im)
{
    const PointF before = p;
    p.x = std::clamp(p.x, 0.0, double(im.width));
    p.y = std::clamp(p.y, 0.0, double(im.height));
    return !(p == before);
}

} // namespace

Dataset writableGeometry(const Dataset &d, SkipCounter &skips)
{
    Dataset out = keepRegions(d, [&](const ImageRecord &im, const RegionRecord &rec) {
        const char *why = unwritable(im, rec.region);
        if (why)
            skips.add(std::string(kindPlural(rec.region.kind)) + " " + why);
        return why == nullptr;
    });
    for (ImageRecord &im : out.images)
        for (RegionRecord &rec : im.regions) {
            Region &r = rec.region;
            bool clipped = false;
            for (PointF &p : r.points)
                clipped = clip(p, im) || clipped;
            if (r.kind == RegionKind::Point) {
                r.points.resize(1);
                r.box = {r.points[0].x, r.points[0].y, r.points[0].x, r.points[0].y};
            } else if (r.kind == RegionKind::Polygon || r.kind == RegionKind::Quad) {
                if (r.kind == RegionKind::Quad && r.points.size() != 4) {
                    r.kind = RegionKind::Polygon;
                    skips.reduce("quads without 4 corners written as polygons");
                }
                r.box = boundingBox(r.points);
            } else {
                PointF a{r.box.x1, r.box.y1}, b{r.box.x2, r.box.y2};
                clipped = clip(a, im) || clipped;
                clipped = clip(b, im) || clipped;
                r.box = Box{a.x, a.y, b.x, b.y}.ordered();
            }
            if (clipped)
                skips.reduce(std::string(kindPlural(r.kind)) + " reaching outside the image clipped to it");
        }
    return out;
}

std::string freshId(const ImageRecord &im, const char *prefix)
{
    for (size_t n = im.regions.size() + 1;; ++n) {
        std::string id = prefix + std::to_string(n);
        if (!im.findRegion(id))
            return id;
    }
}

json regionSideFields(const RegionRecord &rec)
{
    const Region &r = rec.region;
    json j = {{"id", r.id},
              {"kind", regionKindName(r.kind)},
              {"origin", r.origin == RegionOrigin::User ? "user" : "model"},
              {"accepted", rec.accepted},
              {"label", r.label}};
    if (r.kind == RegionKind::Mark) {
        j["mark"] = r.markNumber;
        if (!r.points.empty()) // where the app draws the number
            j["numberAt"] = {r.points.front().x, r.points.front().y};
    }
    if (r.kind == RegionKind::Point)
        j["positive"] = r.positive;
    return j;
}

void applyRegionSideFields(RegionRecord &rec, const Node &side)
{
    Region &r = rec.region;
    if (const auto id = side.opt("id"))
        r.id = id->str();
    if (const auto origin = side.opt("origin"))
        r.origin = origin->str() == "model" ? RegionOrigin::Model : RegionOrigin::User;
    if (const auto a = side.opt("accepted"))
        rec.accepted = a->boolean();
    if (const auto l = side.opt("label"))
        r.label = l->str();
    if (const auto p = side.opt("positive"))
        r.positive = p->boolean();
    if (const auto m = side.opt("mark"))
        r.markNumber = int(m->integer());
    // the kind only narrows what the geometry already is: a rectangle or mask that was a mark, a polygon that was a
    // quad
    if (const auto k = side.opt("kind")) {
        const auto kind = regionKindFromName(k->str());
        if (!kind)
            k->fail("unknown region kind");
        if ((*kind == RegionKind::Mark && (r.kind == RegionKind::Box || r.kind == RegionKind::Mask)) ||
            (*kind == RegionKind::Quad && r.kind == RegionKind::Polygon && r.points.size() == 4))
            r.kind = *kind;
        if (const auto at = side.opt("numberAt"); at && r.kind == RegionKind::Mark && at->size() == 2)
            r.points = {{at->at(0).num(), at->at(1).num()}};
    }
}

RegionRecord importedRegion(Region region)
{
    region.origin = RegionOrigin::User;
    return {std::move(region), true};
}

size_t codePoints(const std::string &s)
{
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80)
            ++n;
    return n;
}

size_t byteOffset(const std::string &s, size_t codePoint)
{
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (n == codePoint)
                return i;
            ++n;
        }
    return s.size();
}

void forEachJsonLine(const std::string &text, const std::string &file,
                     const std::function<void(const Node &, size_t)> &fn)
{
    size_t line = 0, pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        ++line;
        const std::string row = text.substr(pos, end - pos);
        pos = end + 1;
        if (row.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        json value;
        try {
            value = json::parse(row);
        } catch (const json::parse_error &e) {
            throw ImportFailure({file, line, "", "not valid JSON (byte " + std::to_string(e.byte) + " of the line)"});
        } catch (const json::out_of_range &) {
            throw ImportFailure({file, line, "", "a number too large for JSON"});
        }
        fn(Node(value, "", file, line), line);
    }
}

} // namespace gc::annot::detail
