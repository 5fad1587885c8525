#include "session_document.h"
#include "json_syntax.h"

#include "core/rle.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gc::annot {

using nlohmann::json;

namespace {

constexpr int kFormatVersion = 2;
const char kFormatName[] = "groundchat-session";

// The reader forgives what older versions left out or wrote differently: a field of the wrong type takes its
// default, as it always has in the app. Only what a region, message or image cannot be without is checked.
const json &member(const json &o, const char *key)
{
    static const json absent;
    if (!o.is_object())
        return absent;
    const auto it = o.find(key);
    return it == o.end() ? absent : *it;
}

std::string textOr(const json &v, std::string fallback = {})
{
    return v.is_string() ? v.get<std::string>() : fallback;
}

bool flagOr(const json &v, bool fallback) { return v.is_boolean() ? v.get<bool>() : fallback; }

double numberOr(const json &v, double fallback) { return v.is_number() ? v.get<double>() : fallback; }

// Whole numbers that fit an int; anything else (3.5, 1e12, "3") takes the default.
int intOr(const json &v, int fallback)
{
    if (v.is_number_integer()) {
        const long long n = v.get<long long>();
        return n >= std::numeric_limits<int>::min() && n <= std::numeric_limits<int>::max() ? int(n) : fallback;
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        return std::floor(d) == d && d >= std::numeric_limits<int>::min() && d <= std::numeric_limits<int>::max()
                   ? int(d)
                   : fallback;
    }
    return fallback;
}

const json &arrayOr(const json &v)
{
    static const json empty = json::array();
    return v.is_array() ? v : empty;
}

struct Invalid {
    std::string field;
    std::string what;
};

PointF pointFrom(const json &xy) { return {numberOr(xy[0], 0), numberOr(xy[1], 0)}; }

SessionRegion regionFrom(const json &o, const std::string &at)
{
    SessionRegion r;
    if (!member(o, "id").is_string())
        throw Invalid{at + ".id", "expected a string"};
    r.id = member(o, "id").get<std::string>();
    const std::string kind = textOr(member(o, "kind"), "box");
    const auto k = regionKindFromName(kind);
    if (!k)
        throw Invalid{at + ".kind", "unknown region kind '" + kind + "'"};
    r.kind = *k;
    const json &box = member(o, "box");
    if (!box.is_array() || box.size() != 4 || !std::all_of(box.begin(), box.end(), [](const json &x) { return x.is_number(); }))
        throw Invalid{at + ".box", "expected [left, top, right, bottom]"};
    r.box = {box[0].get<double>(), box[1].get<double>(), box[2].get<double>(), box[3].get<double>()};
    r.fromModel = flagOr(member(o, "fromModel"), false);
    r.accepted = flagOr(member(o, "accepted"), false);
    r.label = textOr(member(o, "label"));
    r.color = intOr(member(o, "color"), 0);
    const json &points = arrayOr(member(o, "points"));
    r.points.reserve(points.size());
    for (size_t i = 0; i < points.size(); ++i) {
        if (!points[i].is_array() || points[i].size() != 2)
            throw Invalid{at + ".points[" + std::to_string(i) + "]", "expected [x, y]"};
        r.points.push_back(pointFrom(points[i]));
    }
    r.positive = flagOr(member(o, "positive"), true);
    r.mark = intOr(member(o, "mark"), 0);
    r.visible = flagOr(member(o, "visible"), true);
    r.message = intOr(member(o, "message"), -1);
    r.entity = intOr(member(o, "entity"), -1);
    r.maskRle = textOr(member(o, "maskRle"));
    if (const json &size = member(o, "maskSize"); size.is_array() && size.size() == 2)
        r.maskSize = {intOr(size[0], 0), intOr(size[1], 0)};
    if (!r.maskRle.empty() && (r.maskSize.width <= 0 || r.maskSize.height <= 0 ||
                               !rleFromString(r.maskRle, r.maskSize.width, r.maskSize.height)))
        throw Invalid{at + ".maskRle", "malformed RLE or not of maskSize [width, height]"};
    const json &prompts = arrayOr(member(o, "prompts"));
    for (size_t i = 0; i < prompts.size(); ++i) {
        if (!prompts[i].is_array() || prompts[i].size() != 3)
            throw Invalid{at + ".prompts[" + std::to_string(i) + "]", "expected [x, y, positive]"};
        r.prompts.push_back({pointFrom(prompts[i]), flagOr(prompts[i][2], false)});
    }
    r.source = textOr(member(o, "source"));
    return r;
}

SessionEntity entityFrom(const json &o)
{
    SessionEntity e;
    e.phrase = textOr(member(o, "phrase"));
    e.spanBegin = intOr(member(o, "spanBegin"), -1);
    e.spanEnd = intOr(member(o, "spanEnd"), -1);
    e.colorIndex = intOr(member(o, "colorIndex"), 0);
    for (const json &id : arrayOr(member(o, "regionIds")))
        if (id.is_string())
            e.regionIds.push_back(id.get<std::string>());
    return e;
}

std::vector<SessionEntity> entitiesFrom(const json &list)
{
    std::vector<SessionEntity> entities;
    for (const json &e : arrayOr(list))
        entities.push_back(entityFrom(e));
    return entities;
}

// Four numbers, x1 y1 x2 y2; nullopt for anything else.
std::optional<Box> boxOf(const json &box)
{
    if (box.is_array() && box.size() == 4 && std::all_of(box.begin(), box.end(), [](const json &x) { return x.is_number(); }))
        return Box{box[0].get<double>(), box[1].get<double>(), box[2].get<double>(), box[3].get<double>()};
    return std::nullopt;
}

// A tool run's region is optional, and a malformed one reads as the whole image; a tiled run's grid and tiles are
// optional too (files from before they were kept), a malformed grid or tile left out: the run is a record, not
// input.
SessionToolRun toolRunFrom(const json &o)
{
    SessionToolRun t;
    t.tool = textOr(member(o, "tool"));
    t.region = boxOf(member(o, "region"));
    if (const json &grid = member(o, "grid"); grid.is_array() && grid.size() == 2 && grid[0].is_number_integer() &&
                                               grid[1].is_number_integer() && grid[0].get<int>() > 0 && grid[1].get<int>() > 0)
        t.grid = SessionTileGrid{grid[0].get<int>(), grid[1].get<int>()};
    for (const json &tile : arrayOr(member(o, "tiles")))
        if (const std::optional<Box> b = boxOf(tile))
            t.tiles.push_back(*b);
    t.ms = numberOr(member(o, "ms"), 0);
    t.output = textOr(member(o, "output"));
    for (const json &id : arrayOr(member(o, "regionIds")))
        if (id.is_string())
            t.regionIds.push_back(id.get<std::string>());
    return t;
}

SessionMessage messageFrom(const json &o, const std::string &at)
{
    SessionMessage m;
    const std::string role = textOr(member(o, "role"));
    if (role != "user" && role != "assistant")
        throw Invalid{at + ".role", "expected \"user\" or \"assistant\""};
    m.fromUser = role == "user";
    m.text = textOr(member(o, "text"));
    m.raw = textOr(member(o, "raw"));
    m.prompt = textOr(member(o, "prompt"));
    m.task = textOr(member(o, "task"));
    m.dialect = textOr(member(o, "dialect"));
    m.entities = entitiesFrom(member(o, "entities"));
    m.cancelled = flagOr(member(o, "cancelled"), false);
    m.error = textOr(member(o, "error"));
    m.ttftMs = numberOr(member(o, "ttftMs"), 0);
    m.tokensPerSecond = numberOr(member(o, "tokensPerSecond"), 0);
    m.tokens = intOr(member(o, "tokens"), 0);
    for (const json &t : arrayOr(member(o, "tools")))
        m.tools.push_back(toolRunFrom(t));
    return m;
}

const char *const kEventNames[] = {"image", "region", "delete", "message", "grow", "truncate", "model"};

TimelineEvent eventFrom(const json &o, const std::string &at)
{
    TimelineEvent e;
    const std::string name = textOr(member(o, "e"));
    const auto kind = std::find(std::begin(kEventNames), std::end(kEventNames), name);
    if (kind == std::end(kEventNames))
        throw Invalid{at + ".e", "unknown event '" + name + "'"};
    e.kind = TimelineEvent::Kind(kind - std::begin(kEventNames));
    e.t = std::max(0.0, numberOr(member(o, "t"), 0));
    e.image = std::max(0, intOr(member(o, "image"), 0));
    e.row = intOr(member(o, "row"), -1);
    switch (e.kind) {
    case TimelineEvent::Kind::Region:
        e.region = regionFrom(member(o, "region"), at + ".region");
        break;
    case TimelineEvent::Kind::Delete:
        e.id = textOr(member(o, "id"));
        break;
    case TimelineEvent::Kind::Message:
        e.message = messageFrom(member(o, "message"), at + ".message");
        break;
    case TimelineEvent::Kind::Grow:
        e.raw = textOr(member(o, "raw"));
        e.text = textOr(member(o, "text"));
        if (const json &entities = member(o, "entities"); entities.is_array())
            e.entities = entitiesFrom(entities);
        break;
    case TimelineEvent::Kind::Model:
        e.model = textOr(member(o, "model"));
        break;
    case TimelineEvent::Kind::Image:
    case TimelineEvent::Kind::Truncate:
        break;
    }
    if ((e.kind == TimelineEvent::Kind::Message || e.kind == TimelineEvent::Kind::Grow ||
         e.kind == TimelineEvent::Kind::Truncate) && e.row < 0)
        throw Invalid{at + ".row", "expected a message row"};
    return e;
}

SessionError problem(SessionError::Kind kind, int image = 0, int item = 0, Invalid why = {})
{
    SessionError e;
    e.kind = kind;
    e.image = image;
    e.item = item;
    e.field = std::move(why.field);
    e.detail = std::move(why.what);
    return e;
}

// The regions or messages of image `image`; the first malformed one is a SessionError of `kind`.
template <typename Read>
auto readList(const json &list, SessionError::Kind kind, int image, const std::string &at, Read read)
{
    std::vector<decltype(read(list, at))> items;
    const json &all = arrayOr(list);
    items.reserve(all.size());
    for (size_t k = 0; k < all.size(); ++k)
        try {
            items.push_back(read(all[k], at + "[" + std::to_string(k) + "]"));
        } catch (const Invalid &e) {
            throw problem(kind, image, int(k) + 1, e);
        }
    return items;
}

// Reads the parsed file; a SessionError for the first thing that is wrong.
SessionDocument documentFrom(const json &root)
{
    if (textOr(member(root, "format")) != kFormatName)
        throw problem(SessionError::Kind::NotASession);
    if (const json &version = member(root, "version"); intOr(version, 0) > kFormatVersion)
        throw problem(SessionError::Kind::Newer, 0, 0, {"version", "version " + version.dump()});
    SessionDocument d;
    d.current = intOr(member(root, "current"), 0);
    d.nextColor = intOr(member(root, "nextColor"), 0);
    if (const json &of = member(root, "autosaveOf"); of.is_string())
        d.autosaveOf = of.get<std::string>();
    if (const json &modified = member(root, "autosaveModified"); modified.is_boolean())
        d.autosaveModified = modified.get<bool>();
    const json &images = arrayOr(member(root, "images"));
    d.images.reserve(images.size());
    for (size_t i = 0; i < images.size(); ++i) {
        const json &o = images[i];
        const int number = int(i) + 1;
        const std::string at = "images[" + std::to_string(i) + "]";
        SessionImage im;
        im.path = textOr(member(o, "path"));
        // a size of 0 is an image whose header was not read yet; only a negative or missing path is wrong
        im.size = {intOr(member(o, "width"), 0), intOr(member(o, "height"), 0)};
        if (im.path.empty() || im.size.width < 0 || im.size.height < 0)
            throw problem(SessionError::Kind::Image, number, 0, {at, "expected a path and a size"});
        im.regions = readList(member(o, "regions"), SessionError::Kind::Region, number, at + ".regions", regionFrom);
        im.messages = readList(member(o, "messages"), SessionError::Kind::Message, number, at + ".messages", messageFrom);
        im.nextRegion = std::max(1, intOr(member(o, "nextRegion"), 1));
        im.nextMark = std::max(1, intOr(member(o, "nextMark"), 1));
        im.nextAnswerRegion = std::max(1, intOr(member(o, "nextAnswerRegion"), 1));
        im.data = textOr(member(o, "data"));
        d.images.push_back(std::move(im));
    }
    if (const json &timeline = member(root, "timeline"); timeline.is_object()) {
        SessionTimeline &tl = d.timeline.emplace();
        const json &events = arrayOr(member(timeline, "events"));
        tl.events.reserve(events.size());
        for (size_t k = 0; k < events.size(); ++k)
            try {
                tl.events.push_back(eventFrom(events[k], "timeline.events[" + std::to_string(k) + "]"));
            } catch (const Invalid &e) {
                throw problem(SessionError::Kind::Timeline, 0, int(k) + 1, e);
            }
        for (const json &turn : arrayOr(member(timeline, "hiddenTurns")))
            if (turn.is_array() && turn.size() == 2)
                tl.hiddenTurns.push_back({intOr(turn[0], 0), intOr(turn[1], 0)});
    }
    return d;
}

json pointJson(const PointF &p) { return json::array({p.x, p.y}); }

json regionJson(const SessionRegion &r)
{
    json points = json::array(), prompts = json::array();
    for (const PointF &p : r.points)
        points.push_back(pointJson(p));
    for (const SessionPrompt &p : r.prompts)
        prompts.push_back(json::array({p.at.x, p.at.y, p.positive}));
    json o = {{"id", r.id},
              {"kind", regionKindName(r.kind)},
              {"fromModel", r.fromModel},
              {"accepted", r.accepted},
              {"label", r.label},
              {"color", r.color},
              {"box", json::array({r.box.x1, r.box.y1, r.box.x2, r.box.y2})},
              {"points", std::move(points)},
              {"positive", r.positive},
              {"mark", r.mark},
              {"visible", r.visible},
              {"message", r.message},
              {"entity", r.entity},
              {"maskRle", r.maskRle},
              {"maskSize", json::array({r.maskSize.width, r.maskSize.height})},
              {"prompts", std::move(prompts)}};
    if (!r.source.empty()) // only then: files without tools stay as they were
        o["source"] = r.source;
    return o;
}

json entitiesJson(const std::vector<SessionEntity> &list)
{
    json entities = json::array();
    for (const SessionEntity &e : list)
        entities.push_back({{"phrase", e.phrase},
                            {"spanBegin", e.spanBegin},
                            {"spanEnd", e.spanEnd},
                            {"colorIndex", e.colorIndex},
                            {"regionIds", e.regionIds}});
    return entities;
}

json toolRunJson(const SessionToolRun &t)
{
    json o = {{"tool", t.tool}, {"ms", t.ms}, {"output", t.output}, {"regionIds", t.regionIds}};
    if (t.region)
        o["region"] = json::array({t.region->x1, t.region->y1, t.region->x2, t.region->y2});
    if (t.grid) // only then: other tools' records stay as they were
        o["grid"] = json::array({t.grid->columns, t.grid->rows});
    if (!t.tiles.empty()) {
        json tiles = json::array();
        for (const Box &b : t.tiles)
            tiles.push_back(json::array({b.x1, b.y1, b.x2, b.y2}));
        o["tiles"] = std::move(tiles);
    }
    return o;
}

json messageJson(const SessionMessage &m)
{
    json entities = entitiesJson(m.entities);
    json o = {{"role", m.fromUser ? "user" : "assistant"},
              {"text", m.text},
              {"raw", m.raw},
              {"prompt", m.prompt},
              {"task", m.task},
              {"dialect", m.dialect},
              {"entities", std::move(entities)},
              {"cancelled", m.cancelled},
              {"error", m.error},
              {"ttftMs", m.ttftMs},
              {"tokensPerSecond", m.tokensPerSecond},
              {"tokens", m.tokens}};
    if (!m.tools.empty()) { // only then: files without tools stay as they were
        json tools = json::array();
        for (const SessionToolRun &t : m.tools)
            tools.push_back(toolRunJson(t));
        o["tools"] = std::move(tools);
    }
    return o;
}

// Only the fields of the event's kind, with times to the microsecond: a timeline stays small.
json eventJson(const TimelineEvent &e)
{
    json o = {{"t", std::round(e.t * 1000) / 1000}, {"e", kEventNames[int(e.kind)]}};
    switch (e.kind) {
    case TimelineEvent::Kind::Image:
        o["image"] = e.image;
        break;
    case TimelineEvent::Kind::Region:
        o["image"] = e.image;
        o["region"] = regionJson(e.region);
        break;
    case TimelineEvent::Kind::Delete:
        o["image"] = e.image;
        o["id"] = e.id;
        break;
    case TimelineEvent::Kind::Message:
        o["image"] = e.image;
        o["row"] = e.row;
        o["message"] = messageJson(e.message);
        break;
    case TimelineEvent::Kind::Grow:
        o["image"] = e.image;
        o["row"] = e.row;
        o["raw"] = e.raw;
        o["text"] = e.text;
        if (e.entities)
            o["entities"] = entitiesJson(*e.entities);
        break;
    case TimelineEvent::Kind::Truncate:
        o["image"] = e.image;
        o["row"] = e.row;
        break;
    case TimelineEvent::Kind::Model:
        o["model"] = e.model;
        break;
    }
    return o;
}

json timelineJson(const SessionTimeline &tl)
{
    json events = json::array(), hidden = json::array();
    for (const TimelineEvent &e : tl.events)
        events.push_back(eventJson(e));
    for (const TurnRef &t : tl.hiddenTurns)
        hidden.push_back(json::array({t.image, t.row}));
    return {{"events", std::move(events)}, {"hiddenTurns", std::move(hidden)}};
}

} // namespace

bool TimelineEvent::operator==(const TimelineEvent &o) const
{
    return t == o.t && kind == o.kind && image == o.image && region == o.region && id == o.id && row == o.row &&
           message == o.message && raw == o.raw && text == o.text && entities == o.entities && model == o.model;
}

bool SessionRegion::operator==(const SessionRegion &o) const
{
    return id == o.id && kind == o.kind && fromModel == o.fromModel && accepted == o.accepted && label == o.label &&
           color == o.color && box == o.box && points == o.points && positive == o.positive && mark == o.mark &&
           visible == o.visible && message == o.message && entity == o.entity && maskRle == o.maskRle &&
           maskSize == o.maskSize && prompts == o.prompts && source == o.source;
}

bool SessionToolRun::operator==(const SessionToolRun &o) const
{
    return tool == o.tool && region == o.region && ms == o.ms && output == o.output && regionIds == o.regionIds &&
           grid == o.grid && tiles == o.tiles;
}

bool SessionEntity::operator==(const SessionEntity &o) const
{
    return phrase == o.phrase && spanBegin == o.spanBegin && spanEnd == o.spanEnd && colorIndex == o.colorIndex &&
           regionIds == o.regionIds;
}

bool SessionMessage::operator==(const SessionMessage &o) const
{
    return fromUser == o.fromUser && text == o.text && raw == o.raw && prompt == o.prompt && task == o.task &&
           dialect == o.dialect && entities == o.entities && cancelled == o.cancelled && error == o.error &&
           ttftMs == o.ttftMs && tokensPerSecond == o.tokensPerSecond && tokens == o.tokens && tools == o.tools;
}

bool SessionImage::operator==(const SessionImage &o) const
{
    return path == o.path && size == o.size && regions == o.regions && messages == o.messages &&
           nextRegion == o.nextRegion && nextMark == o.nextMark && nextAnswerRegion == o.nextAnswerRegion &&
           data == o.data;
}

bool SessionDocument::operator==(const SessionDocument &o) const
{
    return current == o.current && nextColor == o.nextColor && images == o.images && autosaveOf == o.autosaveOf &&
           autosaveModified == o.autosaveModified && timeline == o.timeline;
}

std::string SessionError::describe() const
{
    switch (kind) {
    case Kind::Damaged:
        return "Line " + std::to_string(line) + ", column " + std::to_string(column) +
               ": the session file is damaged (" + detail + ").";
    case Kind::NotASession:
        return "This is not a GroundChat session file.";
    case Kind::Newer:
        return "This session was saved by a newer GroundChat.";
    case Kind::Image:
        return "Image " + std::to_string(image) + " of the session has no path or size.";
    case Kind::Region:
        return "Region " + std::to_string(item) + " of image " + std::to_string(image) + " is malformed.";
    case Kind::Message:
        return "Message " + std::to_string(item) + " of image " + std::to_string(image) + " is malformed.";
    case Kind::Timeline:
        return "Event " + std::to_string(item) + " of the session's timeline is malformed.";
    }
    return detail;
}

SessionRead readSessionDocument(std::string_view text)
{
    SessionRead r;
    try {
        const json root = parseJson(text);
        r.document = documentFrom(root);
        r.ok = true;
    } catch (const JsonSyntaxError &e) {
        r.error.kind = SessionError::Kind::Damaged;
        r.error.line = e.line;
        r.error.column = e.column;
        r.error.detail = e.what();
    } catch (const SessionError &e) {
        r.error = e;
    }
    return r;
}

std::string writeSessionDocument(const SessionDocument &d, bool indented)
{
    json images = json::array();
    for (const SessionImage &im : d.images) {
        json regions = json::array(), messages = json::array();
        for (const SessionRegion &r : im.regions)
            regions.push_back(regionJson(r));
        for (const SessionMessage &m : im.messages)
            messages.push_back(messageJson(m));
        json image = {{"path", im.path},
                      {"width", im.size.width},
                      {"height", im.size.height},
                      {"regions", std::move(regions)},
                      {"messages", std::move(messages)},
                      {"nextRegion", im.nextRegion},
                      {"nextMark", im.nextMark},
                      {"nextAnswerRegion", im.nextAnswerRegion}};
        if (!im.data.empty())
            image["data"] = im.data;
        images.push_back(std::move(image));
    }
    json root = {{"format", kFormatName},
                 {"version", kFormatVersion},
                 {"current", d.current},
                 {"nextColor", d.nextColor},
                 {"images", std::move(images)}};
    if (d.autosaveOf)
        root["autosaveOf"] = *d.autosaveOf;
    if (d.autosaveModified)
        root["autosaveModified"] = *d.autosaveModified;
    if (d.timeline)
        root["timeline"] = timelineJson(*d.timeline);
    // invalid UTF-8 in a label or an answer (a model can stream a cut character) is replaced, never fatal
    return root.dump(indented ? 4 : -1, ' ', false, json::error_handler_t::replace);
}

} // namespace gc::annot
