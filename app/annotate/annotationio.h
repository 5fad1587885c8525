#pragma once

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>

#include "session.h"

// Export and import of annotation data (COCO, ODVG, GrIT, RefCOCO, LLaVA conversations in any dialect,
// labelme) for the open session, off the GUI thread, with progress and cancel.
class AnnotationIO : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString message READ message NOTIFY finished)
    Q_PROPERTY(QVariantList formats READ formats CONSTANT)

public:
    explicit AnnotationIO(QObject *parent = nullptr);
    ~AnnotationIO() override;

    [[nodiscard]] bool busy() const { return m_thread != nullptr; }
    [[nodiscard]] double progress() const { return m_progress; }
    [[nodiscard]] QString message() const { return m_message; }
    // [{id, name, extension, perImageFiles, needsDialect, coordinates}]
    [[nodiscard]] QVariantList formats() const;

    Q_INVOKABLE bool exportSession(Session *session, const QString &format, const QString &dialect, const QUrl &output,
                                   bool includeUnaccepted);
    // Reads the file and replaces the session with what it holds, only when all of it was read.
    Q_INVOKABLE bool importInto(Session *session, const QString &format, const QString &dialect, const QUrl &input);
    Q_INVOKABLE void cancel() { m_cancel = true; }

signals:
    void busyChanged();
    void progressChanged();
    void finished(bool ok, const QString &message);

private:
    void start(std::function<void()> work);
    void done(bool ok, const QString &message);

    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    double m_progress = 0;
    QString m_message;
};
