#include "dataset_json.h"

#include <set>

namespace gc::annot {

using nlohmann::json;

json rleToJson(const Rle &rle) { return {{"size", {rle.height, rle.width}}, {"counts", rleToString(rle)}}; }

Rle rleFromJson(const Node &n)
{
    const Node size = n.at("size");
    if (size.size() != 2)
        size.fail("expected [height, width]");
    const long long h = size.at(0).integer(), w = size.at(1).integer();
    if (h <= 0 || w <= 0 || h > 1 << 20 || w > 1 << 20)
        size.fail("mask size out of range");
    const Node counts = n.at("counts");
    Rle rle;
    rle.width = int(w);
    rle.height = int(h);
    if (counts.json().is_string()) {
        const auto parsed = rleFromString(counts.str(), int(w), int(h));
        if (!parsed)
            counts.fail("malformed compressed RLE string");
        rle = *parsed;
    } else {
        // uncompressed RLE (iscrowd annotations write run lengths as a list)
        for (size_t i = 0; i < counts.size(); ++i) {
            const long long c = counts.at(i).integer();
            if (c < 0 || c > (long long)(w * h))
                counts.at(i).fail("run length out of range");
            rle.counts.push_back(uint32_t(c));
        }
    }
    if (rleArea(rle) < 0 || !rleDecode(rle))
        counts.fail("run lengths do not add up to height*width");
    return rle;
}

json regionToJson(const RegionRecord &rec)
{
    const Region &r = rec.region;
    json j = {{"id", r.id},
              {"kind", regionKindName(r.kind)},
              {"origin", r.origin == RegionOrigin::User ? "user" : "model"},
              {"accepted", rec.accepted},
              {"label", r.label},
              {"box", {r.box.x1, r.box.y1, r.box.x2, r.box.y2}}};
    if (!r.points.empty()) {
        json pts = json::array();
        for (const PointF &p : r.points)
            pts.push_back({p.x, p.y});
        j["points"] = pts;
    }
    if (r.kind == RegionKind::Point)
        j["positive"] = r.positive;
    if (r.kind == RegionKind::Mark)
        j["mark"] = r.markNumber;
    if (r.mask)
        j["mask"] = rleToJson(*r.mask);
    return j;
}

RegionRecord regionFromJson(const Node &n)
{
    RegionRecord rec;
    Region &r = rec.region;
    r.id = n.at("id").str();
    if (r.id.empty())
        n.at("id").fail("empty region id");
    const auto kind = regionKindFromName(n.at("kind").str());
    if (!kind)
        n.at("kind").fail("unknown region kind '" + n.at("kind").str() + "'");
    r.kind = *kind;
    const std::string origin = n.at("origin").str();
    if (origin != "user" && origin != "model")
        n.at("origin").fail("expected \"user\" or \"model\"");
    r.origin = origin == "user" ? RegionOrigin::User : RegionOrigin::Model;
    if (const auto a = n.opt("accepted"))
        rec.accepted = a->boolean();
    if (const auto l = n.opt("label"))
        r.label = l->str();
    const Node box = n.at("box");
    if (box.size() != 4)
        box.fail("expected [x1, y1, x2, y2]");
    r.box = {box.at(0).num(), box.at(1).num(), box.at(2).num(), box.at(3).num()};
    if (const auto pts = n.opt("points"))
        for (size_t i = 0; i < pts->size(); ++i) {
            const Node p = pts->at(i);
            if (p.size() != 2)
                p.fail("expected [x, y]");
            r.points.push_back({p.at(0).num(), p.at(1).num()});
        }
    if (const auto p = n.opt("positive"))
        r.positive = p->boolean();
    if (const auto m = n.opt("mark"))
        r.markNumber = int(m->integer());
    if (const auto m = n.opt("mask"))
        r.mask = rleFromJson(*m);
    if ((r.kind == RegionKind::Point && r.points.size() != 1) || (r.kind == RegionKind::Quad && r.points.size() != 4) ||
        (r.kind == RegionKind::Polygon && r.points.size() < 3))
        n.fail("the points do not fit a " + std::string(regionKindName(r.kind)));
    if (r.kind == RegionKind::Mask && !r.mask)
        n.fail("a mask region needs its mask");
    return rec;
}

json lineToJson(const GroundedLine &l)
{
    json phrases = json::array();
    for (const PhraseRef &p : l.phrases)
        phrases.push_back({{"phrase", p.phrase}, {"span", {p.span.begin, p.span.end}}, {"regions", p.regionIds}});
    return {{"text", l.text}, {"phrases", phrases}};
}

namespace {

std::vector<std::string> idList(const Node &n)
{
    std::vector<std::string> ids;
    for (size_t i = 0; i < n.size(); ++i)
        ids.push_back(n.at(i).str());
    return ids;
}

} // namespace

GroundedLine lineFromJson(const Node &n)
{
    GroundedLine l;
    l.text = n.at("text").str();
    if (const auto ps = n.opt("phrases"))
        for (size_t i = 0; i < ps->size(); ++i) {
            const Node p = ps->at(i);
            PhraseRef ref;
            ref.phrase = p.at("phrase").str();
            const Node span = p.at("span");
            if (span.size() != 2 || span.at(0).integer() < 0 || span.at(1).integer() < span.at(0).integer())
                span.fail("expected [begin, end] with 0 <= begin <= end");
            ref.span = {size_t(span.at(0).integer()), size_t(span.at(1).integer())};
            ref.regionIds = idList(p.at("regions"));
            l.phrases.push_back(std::move(ref));
        }
    return l;
}

json imageToJson(const ImageRecord &im)
{
    json regions = json::array(), turns = json::array(), refs = json::array();
    for (const RegionRecord &r : im.regions)
        regions.push_back(regionToJson(r));
    for (const Turn &t : im.turns) {
        json tj = lineToJson(t.line);
        tj["role"] = t.role == Role::User ? "user" : "assistant";
        tj["regions"] = t.regionIds;
        turns.push_back(tj);
    }
    for (const ReferringExpression &r : im.referring)
        refs.push_back({{"expression", r.expression}, {"regions", r.regionIds}});
    json j = {{"path", im.path}, {"width", im.width}, {"height", im.height}, {"regions", regions}};
    if (!im.caption.empty())
        j["caption"] = lineToJson(im.caption);
    if (!im.turns.empty())
        j["turns"] = turns;
    if (!im.referring.empty())
        j["referring"] = refs;
    return j;
}

void addRegion(ImageRecord &im, RegionRecord r, const Node &where)
{
    if (im.findRegion(r.region.id))
        where.fail("region id '" + r.region.id + "' appears twice in image '" + im.path + "'");
    im.regions.push_back(std::move(r));
}

void checkReferences(const ImageRecord &im, const Node &where)
{
    std::set<std::string> ids;
    for (const RegionRecord &r : im.regions)
        if (!ids.insert(r.region.id).second)
            where.fail("region id '" + r.region.id + "' appears twice in image '" + im.path + "'");
    const auto check = [&](const std::vector<std::string> &refs, const std::string &what) {
        for (const std::string &id : refs)
            if (!ids.count(id))
                where.fail(what + " cites region '" + id + "', which the image does not have");
    };
    for (const PhraseRef &p : im.caption.phrases)
        check(p.regionIds, "the caption");
    for (size_t i = 0; i < im.turns.size(); ++i) {
        const std::string what = "turn " + std::to_string(i + 1);
        check(im.turns[i].regionIds, what);
        for (const PhraseRef &p : im.turns[i].line.phrases)
            check(p.regionIds, what);
    }
    for (const ReferringExpression &r : im.referring)
        check(r.regionIds, "referring expression '" + r.expression + "'");
}

ImageRecord imageFromJson(const Node &n)
{
    ImageRecord im;
    im.path = n.at("path").str();
    im.width = int(n.at("width").integer());
    im.height = int(n.at("height").integer());
    if (im.width <= 0 || im.height <= 0)
        n.fail("image size must be positive");
    const Node regions = n.at("regions");
    for (size_t i = 0; i < regions.size(); ++i)
        im.regions.push_back(regionFromJson(regions.at(i)));
    if (const auto c = n.opt("caption"))
        im.caption = lineFromJson(*c);
    if (const auto ts = n.opt("turns"))
        for (size_t i = 0; i < ts->size(); ++i) {
            const Node t = ts->at(i);
            Turn turn;
            const std::string role = t.at("role").str();
            if (role != "user" && role != "assistant")
                t.at("role").fail("expected \"user\" or \"assistant\"");
            turn.role = role == "user" ? Role::User : Role::Assistant;
            turn.line = lineFromJson(t);
            if (const auto r = t.opt("regions"))
                turn.regionIds = idList(*r);
            im.turns.push_back(std::move(turn));
        }
    if (const auto rs = n.opt("referring"))
        for (size_t i = 0; i < rs->size(); ++i)
            im.referring.push_back({rs->at(i).at("expression").str(), idList(rs->at(i).at("regions"))});
    checkReferences(im, n);
    return im;
}

} // namespace gc::annot
