#include "session_recording.h"
#include "session.h"
#include "session_convert.h"

namespace {
namespace annot = gc::annot;

// A pause between what a file recorded and what this run adds to it.
constexpr double kResumeGapMs = 1000;

annot::ReplayImage replayImage(const DocumentState &doc)
{
    annot::ReplayImage im;
    im.regions.reserve(size_t(doc.regions.size()));
    for (const RegionItem &r : doc.regions)
        im.regions.push_back(fileRegion(r));
    for (const ChatMessage &m : doc.messages)
        im.messages.push_back(fileMessage(m));
    return im;
}
} // namespace

SessionRecording::SessionRecording(Session &session) : m_session(session)
{
    connect(&m_session, &Session::edited, this, &SessionRecording::capture);
    connect(&m_session, &Session::currentImageChanged, this, &SessionRecording::capture);
    connect(&m_session, &Session::replacing, this, [this] { m_replacing = true; });
    connect(&m_session, &Session::replaced, this, [this] {
        m_replacing = false;
        rebase();
    });
    // a question is in the document before its first word comes back
    connect(m_session.conversation(), &SessionConversation::answeringChanged, this, &SessionRecording::capture);
    connect(m_session.conversation(), &SessionConversation::engineChanged, this, &SessionRecording::watchEngine);
}

void SessionRecording::watchEngine()
{
    disconnect(m_engineWatch);
    if (EngineController *engine = m_session.conversation()->engine())
        m_engineWatch = connect(engine, &EngineController::stateChanged, this, &SessionRecording::capture);
}

double SessionRecording::now()
{
    if (!m_clock.isValid()) {
        m_clock.start();
        m_offset = m_timeline.events.empty() ? 0 : m_timeline.events.back().t + kResumeGapMs;
    }
    return m_offset + double(m_clock.nsecsElapsed()) / 1e6;
}

void SessionRecording::setTimeline(annot::SessionTimeline timeline)
{
    m_timeline = std::move(timeline);
    m_clock.invalidate();
    emit timelineChanged();
}

void SessionRecording::setPaused(bool paused)
{
    m_paused = paused;
    if (!paused)
        rebase();
}

void SessionRecording::rebase()
{
    m_seen = {};
    for (const annot::TimelineEvent &e : m_timeline.events)
        if (e.kind == annot::TimelineEvent::Kind::Model)
            m_seen.model = e.model;
    m_seen.current = m_session.currentImage();
    for (int i = 0; i < m_session.imageCount(); ++i)
        m_seen.images.push_back(replayImage(m_session.document(i)));
}

void SessionRecording::capture()
{
    if (m_paused || m_replacing)
        return;
    std::vector<annot::TimelineEvent> events;
    auto t = [this, at = -1.0]() mutable { return at < 0 ? (at = now()) : at; };
    const EngineController *engine = m_session.conversation()->engine();
    if (engine && engine->state() == EngineController::State::Ready && engine->modelName().toStdString() != m_seen.model) {
        annot::TimelineEvent e;
        e.kind = annot::TimelineEvent::Kind::Model;
        e.t = t();
        e.model = engine->modelName().toStdString();
        m_seen.model = e.model;
        events.push_back(std::move(e));
    }
    for (int i = 0; i < m_session.imageCount(); ++i) {
        annot::ReplayImage image = replayImage(m_session.document(i));
        if (i < int(m_seen.images.size()) && image == m_seen.images[size_t(i)])
            continue;
        const annot::ReplayImage before = i < int(m_seen.images.size()) ? m_seen.images[size_t(i)] : annot::ReplayImage();
        for (annot::TimelineEvent &e : annot::changesBetween(before, image, i, 0)) {
            e.t = t();
            events.push_back(std::move(e));
        }
        if (int(m_seen.images.size()) <= i)
            m_seen.images.resize(size_t(i) + 1);
        m_seen.images[size_t(i)] = std::move(image);
    }
    if (m_session.currentImage() >= 0 && m_session.currentImage() != m_seen.current) {
        annot::TimelineEvent e;
        e.kind = annot::TimelineEvent::Kind::Image;
        e.t = t();
        e.image = m_session.currentImage();
        m_seen.current = e.image;
        // shown before what happens on it
        events.insert(events.begin(), std::move(e));
    }
    if (events.empty())
        return;
    m_timeline.events.insert(m_timeline.events.end(), std::make_move_iterator(events.begin()),
                             std::make_move_iterator(events.end()));
    emit timelineChanged();
}

double SessionRecording::duration() const
{
    return m_timeline.events.empty() ? 0 : m_timeline.events.back().t - m_timeline.events.front().t;
}

QVariantList SessionRecording::turns() const
{
    QVariantList out;
    for (const annot::TurnRef &turn : annot::timelineTurns(m_timeline)) {
        QString text;
        for (const annot::TimelineEvent &e : m_timeline.events)
            if (e.kind == annot::TimelineEvent::Kind::Message && e.image == turn.image && e.row == turn.row)
                text = QString::fromStdString(e.message.text);
        const bool hidden = std::find(m_timeline.hiddenTurns.begin(), m_timeline.hiddenTurns.end(), turn) !=
                            m_timeline.hiddenTurns.end();
        out << QVariantMap{{QStringLiteral("image"), turn.image},
                           {QStringLiteral("row"), turn.row},
                           {QStringLiteral("text"), text},
                           {QStringLiteral("hidden"), hidden}};
    }
    return out;
}

void SessionRecording::compressPauses(double seconds)
{
    annot::compressPauses(m_timeline, seconds * 1000);
    m_clock.invalidate();
    emit timelineChanged();
    m_session.markChangedOutsideHistory();
}

void SessionRecording::setTurnHidden(int image, int row, bool hidden)
{
    auto &turns = m_timeline.hiddenTurns;
    const annot::TurnRef turn{image, row};
    const auto it = std::find(turns.begin(), turns.end(), turn);
    if (hidden == (it != turns.end()))
        return;
    if (hidden)
        turns.push_back(turn);
    else
        turns.erase(it);
    emit timelineChanged();
    m_session.markChangedOutsideHistory();
}
