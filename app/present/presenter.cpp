#include "presenter.h"

#include "session.h"
#include "session_convert.h"

#include <algorithm>

namespace {
namespace annot = gc::annot;
using Kind = annot::TimelineEvent::Kind;

constexpr int kFrameMs = 16;
constexpr double kMinSpeed = 0.5, kMaxSpeed = 4;
// A question types itself at this pace, in at most this long, within the pause before it was sent.
constexpr double kTypeMsPerChar = 40, kMaxTypeMs = 2500, kTypeShareOfPause = 0.8;

bool isQuestion(const annot::TimelineEvent &e) { return e.kind == Kind::Message && e.message.fromUser; }

// An answer begun and not ended yet has no statistics: it shows as streaming, not as stopped.
ChatMessage shownMessage(const annot::SessionMessage &m)
{
    ChatMessage c = appMessage(m);
    if (!m.fromUser && m.tokens == 0 && m.ttftMs == 0 && m.error.empty()) {
        c.streaming = true;
        c.cancelled = false;
    }
    return c;
}
} // namespace

Presenter::Presenter(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(kFrameMs);
    connect(&m_timer, &QTimer::timeout, this, &Presenter::tick);
}

Session *Presenter::session() const { return m_session; }

Presenter::~Presenter()
{
    if (m_active)
        stop();
}

void Presenter::setSession(Session *session)
{
    if (session == m_session)
        return;
    if (m_active)
        stop();
    m_session = session;
    emit sessionChanged();
}

void Presenter::setPlaying(bool playing)
{
    if (!m_active || playing == m_timer.isActive())
        return;
    if (playing) {
        if (m_position >= duration())
            seek(0);
        m_wall.start();
        m_timer.start();
    } else {
        m_timer.stop();
    }
    emit playingChanged();
}

void Presenter::setSpeed(double speed)
{
    speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    if (speed == m_speed)
        return;
    m_speed = speed;
    emit speedChanged();
}

double Presenter::duration() const { return m_events.empty() ? 0 : m_events.back().t; }

bool Presenter::start(bool play)
{
    if (!m_session || m_session->conversation()->answering())
        return false;
    if (m_active)
        stop();
    m_events = annot::presentedEvents(m_session->recording()->timeline());
    const double first = m_events.empty() ? 0 : m_events.front().t;
    for (annot::TimelineEvent &e : m_events)
        e.t -= first;
    m_session->recording()->setPaused(true);
    m_restoreImage = m_session->currentImage();
    m_shownImage = -2;
    m_active = true;
    m_position = 0;
    m_state = {};
    m_applied = 0;
    showEvents(0);
    emit activeChanged();
    emit positionChanged();
    setPlaying(play);
    return true;
}

void Presenter::stop()
{
    if (!m_active)
        return;
    const bool wasPlaying = m_timer.isActive();
    m_timer.stop();
    m_active = false;
    m_events.clear();
    m_state = {};
    m_applied = 0;
    if (m_session) {
        m_session->setCurrentImage(m_restoreImage);
        m_session->applyDocument(m_session->currentImage() >= 0 ? m_session->currentDocument() : DocumentState());
        m_session->recording()->setPaused(false);
    }
    if (wasPlaying)
        emit playingChanged();
    emit activeChanged();
    emit positionChanged();
}

void Presenter::tick()
{
    const double elapsed = double(m_wall.nsecsElapsed()) / 1e6;
    m_wall.restart();
    const double to = std::min(duration(), m_position + elapsed * m_speed);
    seek(to);
    if (to >= duration()) {
        setPlaying(false);
        emit finished();
    }
}

void Presenter::seek(double ms)
{
    if (!m_active)
        return;
    m_position = std::clamp(ms, 0.0, duration());
    const auto after = std::upper_bound(m_events.begin(), m_events.end(), m_position,
                                        [](double t, const annot::TimelineEvent &e) { return t < e.t; });
    showEvents(int(after - m_events.begin()));
    emit positionChanged();
}

void Presenter::next()
{
    setPlaying(false);
    if (m_applied < eventCount())
        seek(m_events[size_t(m_applied)].t);
}

void Presenter::previous()
{
    setPlaying(false);
    if (m_applied == 0)
        return;
    // before the events that happened together with the last one shown
    const double t = m_events[size_t(m_applied) - 1].t;
    size_t first = size_t(m_applied) - 1;
    while (first > 0 && m_events[first - 1].t == t)
        --first;
    if (first == 0) {
        seek(0);
        if (m_applied > 0) { // events at the very start: show nothing yet
            showEvents(0);
            emit positionChanged();
        }
        return;
    }
    seek(m_events[first - 1].t);
}

double Presenter::typingStart(size_t index) const
{
    const annot::TimelineEvent &e = m_events[index];
    const double pause = e.t - (index > 0 ? m_events[index - 1].t : 0);
    const double typing = std::min({pause * kTypeShareOfPause, kTypeMsPerChar * double(e.message.text.size()), kMaxTypeMs});
    return e.t - typing;
}

QString Presenter::draft() const
{
    if (!m_active || m_applied >= eventCount() || !isQuestion(m_events[size_t(m_applied)]))
        return {};
    const size_t index = size_t(m_applied);
    const double from = typingStart(index), to = m_events[index].t;
    if (m_position < from || to <= from)
        return {};
    const QString text = QString::fromStdString(m_events[index].message.text);
    return text.left(qsizetype(double(text.size()) * (m_position - from) / (to - from)));
}

QVariantList Presenter::turns() const
{
    QVariantList out;
    std::vector<annot::TurnRef> seen;
    for (size_t i = 0; i < m_events.size(); ++i) {
        const annot::TimelineEvent &e = m_events[i];
        const annot::TurnRef turn{e.image, e.row};
        if (!isQuestion(e) || std::find(seen.begin(), seen.end(), turn) != seen.end())
            continue;
        seen.push_back(turn);
        out << QVariantMap{{QStringLiteral("image"), e.image},
                           {QStringLiteral("row"), e.row},
                           {QStringLiteral("text"), QString::fromStdString(e.message.text)},
                           {QStringLiteral("time"), typingStart(i)}};
    }
    return out;
}

int Presenter::turn() const
{
    const QVariantList all = turns();
    int last = -1;
    for (int i = 0; i < all.size(); ++i)
        if (all[i].toMap().value(QStringLiteral("time")).toDouble() <= m_position)
            last = i;
    return last;
}

void Presenter::jumpToTurn(int index)
{
    const QVariantList all = turns();
    if (index < 0 || index >= all.size())
        return;
    seek(all[index].toMap().value(QStringLiteral("time")).toDouble());
}

void Presenter::jumpToMessage(int row)
{
    const QVariantList all = turns();
    int best = -1, bestRow = -1;
    for (int i = 0; i < all.size(); ++i) {
        const QVariantMap t = all[i].toMap();
        const int r = t.value(QStringLiteral("row")).toInt();
        if (t.value(QStringLiteral("image")).toInt() == m_state.current && r <= row && r >= bestRow) {
            best = i;
            bestRow = r;
        }
    }
    jumpToTurn(best);
}

void Presenter::showEvents(int count)
{
    if (count < m_applied) {
        m_state = {};
        m_applied = 0;
    }
    for (; m_applied < count; ++m_applied)
        annot::applyEvent(m_state, m_events[size_t(m_applied)]);
    if (!m_session)
        return;
    const int image = m_state.current < m_session->imageCount() ? m_state.current : -1;
    if (image >= 0)
        m_session->setCurrentImage(image);
    DocumentState doc;
    if (image >= 0 && image < int(m_state.images.size())) {
        for (const annot::SessionRegion &r : m_state.images[size_t(image)].regions)
            doc.regions << appRegion(r);
        for (const annot::SessionMessage &m : m_state.images[size_t(image)].messages)
            doc.messages << shownMessage(m);
    }
    m_shownImage = image;
    m_session->applyDocument(doc);
}
