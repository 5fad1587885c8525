#include "session_timeline.h"

#include <algorithm>
#include <map>
#include <set>

namespace gc::annot {

namespace {

using Kind = TimelineEvent::Kind;

ReplayImage &imageOf(ReplayState &s, int image)
{
    if (int(s.images.size()) <= image)
        s.images.resize(size_t(image) + 1);
    return s.images[size_t(image)];
}

// A message without what streams in, to tell an answer that grew from one that changed.
SessionMessage withoutStream(SessionMessage m)
{
    m.raw.clear();
    m.text.clear();
    m.entities.clear();
    return m;
}

bool startsWith(const std::string &s, const std::string &prefix)
{
    return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), s.begin());
}

// Characters (code points) in the first `bytes` bytes of UTF-8 text: what phrase spans count.
int characters(const std::string &text, size_t bytes)
{
    int n = 0;
    for (size_t i = 0; i < bytes && i < text.size(); ++i)
        n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    return n;
}

TimelineEvent event(Kind kind, double t, int image)
{
    TimelineEvent e;
    e.kind = kind;
    e.t = t;
    e.image = image;
    return e;
}

} // namespace

void applyEvent(ReplayState &state, const TimelineEvent &e)
{
    if (e.kind == Kind::Model) {
        state.model = e.model;
        return;
    }
    ReplayImage &im = imageOf(state, e.image);
    auto &regions = im.regions;
    auto &messages = im.messages;
    switch (e.kind) {
    case Kind::Image:
        state.current = e.image;
        break;
    case Kind::Region: {
        const auto it = std::find_if(regions.begin(), regions.end(), [&](const SessionRegion &r) { return r.id == e.region.id; });
        if (it == regions.end())
            regions.push_back(e.region);
        else
            *it = e.region;
        break;
    }
    case Kind::Delete:
        regions.erase(std::remove_if(regions.begin(), regions.end(), [&](const SessionRegion &r) { return r.id == e.id; }),
                      regions.end());
        break;
    case Kind::Message:
        if (int(messages.size()) <= e.row)
            messages.resize(size_t(e.row) + 1);
        messages[size_t(e.row)] = e.message;
        break;
    case Kind::Grow:
        if (e.row < int(messages.size())) {
            SessionMessage &m = messages[size_t(e.row)];
            m.raw += e.raw;
            m.text += e.text;
            if (e.entities)
                m.entities = *e.entities;
        }
        break;
    case Kind::Truncate:
        if (int(messages.size()) > e.row)
            messages.resize(size_t(e.row));
        break;
    case Kind::Model:
        break;
    }
}

std::vector<TimelineEvent> changesBetween(const ReplayImage &before, const ReplayImage &after, int image, double t)
{
    std::vector<TimelineEvent> out;
    for (const SessionRegion &r : before.regions)
        if (std::none_of(after.regions.begin(), after.regions.end(), [&](const SessionRegion &a) { return a.id == r.id; })) {
            TimelineEvent e = event(Kind::Delete, t, image);
            e.id = r.id;
            out.push_back(std::move(e));
        }
    for (const SessionRegion &r : after.regions) {
        const auto was = std::find_if(before.regions.begin(), before.regions.end(),
                                      [&](const SessionRegion &b) { return b.id == r.id; });
        if (was == before.regions.end() || !(*was == r)) {
            TimelineEvent e = event(Kind::Region, t, image);
            e.region = r;
            out.push_back(std::move(e));
        }
    }
    size_t kept = before.messages.size();
    if (after.messages.size() < kept) {
        kept = after.messages.size();
        TimelineEvent e = event(Kind::Truncate, t, image);
        e.row = int(kept);
        out.push_back(std::move(e));
    }
    for (size_t row = 0; row < after.messages.size(); ++row) {
        const SessionMessage &now = after.messages[row];
        if (row < kept && before.messages[row] == now)
            continue;
        TimelineEvent e = event(Kind::Message, t, image);
        e.row = int(row);
        if (row < kept) {
            const SessionMessage &was = before.messages[row];
            if (startsWith(now.raw, was.raw) && startsWith(now.text, was.text) &&
                withoutStream(was) == withoutStream(now)) {
                e.kind = Kind::Grow;
                e.raw = now.raw.substr(was.raw.size());
                e.text = now.text.substr(was.text.size());
                if (now.entities != was.entities)
                    e.entities = now.entities;
                out.push_back(std::move(e));
                continue;
            }
        }
        e.message = now;
        out.push_back(std::move(e));
    }
    return out;
}

SessionTimeline evenTimeline(const SessionDocument &d)
{
    // the pace of someone showing the session by hand
    constexpr double kLook = 1000, kDraw = 700, kType = 1800, kWord = 90, kRead = 1500;
    SessionTimeline tl;
    double t = 0;
    auto add = [&](TimelineEvent e) { tl.events.push_back(std::move(e)); };
    for (size_t i = 0; i < d.images.size(); ++i) {
        const SessionImage &im = d.images[i];
        const int image = int(i);
        add(event(Kind::Image, t, image));
        t += kLook;
        std::set<std::string> shown;
        auto showRegion = [&](const SessionRegion &r) {
            if (!shown.insert(r.id).second)
                return;
            TimelineEvent e = event(Kind::Region, t, image);
            e.region = r;
            add(std::move(e));
        };
        for (const SessionRegion &r : im.regions)
            if (r.message < 0) {
                showRegion(r);
                t += kDraw;
            }
        for (size_t row = 0; row < im.messages.size(); ++row) {
            const SessionMessage &m = im.messages[row];
            TimelineEvent begin = event(Kind::Message, t, image);
            begin.row = int(row);
            if (m.fromUser) {
                t += kType;
                begin.t = t;
                begin.message = m;
                add(std::move(begin));
                continue;
            }
            // begun: no text and no statistics yet
            begin.message = withoutStream(m);
            begin.message.tokens = 0;
            begin.message.ttftMs = begin.message.tokensPerSecond = 0;
            begin.message.cancelled = false;
            begin.message.error.clear();
            add(std::move(begin));
            // the answer word by word, each phrase's regions as its last word arrives
            std::vector<SessionEntity> spoken;
            std::vector<bool> done(m.entities.size(), false);
            size_t at = 0;
            while (at < m.text.size()) {
                size_t end = m.text.find(' ', at);
                end = end == std::string::npos ? m.text.size() : m.text.find_first_not_of(' ', end);
                end = end == std::string::npos ? m.text.size() : end;
                t += kWord;
                TimelineEvent grow = event(Kind::Grow, t, image);
                grow.row = int(row);
                grow.text = m.text.substr(at, end - at);
                at = end;
                const int reached = characters(m.text, at);
                std::vector<size_t> fresh;
                for (size_t k = 0; k < m.entities.size(); ++k)
                    if (!done[k] && m.entities[k].spanEnd >= 0 && m.entities[k].spanEnd <= reached) {
                        done[k] = true;
                        spoken.push_back(m.entities[k]);
                        fresh.push_back(k);
                    }
                if (!fresh.empty())
                    grow.entities = spoken;
                add(std::move(grow));
                for (size_t k : fresh)
                    for (const SessionRegion &r : im.regions)
                        if (r.message == int(row) && r.entity == int(k))
                            showRegion(r);
            }
            t += kWord;
            for (const SessionRegion &r : im.regions)
                if (r.message == int(row))
                    showRegion(r);
            TimelineEvent end = event(Kind::Message, t, image);
            end.row = int(row);
            end.message = m;
            add(std::move(end));
            t += kRead;
        }
        // regions whose answer is gone (a file edited by hand)
        for (const SessionRegion &r : im.regions)
            showRegion(r);
    }
    if (d.current >= 0 && d.current < int(d.images.size()) && int(d.images.size()) > 1)
        add(event(Kind::Image, t, d.current));
    return tl;
}

void compressPauses(SessionTimeline &tl, double maxGapMs)
{
    double shift = 0, previous = 0;
    for (size_t i = 0; i < tl.events.size(); ++i) {
        const double original = tl.events[i].t;
        if (i > 0 && original - previous > maxGapMs)
            shift += original - previous - maxGapMs;
        previous = original;
        tl.events[i].t = original - shift;
    }
}

std::vector<TimelineEvent> presentedEvents(const SessionTimeline &tl)
{
    std::vector<TimelineEvent> out;
    std::map<int, std::vector<int>> turnOf; // image -> the user row each message row belongs to (-1: none)
    std::map<int, std::set<std::string>> hiddenRegions;
    const auto hidden = [&](int image, int row) {
        const std::vector<int> &turns = turnOf[image];
        const int turn = row >= 0 && row < int(turns.size()) ? turns[size_t(row)] : -1;
        return turn >= 0 && std::find(tl.hiddenTurns.begin(), tl.hiddenTurns.end(), TurnRef{image, turn}) != tl.hiddenTurns.end();
    };
    double shift = 0;
    bool skipping = false;
    double skippedFrom = 0;
    for (const TimelineEvent &e : tl.events) {
        bool drop = false;
        switch (e.kind) {
        case Kind::Message: {
            std::vector<int> &turns = turnOf[e.image];
            if (int(turns.size()) <= e.row)
                turns.resize(size_t(e.row) + 1, -1);
            turns[size_t(e.row)] = e.message.fromUser ? e.row : e.row > 0 ? turns[size_t(e.row) - 1] : -1;
            drop = hidden(e.image, e.row);
            break;
        }
        case Kind::Grow:
            drop = hidden(e.image, e.row);
            break;
        case Kind::Region:
            drop = e.region.fromModel && e.region.message >= 0 && hidden(e.image, e.region.message);
            if (drop)
                hiddenRegions[e.image].insert(e.region.id);
            break;
        case Kind::Delete:
            drop = hiddenRegions[e.image].count(e.id) > 0;
            break;
        case Kind::Truncate:
            if (std::vector<int> &turns = turnOf[e.image]; int(turns.size()) > e.row)
                turns.resize(size_t(e.row));
            break;
        case Kind::Image:
        case Kind::Model:
            break;
        }
        if (drop) {
            if (!skipping)
                skippedFrom = e.t;
            skipping = true;
            continue;
        }
        if (skipping)
            shift += e.t - skippedFrom;
        skipping = false;
        TimelineEvent kept = e;
        kept.t -= shift;
        out.push_back(std::move(kept));
    }
    return out;
}

std::vector<TurnRef> timelineTurns(const SessionTimeline &tl)
{
    std::vector<TurnRef> turns;
    for (const TimelineEvent &e : tl.events)
        if (e.kind == Kind::Message && e.message.fromUser &&
            std::find(turns.begin(), turns.end(), TurnRef{e.image, e.row}) == turns.end())
            turns.push_back({e.image, e.row});
    return turns;
}

} // namespace gc::annot
