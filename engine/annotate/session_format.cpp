#include "session_format.h"
#include "dataset_json.h"
#include "session_document.h"

#include "dialects/registry.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace gc::annot {

using nlohmann::json;

namespace {

RegionRecord datasetRegion(const SessionRegion &s)
{
    RegionRecord rec;
    Region &r = rec.region;
    r.id = s.id;
    r.kind = s.kind;
    r.origin = s.fromModel ? RegionOrigin::Model : RegionOrigin::User;
    rec.accepted = s.accepted;
    r.label = s.label;
    r.colorIndex = s.color;
    r.box = s.box;
    r.points = s.points;
    r.positive = s.positive;
    r.markNumber = s.mark;
    if (!s.maskRle.empty())
        r.mask = rleFromString(s.maskRle, s.maskSize.width, s.maskSize.height); // checked by the reader
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

ImageRecord datasetImage(const SessionImage &s, size_t index, const std::string &file)
{
    const std::string at = "images[" + std::to_string(index) + "]";
    if (s.size.width <= 0 || s.size.height <= 0)
        throw ImportFailure({file, 0, at, "an image of unknown size cannot be exported"});
    ImageRecord im;
    im.path = s.path;
    im.width = s.size.width;
    im.height = s.size.height;
    for (size_t i = 0; i < s.regions.size(); ++i) {
        const json id = s.regions[i].id;
        addRegion(im, datasetRegion(s.regions[i]), Node(id, at + ".regions[" + std::to_string(i) + "].id", file, 0));
    }
    std::set<std::pair<std::string, std::vector<std::string>>> refs;
    const auto addRef = [&](const std::string &expr, std::vector<std::string> ids) {
        if (!expr.empty() && !ids.empty() && refs.insert({expr, ids}).second)
            im.referring.push_back({expr, std::move(ids)});
    };
    for (const RegionRecord &r : im.regions)
        addRef(r.region.label, {r.region.id});
    for (const SessionMessage &m : s.messages) {
        if (!m.error.empty())
            continue; // a failed answer is no training data
        if (m.fromUser && m.prompt.empty() && !m.tools.empty())
            continue; // a tool's own turn (Read text) asked the model nothing
        Turn t;
        t.role = m.fromUser ? Role::User : Role::Assistant;
        t.line.text = m.text;
        if (t.role == Role::User)
            t.regionIds = promptRegions(m.prompt, m.dialect, im);
        for (const SessionEntity &e : m.entities) {
            PhraseRef p;
            p.phrase = e.phrase;
            // a phrase without a span (-1) has an empty one
            const int begin = std::max(0, e.spanBegin);
            p.span = {size_t(begin), size_t(std::max(begin, e.spanEnd))};
            for (const std::string &id : e.regionIds)
                if (im.findRegion(id))
                    p.regionIds.push_back(id);
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
    const SessionRead read = readSessionDocument(text);
    if (!read.ok) {
        // the app's sentence, and which field is wrong for whoever fixes the file by hand
        const SessionError &e = read.error;
        const bool located = !e.field.empty();
        result.error = {name, 0, e.field, e.describe() + (located ? " (" + e.detail + ")" : std::string())};
        return result;
    }
    try {
        for (size_t i = 0; i < read.document.images.size(); ++i)
            result.dataset.images.push_back(datasetImage(read.document.images[i], i, name));
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

SessionMessage sessionMessage(const Turn &t)
{
    SessionMessage m;
    m.fromUser = t.role == Role::User;
    m.text = t.line.text;
    m.prompt = t.line.text;
    for (const PhraseRef &p : t.line.phrases)
        m.entities.push_back({p.phrase, int(p.span.begin), int(p.span.end), 0, p.regionIds});
    return m;
}

} // namespace

std::string writeSession(const Dataset &d)
{
    SessionDocument doc;
    for (const ImageRecord &im : d.images) {
        SessionImage out;
        out.path = im.path;
        out.size = {im.width, im.height};
        for (const RegionRecord &rec : im.regions) {
            const Region &r = rec.region;
            SessionRegion s;
            s.id = r.id;
            s.kind = r.kind;
            s.fromModel = r.origin == RegionOrigin::Model;
            s.accepted = rec.accepted;
            s.label = r.label;
            s.color = doc.nextColor++;
            s.box = r.box;
            s.points = r.points;
            s.positive = r.positive;
            s.mark = r.markNumber;
            if (r.mask) {
                s.maskRle = rleToString(*r.mask);
                s.maskSize = {r.mask->width, r.mask->height};
            }
            out.regions.push_back(std::move(s));
        }
        for (const Turn &t : im.turns)
            out.messages.push_back(sessionMessage(t));
        out.nextRegion = nextNumber(im, 'R');
        out.nextMark = nextNumber(im, 'M');
        out.nextAnswerRegion = nextNumber(im, 'A');
        doc.images.push_back(std::move(out));
    }
    return writeSessionDocument(doc);
}

} // namespace gc::annot
