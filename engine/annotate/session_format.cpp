#include "session_format.h"
#include "dataset_json.h"

#include "dialects/registry.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace gc::annot {

using nlohmann::json;

namespace {

RegionRecord sessionRegion(const Node &n)
{
    RegionRecord rec;
    Region &r = rec.region;
    r.id = n.at("id").str();
    const std::string kind = n.opt("kind") ? n.at("kind").str() : "box";
    const auto k = regionKindFromName(kind);
    if (!k)
        n.at("kind").fail("unknown region kind '" + kind + "'");
    r.kind = *k;
    r.origin = n.opt("fromModel") && n.at("fromModel").boolean() ? RegionOrigin::Model : RegionOrigin::User;
    rec.accepted = n.opt("accepted") && n.at("accepted").boolean();
    if (const auto l = n.opt("label"))
        r.label = l->str();
    if (const auto c = n.opt("color"))
        r.colorIndex = int(c->integer());
    const Node box = n.at("box");
    if (box.size() != 4)
        box.fail("expected [left, top, right, bottom]");
    r.box = {box.at(0).num(), box.at(1).num(), box.at(2).num(), box.at(3).num()};
    if (const auto pts = n.opt("points"))
        for (size_t i = 0; i < pts->size(); ++i) {
            if (pts->at(i).size() != 2)
                pts->at(i).fail("expected [x, y]");
            r.points.push_back({pts->at(i).at(0).num(), pts->at(i).at(1).num()});
        }
    if (const auto p = n.opt("positive"))
        r.positive = p->boolean();
    if (const auto m = n.opt("mark"))
        r.markNumber = int(m->integer());
    // the app's mask regions: "maskRle" (COCO compressed RLE over the whole image) and "maskSize" [width, height]
    if (const auto m = n.opt("maskRle"); m && !m->str().empty()) {
        const Node size = n.at("maskSize");
        if (size.size() != 2 || size.at(0).integer() <= 0 || size.at(1).integer() <= 0)
            size.fail("expected [width, height]");
        const auto rle = rleFromString(m->str(), int(size.at(0).integer()), int(size.at(1).integer()));
        if (!rle)
            m->fail("malformed RLE or not of maskSize");
        r.mask = *rle;
    }
    return rec;
}

// The session regions a sent prompt wrote: decode it, match each decoded region to the best-overlapping one.
std::vector<std::string> promptRegions(const std::string &prompt, const std::string &dialectId, const ImageRecord &im)
{
    const Dialect *dialect = dialects::find(dialectId);
    if (!dialect || prompt.empty())
        return {};
    DecodeOptions opts;
    opts.imageSize = {im.width, im.height};
    GroundedText g = dialect->decode(prompt, opts);
    if (g.normalized)
        g = g.toPixels(opts.imageSize);
    std::vector<std::string> ids;
    for (const Entity &e : g.entities)
        for (const Region &dr : e.regions) {
            const RegionRecord *best = nullptr;
            double bestIou = 0.5;
            for (const RegionRecord &r : im.regions) {
                const double v = dr.kind == RegionKind::Point && r.region.kind == RegionKind::Point
                                     ? (std::abs(dr.points[0].x - r.region.points[0].x) < 0.02 * im.width &&
                                        std::abs(dr.points[0].y - r.region.points[0].y) < 0.02 * im.height)
                                     : iou(dr.box, r.region.box.ordered());
                if (v >= bestIou) {
                    bestIou = v;
                    best = &r;
                }
            }
            if (best && std::find(ids.begin(), ids.end(), best->region.id) == ids.end())
                ids.push_back(best->region.id);
        }
    return ids;
}

ImageRecord sessionImage(const Node &n)
{
    ImageRecord im;
    im.path = n.at("path").str();
    im.width = int(n.at("width").integer());
    im.height = int(n.at("height").integer());
    if (im.path.empty() || im.width <= 0 || im.height <= 0)
        n.fail("an image needs a path and a positive size");
    if (const auto regions = n.opt("regions"))
        for (size_t i = 0; i < regions->size(); ++i) {
            RegionRecord r = sessionRegion(regions->at(i));
            addRegion(im, std::move(r), regions->at(i).at("id"));
        }
    std::set<std::pair<std::string, std::vector<std::string>>> refs;
    const auto addRef = [&](const std::string &expr, std::vector<std::string> ids) {
        if (!expr.empty() && !ids.empty() && refs.insert({expr, ids}).second)
            im.referring.push_back({expr, std::move(ids)});
    };
    for (const RegionRecord &r : im.regions)
        addRef(r.region.label, {r.region.id});
    if (const auto messages = n.opt("messages"))
        for (size_t i = 0; i < messages->size(); ++i) {
            const Node m = messages->at(i);
            const std::string role = m.at("role").str();
            if (role != "user" && role != "assistant")
                m.at("role").fail("expected \"user\" or \"assistant\"");
            if (m.opt("error") && !m.at("error").str().empty())
                continue; // a failed answer is no training data
            Turn t;
            t.role = role == "user" ? Role::User : Role::Assistant;
            t.line.text = m.opt("text") ? m.at("text").str() : "";
            const std::string dialect = m.opt("dialect") ? m.at("dialect").str() : "";
            if (t.role == Role::User)
                t.regionIds = promptRegions(m.opt("prompt") ? m.at("prompt").str() : "", dialect, im);
            if (const auto entities = m.opt("entities"))
                for (size_t k = 0; k < entities->size(); ++k) {
                    const Node e = entities->at(k);
                    PhraseRef p;
                    p.phrase = e.opt("phrase") ? e.at("phrase").str() : "";
                    const long long b = e.opt("spanBegin") ? e.at("spanBegin").integer() : 0;
                    const long long end = e.opt("spanEnd") ? e.at("spanEnd").integer() : 0;
                    p.span = {size_t(std::max(0LL, b)), size_t(std::max(b, end))};
                    if (const auto ids = e.opt("regionIds"))
                        for (size_t r = 0; r < ids->size(); ++r)
                            if (im.findRegion(ids->at(r).str()))
                                p.regionIds.push_back(ids->at(r).str());
                    if (t.role == Role::Assistant)
                        addRef(p.phrase, p.regionIds);
                    t.line.phrases.push_back(std::move(p));
                }
            if (t.role == Role::Assistant && im.caption.empty())
                for (const PhraseRef &p : t.line.phrases)
                    if (!p.regionIds.empty()) {
                        im.caption = t.line;
                        break;
                    }
            im.turns.push_back(std::move(t));
        }
    return im;
}

} // namespace

ImportResult readSession(const std::string &text, const std::string &name)
{
    ImportResult result;
    try {
        const json doc = parseDocument(text, name);
        const Node root(doc, "", name, 0);
        if (!root.has("format") || root.at("format").json() != "groundchat-session")
            root.fail("not a GroundChat session file");
        if (root.at("version").integer() > 1)
            root.at("version").fail("saved by a newer GroundChat");
        const Node images = root.at("images");
        for (size_t i = 0; i < images.size(); ++i)
            result.dataset.images.push_back(sessionImage(images.at(i)));
        result.ok = true;
    } catch (const ImportFailure &e) {
        result.error = e.error;
        result.dataset = {};
    }
    return result;
}

ImportResult readSessionFile(const std::string &path)
{
    try {
        ImportResult r = readSession(readWholeFile(path), path);
        r.dataset = withImagesFound(std::move(r.dataset), std::filesystem::path(path).parent_path().string());
        return r;
    } catch (const ImportFailure &e) {
        ImportResult r;
        r.error = e.error;
        return r;
    }
}

namespace {

int nextNumber(const ImageRecord &im, char prefix)
{
    int next = 1;
    for (const RegionRecord &r : im.regions)
        if (r.region.id.size() > 1 && r.region.id[0] == prefix &&
            r.region.id.find_first_not_of("0123456789", 1) == std::string::npos)
            next = std::max(next, std::stoi(r.region.id.substr(1)) + 1);
    return next;
}

json messageJson(const Turn &t)
{
    json entities = json::array();
    for (const PhraseRef &p : t.line.phrases)
        entities.push_back({{"phrase", p.phrase},
                            {"spanBegin", p.span.begin},
                            {"spanEnd", p.span.end},
                            {"colorIndex", 0},
                            {"regionIds", p.regionIds}});
    return {{"role", t.role == Role::User ? "user" : "assistant"},
            {"text", t.line.text},
            {"raw", ""},
            {"prompt", t.line.text},
            {"dialect", ""},
            {"entities", entities},
            {"cancelled", false},
            {"error", ""},
            {"ttftMs", 0},
            {"tokensPerSecond", 0},
            {"tokens", 0}};
}

} // namespace

std::string writeSession(const Dataset &d)
{
    json images = json::array();
    int color = 0;
    for (const ImageRecord &im : d.images) {
        json regions = json::array(), messages = json::array();
        for (const RegionRecord &rec : im.regions) {
            const Region &r = rec.region;
            json pts = json::array();
            for (const PointF &p : r.points)
                pts.push_back({p.x, p.y});
            json j = {{"id", r.id},
                      {"kind", regionKindName(r.kind)},
                      {"fromModel", r.origin == RegionOrigin::Model},
                      {"accepted", rec.accepted},
                      {"label", r.label},
                      {"color", color++},
                      {"box", {r.box.x1, r.box.y1, r.box.x2, r.box.y2}},
                      {"points", pts},
                      {"positive", r.positive},
                      {"mark", r.markNumber},
                      {"visible", true},
                      {"message", -1},
                      {"entity", -1}};
            if (r.mask) {
                j["maskRle"] = rleToString(*r.mask);
                j["maskSize"] = {r.mask->width, r.mask->height};
            }
            regions.push_back(j);
        }
        for (const Turn &t : im.turns)
            messages.push_back(messageJson(t));
        images.push_back({{"path", im.path},
                          {"width", im.width},
                          {"height", im.height},
                          {"regions", regions},
                          {"messages", messages},
                          {"nextRegion", nextNumber(im, 'R')},
                          {"nextMark", nextNumber(im, 'M')},
                          {"nextAnswerRegion", nextNumber(im, 'A')}});
    }
    return json{{"format", "groundchat-session"}, {"version", 1}, {"current", 0}, {"nextColor", color},
                {"images", images}}
        .dump(1);
}

} // namespace gc::annot
