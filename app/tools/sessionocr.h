#pragma once

#include <QObject>
#include <QPointer>
#include <QRectF>
#include <QtQml/qqmlregistration.h>

#include <memory>

#include "documentstate.h"

class Session;
class SessionToolJob;
struct OcrRun;

// Tools ▸ Read text (P²G's OCR expert): Tesseract reads the current image, or a region of it, on a thread of its
// own. Its lines become regions carrying their text (source "ocr"), its words hidden ones ("ocr-word"), and the
// run is a turn of the chat of its own (what ran, where, how long, what it read): one undo step. The lines on the
// image are the hint a turn can pass to the model, written in the model's dialect.
class SessionOcr : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Session *session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(int progress READ progress NOTIFY progressChanged) // percent of the words read
    // Tesseract's language names joined by '+'
    Q_PROPERTY(QString languages MEMBER m_languages NOTIFY languagesChanged)

public:
    explicit SessionOcr(QObject *parent = nullptr);
    ~SessionOcr() override;

    [[nodiscard]] Session *session() const { return m_session; }
    void setSession(Session *session);
    [[nodiscard]] bool running() const { return m_tool != nullptr; }
    [[nodiscard]] int progress() const;

    // Reads region `regionId` of the current image ("" = the whole image). False (the session's lastError says
    // why) when it cannot start.
    Q_INVOKABLE bool readText(const QString &regionId);
    Q_INVOKABLE void cancel();
    // The visible text lines read on the current image, as the active model reads them ("" when there are none).
    Q_INVOKABLE QString hint() const;
    // Sends a turn (SessionConversation::send) with hint() before the message, recorded as a tool run of the turn.
    Q_INVOKABLE bool sendWithHint(const QString &text, const QString &task);

signals:
    void sessionChanged();
    void runningChanged();
    void progressChanged();
    void languagesChanged();
    // A run ended: its text regions added (ok), stopped, or failed (the session's lastError says why).
    void finished(bool ok);

private:
    void finish(const std::shared_ptr<OcrRun> &run);
    // The current image's visible text lines read: what hint() tells the model.
    [[nodiscard]] QList<RegionItem> textLines() const;

    QPointer<Session> m_session;
    QString m_languages = QStringLiteral("eng+chi_sim");
    SessionToolJob *m_tool = nullptr; // the reading under way
};
