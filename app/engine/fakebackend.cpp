#include "fakebackend.h"

#include <QElapsedTimer>
#include <QThread>

FakeBackend::FakeBackend(QString dialect, QString answer, int msPerPiece, int piece)
    : m_dialect(std::move(dialect)), m_answer(std::move(answer)), m_msPerPiece(msPerPiece), m_piece(std::max(1, piece))
{
}

bool FakeBackend::load(const Progress &progress, const ShouldAbort &abort, QString *error, QString *)
{
    for (int i = 1; i <= 4; ++i) {
        if (abort()) {
            *error = QObject::tr("Loading was cancelled.");
            return false;
        }
        QThread::msleep(uint(m_msPerPiece));
        progress(i / 4.0, QString());
    }
    return true;
}

bool FakeBackend::generate(const AskRequest &, const OnText &onText, const ShouldAbort &abort, AnswerStats *stats,
                           QString *error, QString *detail)
{
    if (!m_failNext.isEmpty()) {
        *error = m_failNext;
        *detail = m_failDetail;
        m_failNext.clear();
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    const std::string answer = m_answer.toStdString();
    if (m_searchSteps > 0) {
        for (int step = 1; step <= m_searchSteps && !abort(); ++step) {
            QThread::msleep(uint(m_msPerPiece));
            reportSearchProgress(step, m_searchMax);
        }
        stats->timeToFirstTokenMs = double(timer.nsecsElapsed()) / 1e6;
        onText(answer);
        stats->generatedTokens = m_searchSteps;
        return true;
    }
    int pieces = 0;
    for (size_t i = 0; i < answer.size(); i += size_t(m_piece)) {
        if (abort())
            break;
        QThread::msleep(uint(m_msPerPiece));
        if (pieces == 0)
            stats->timeToFirstTokenMs = double(timer.nsecsElapsed()) / 1e6;
        onText(answer.substr(i, size_t(m_piece)));
        ++pieces;
    }
    stats->generatedTokens = pieces;
    const double secs = double(timer.nsecsElapsed()) / 1e9;
    stats->tokensPerSecond = secs > 0 ? pieces / secs : 0;
    return true;
}
