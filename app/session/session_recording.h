#pragma once

#include "annotate/session_timeline.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class Session;

// The recording part of a Session: the timeline of what happened in it (session_document.h's TimelineEvent),
// kept by comparing the documents after each change with the ones before, so every way a document changes (a
// region drawn, an answer streaming, an undo, a mask) is recorded without each one saying so. A session opened
// from a file continues its timeline; a file without one gets an evenly paced one (evenTimeline).
// Its messages are the session's: Session::tr.
class SessionRecording : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A part of a Session: session.recording")
    Q_PROPERTY(int eventCount READ eventCount NOTIFY timelineChanged)
    // Milliseconds from the first event to the last.
    Q_PROPERTY(double duration READ duration NOTIFY timelineChanged)
    // [{image, row, text, hidden}] for each question sent, in order.
    Q_PROPERTY(QVariantList turns READ turns NOTIFY timelineChanged)

public:
    explicit SessionRecording(Session &session);

    [[nodiscard]] const gc::annot::SessionTimeline &timeline() const { return m_timeline; }
    // A session opened: its timeline, continued from its last event on.
    void setTimeline(gc::annot::SessionTimeline timeline);
    // Nothing is recorded while paused (a presentation shows earlier states in the session's views).
    void setPaused(bool paused);
    [[nodiscard]] int eventCount() const { return int(m_timeline.events.size()); }
    [[nodiscard]] double duration() const;
    [[nodiscard]] QVariantList turns() const;

    // Timeline edits for presenting: no pause longer than `seconds`; a turn left out of the presentation.
    Q_INVOKABLE void compressPauses(double seconds);
    Q_INVOKABLE void setTurnHidden(int image, int row, bool hidden);

signals:
    void timelineChanged();

private:
    // Records what changed since the last look.
    void capture();
    // What is there now becomes what the next change is compared with, without an event.
    void rebase();
    [[nodiscard]] double now();
    void watchEngine();

    Session &m_session;
    gc::annot::SessionTimeline m_timeline;
    gc::annot::ReplayState m_seen;
    QElapsedTimer m_clock; // runs from the first event recorded in this run
    double m_offset = 0;   // the time of that first event on the timeline
    bool m_paused = false;
    bool m_replacing = false;
    QMetaObject::Connection m_engineWatch;
};
