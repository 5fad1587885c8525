#pragma once

#include <QList>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QRectF>
#include <QSize>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <memory>

class Session;
class SessionToolJob;
struct AnswerStats;
struct MarksResult;

// Edit ▸ Propose regions (Groma's region proposer, made of what the app has): numbered marks over the objects of
// the current image, from the loaded Florence-2's <REGION_PROPOSAL> task ("florence2") or from the segmenter's
// automatic marks ("segmenter"). They are Set-of-Mark marks like any other (source "proposal"): a turn that cites
// or asks about marks sends the image with their numbers drawn on it, and the numbers in the answer link to them.
// The run is a turn of the chat of its own (which proposer, how long, how many): one undo step.
class SessionProposals : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Session *session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    // The proposers that can run now, the best first: ["florence2", "segmenter"], or fewer.
    Q_PROPERTY(QStringList sources READ sources NOTIFY sourcesChanged)

public:
    explicit SessionProposals(QObject *parent = nullptr);
    ~SessionProposals() override;

    [[nodiscard]] Session *session() const { return m_session; }
    void setSession(Session *session);
    [[nodiscard]] bool running() const { return m_source != Source::None; }
    [[nodiscard]] QStringList sources() const;

    // Proposes at most `maxMarks` regions on the current image with `source` (one of sources(); "" = the best).
    // False (the session's lastError says why) when it cannot start.
    Q_INVOKABLE bool propose(const QString &source, int maxMarks);
    // The proposals of the running proposer are dropped when they come.
    Q_INVOKABLE void cancel();
    // What a source is called in the menu and the chat.
    Q_INVOKABLE static QString sourceName(const QString &source);

signals:
    void sessionChanged();
    void runningChanged();
    void sourcesChanged();
    // A run ended: its marks added (ok), stopped, or failed (the session's lastError says why).
    void finished(bool ok);

private:
    enum class Source { None, Florence2, Segmenter };
    struct Proposal {
        QRectF box;
        QPointF label;
        QString rle;
    };
    void watchSources();
    void onMarks(const MarksResult &result);
    void onAnswerDelta(quint64 id, const QByteArray &piece);
    void onAnswerFinished(quint64 id, bool cancelled, const AnswerStats &stats);
    void onAnswerFailed(quint64 id, const QString &error, const QString &detail);
    // The model's answer to <REGION_PROPOSAL>, read by its dialect: a box for each region it proposes.
    [[nodiscard]] QList<Proposal> modelProposals() const;
    // Ends the run: its proposals become marks of the image it was asked for, with the turn that records it.
    void finish(const QList<Proposal> &proposals, const QSize &maskSize, const QString &error);
    void stop();

    QPointer<Session> m_session;
    QList<QMetaObject::Connection> m_sourceWatch;
    Source m_source = Source::None;
    std::unique_ptr<SessionToolJob> m_run; // the proposing under way
    quint64 m_request = 0;
    QSize m_imageSize;
    int m_maxMarks = 0;
    QString m_prompt;
    QByteArray m_raw;
};
