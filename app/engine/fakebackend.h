#pragma once

#include "modelbackend.h"

#include <QStringList>

// A scripted backend: answers with a fixed raw text, a few characters at a time, with a delay per piece.
// Used by the tests and to exercise the UI without a model; it never pretends to see the image.
class FakeBackend : public ModelBackend
{
public:
    FakeBackend(QString dialect, QString answer, int msPerPiece = 5, int piece = 4);

    [[nodiscard]] QString displayName() const override { return QStringLiteral("Scripted test engine"); }
    [[nodiscard]] QString dialectId() const override { return m_dialect; }
    [[nodiscard]] QStringList knownTasks() const override { return m_tasks; }
    // Pretends the model was trained on these tasks only.
    void setKnownTasks(const QStringList &tasks) { m_tasks = tasks; }
    [[nodiscard]] bool multiTurn() const override { return m_multiTurn; }
    void setMultiTurn(bool on) { m_multiTurn = on; }
    // By default none: the dialect derives the frame from the image's size.
    [[nodiscard]] InputFrame inputFrame() const override { return m_inputFrame; }
    // Pretends the model sees images at this frame.
    void setInputFrame(InputFrame frame) { m_inputFrame = std::move(frame); }
    bool load(const Progress &progress, const ShouldAbort &abort, QString *error, QString *detail) override;
    bool generate(const AskRequest &request, const OnText &onText, const ShouldAbort &abort, AnswerStats *stats,
                  QString *error, QString *detail) override;

    // Makes the next generate() fail with this message and technical detail (fault injection for tests).
    void failNext(const QString &message, const QString &detail = QStringLiteral("fault injected by the test"))
    {
        m_failNext = message;
        m_failDetail = detail;
    }
    // Answers as a beam search does: `steps` steps of search progress (out of `maxSteps`), then the whole
    // answer at once, also when stopped meanwhile (the best found so far). 0 = streams.
    void setSearchSteps(int steps, int maxSteps)
    {
        m_searchSteps = steps;
        m_searchMax = maxSteps;
    }

private:
    QString m_dialect;
    QString m_answer;
    int m_msPerPiece;
    int m_piece;
    QString m_failNext;
    QString m_failDetail;
    int m_searchSteps = 0;
    int m_searchMax = 0;
    QStringList m_tasks;
    bool m_multiTurn = true;
    InputFrame m_inputFrame = [](const QSize &) { return QSize(); };
};
