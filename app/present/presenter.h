#pragma once

#include "annotate/session_timeline.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class Session;

// Present mode's clock and state machine: replays a session's timeline (hidden turns left out) in the session's
// own views without a model, by showing in its region and chat models the state after each event. Playing
// runs on the wall clock times `speed`; a video export drives it frame by frame with seek(). stop() shows the
// session as it was. Nothing is recorded meanwhile.
class Presenter : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Session *session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(bool active READ active NOTIFY activeChanged)
    Q_PROPERTY(bool playing READ playing WRITE setPlaying NOTIFY playingChanged)
    // 0.5 to 4: how much faster than recorded.
    Q_PROPERTY(double speed READ speed WRITE setSpeed NOTIFY speedChanged)
    // Milliseconds from the first event presented.
    Q_PROPERTY(double position READ position NOTIFY positionChanged)
    Q_PROPERTY(double duration READ duration NOTIFY activeChanged)
    // How many events have happened at `position`.
    Q_PROPERTY(int eventIndex READ eventIndex NOTIFY positionChanged)
    Q_PROPERTY(int eventCount READ eventCount NOTIFY activeChanged)
    // The question being typed before it is sent ("" when none).
    Q_PROPERTY(QString draft READ draft NOTIFY positionChanged)
    Q_PROPERTY(QString modelName READ modelName NOTIFY positionChanged)
    // [{image, row, text, time}] for each question presented; turn: the last one asked at `position` (-1: none).
    Q_PROPERTY(QVariantList turns READ turns NOTIFY activeChanged)
    Q_PROPERTY(int turn READ turn NOTIFY positionChanged)

public:
    explicit Presenter(QObject *parent = nullptr);
    ~Presenter() override;

    [[nodiscard]] Session *session() const;
    void setSession(Session *session);
    [[nodiscard]] bool active() const { return m_active; }
    [[nodiscard]] bool playing() const { return m_timer.isActive(); }
    void setPlaying(bool playing);
    [[nodiscard]] double speed() const { return m_speed; }
    void setSpeed(double speed);
    [[nodiscard]] double position() const { return m_position; }
    [[nodiscard]] double duration() const;
    [[nodiscard]] int eventIndex() const { return m_applied; }
    [[nodiscard]] int eventCount() const { return int(m_events.size()); }
    [[nodiscard]] QString draft() const;
    [[nodiscard]] QString modelName() const { return QString::fromStdString(m_state.model); }
    [[nodiscard]] QVariantList turns() const;
    [[nodiscard]] int turn() const;

    // From the start, paused (start(true): playing). False when there is nothing to present (no session, an
    // answer streaming).
    Q_INVOKABLE bool start(bool play = false);
    Q_INVOKABLE void stop();
    // Pauses, and shows the state after the next or the previous event.
    Q_INVOKABLE void next();
    Q_INVOKABLE void previous();
    Q_INVOKABLE void seek(double ms);
    // To just before turn `index` of `turns` is typed.
    Q_INVOKABLE void jumpToTurn(int index);
    // To the turn message `row` of the image in view belongs to.
    Q_INVOKABLE void jumpToMessage(int row);

signals:
    void sessionChanged();
    void activeChanged();
    void playingChanged();
    void speedChanged();
    void positionChanged();
    void finished();

private:
    void tick();
    // Shows the state after the first `count` events.
    void showEvents(int count);
    // When the question of event `index` starts being typed.
    [[nodiscard]] double typingStart(size_t index) const;

    QPointer<Session> m_session;
    std::vector<gc::annot::TimelineEvent> m_events; // presented, times from 0
    gc::annot::ReplayState m_state;                 // after m_applied events
    int m_applied = 0;
    bool m_active = false;
    double m_position = 0;
    double m_speed = 1;
    int m_shownImage = -1;
    int m_restoreImage = -1;
    QTimer m_timer;
    QElapsedTimer m_wall;
};
