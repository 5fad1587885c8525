#pragma once

#include "documentstate.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

class QThread;
class Session;

// One run of a tool (Read text, the grounding expert, Propose regions) on one image of the session, from its start
// to the undo step that records it: the image it ran on (its index and path, so that a run whose image went
// meanwhile adds nothing), its clock, its cancel flag, its work on a thread of its own when it has some (progress
// and the end come back on the GUI thread), and the change of that image's document that keeps what it found.
class SessionToolJob : public QObject
{
    Q_OBJECT

public:
    SessionToolJob(Session *session, int image, QObject *parent = nullptr);
    ~SessionToolJob() override; // cancels the work and waits for it

    [[nodiscard]] int image() const { return m_image; }
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] double elapsedMs() const { return double(m_clock.nsecsElapsed()) / 1e6; }

    // Any thread.
    void cancel() { m_cancel = true; }
    [[nodiscard]] bool cancelled() const { return m_cancel.load(); }
    // From the work's thread: the percent done, given as percent() and progressChanged() on the GUI thread.
    void reportProgress(int percent);
    [[nodiscard]] int percent() const { return m_percent; }

    // Runs `work` on a thread of its own; workFinished() once it has returned.
    void start(std::function<void()> work);

    // Whether what it found can still be added: not cancelled, and the session still has its image at its index.
    [[nodiscard]] bool applies() const;
    // The run's image's document, to change in place; its state at the first call is what undo gives back.
    DocumentState &document();
    // Records the change made through document(): shown when its image is the current one, one undo step named
    // `what` (joined to the image's last step when `joinLastStep` and nothing happened since it).
    void commit(const QString &what, bool joinLastStep = false);
    // The run as a turn of the chat of its own (`text`, carrying `tool`), then commit(what).
    void commitTurn(const QString &text, const ToolRun &tool, const QString &what);

signals:
    void progressChanged();
    void workFinished();

private:
    QPointer<Session> m_session;
    int m_image = -1;
    QString m_path;
    QElapsedTimer m_clock;
    std::atomic<bool> m_cancel{false};
    QThread *m_thread = nullptr;
    int m_percent = 0;
    std::optional<DocumentState> m_before;
};
