// Helpers every format codec shares (see codecs.h).
#include "codecs.h"


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
