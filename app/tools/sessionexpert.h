#pragma once

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

class Session;
class SessionToolJob;
struct ExpertRun;
namespace gc::expert {
class GroundingExpert;
struct PhraseSpan;
}

// The grounding expert for models that cannot ground (P²G): when an answer comes back with no boxes (a server
// model's plain text, a model asked for boxes it does not give), a local grounding model (engine/expert: Florence-2
// when one is known, else the demo model) finds the boxes of its phrases on a thread of its own. They join the
// answer like its own boxes, marked as the expert's (source "expert"), with a tool run on the answer saying what
// ran and how long it took; undone with the answer when they came right after it, else as a step of their own.
// Runs by itself after such an answer (`automatic`, a setting that defaults on) and on demand (Tools ▸ Ground the
// answer).
class SessionExpert : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Session *session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(int progress READ progress NOTIFY progressChanged) // percent of the steps done
    // Ground answers without boxes as they end (kept in the settings).
    Q_PROPERTY(bool automatic READ automatic WRITE setAutomatic NOTIFY automaticChanged)
    // Which model grounds: "auto" (Florence-2 when one is known, else the demo model), "florence2" or "demo" (kept
    // in the settings).
    Q_PROPERTY(QString model READ model WRITE setModel NOTIFY modelChanged)

public:
    explicit SessionExpert(QObject *parent = nullptr);
    ~SessionExpert() override;

    [[nodiscard]] Session *session() const { return m_session; }
    void setSession(Session *session);
    [[nodiscard]] bool running() const { return m_tool != nullptr; }
    [[nodiscard]] int progress() const;
    [[nodiscard]] bool automatic() const { return m_automatic; }
    void setAutomatic(bool on);
    [[nodiscard]] QString model() const { return m_model; }
    void setModel(const QString &model);

    // Grounds the answer in chat row `row` of the current image (-1: the last answer). False (the session's
    // lastError says why) when it cannot start.
    Q_INVOKABLE bool groundAnswer(int row = -1);
    Q_INVOKABLE void cancel();
    // Whether chat row `row` of the current image (-1: the last answer) is an answer the expert can ground now: one
    // with phrases that have no boxes yet.
    Q_INVOKABLE bool canGround(int row = -1) const;
    // Why it cannot ("" when it can): no answer, one still coming, one whose phrases all have boxes, …
    Q_INVOKABLE QString whyNotGround(int row = -1) const;

signals:
    void sessionChanged();
    void runningChanged();
    void progressChanged();
    void automaticChanged();
    void modelChanged();
    // A run ended: its boxes added (ok), nothing found, stopped, or failed (the session's lastError says why).
    void finished(bool ok);

private:
    // The answer of `row` (-1: the last one) of the current image, or -1.
    [[nodiscard]] int answerRow(int row) const;
    // Grounds `phrases` of the answer (empty: those the expert finds in it).
    bool start(int image, int row, bool automatic, std::vector<gc::expert::PhraseSpan> phrases);
    void onAnswerFinished(int image, int row, bool cancelled);
    void finish(const std::shared_ptr<ExpertRun> &run);

    QPointer<Session> m_session;
    std::shared_ptr<gc::expert::GroundingExpert> m_expert; // kept loaded between runs
    SessionToolJob *m_tool = nullptr; // the grounding under way
    bool m_automatic = true;
    QString m_model = QStringLiteral("auto");
};
