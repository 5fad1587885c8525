#include "annotationio.h"

#include "embedded_image.h"
#include "session.h"

#include "annotate/formats.h"
#include "annotate/session_format.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QStandardPaths>

namespace {
QString localPath(const QUrl &url) { return url.isLocalFile() ? url.toLocalFile() : url.toString(); }

// Every warning, one a line: each names something the file does not hold as the session does.
QString warningLines(const std::vector<std::string> &warnings)
{
    QString out;
    for (const std::string &w : warnings)
        out += QLatin1Char('\n') + AnnotationIO::tr("Warning: %1").arg(QString::fromStdString(w));
    return out;
}
} // namespace

AnnotationIO::AnnotationIO(QObject *parent) : QObject(parent) {}

AnnotationIO::~AnnotationIO()
{
    m_cancel = true;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

QVariantList AnnotationIO::formats() const
{
    QVariantList out;
    for (const gc::annot::FormatInfo &f : gc::annot::formats())
        out << QVariantMap{{QStringLiteral("id"), QString::fromStdString(f.id)},
                           {QStringLiteral("name"), QString::fromStdString(f.displayName)},
                           {QStringLiteral("extension"), QString::fromStdString(f.extension)},
                           {QStringLiteral("perImageFiles"), f.perImageFiles},
                           {QStringLiteral("needsDialect"), f.needsDialect},
                           {QStringLiteral("coordinates"), QString::fromStdString(f.coordinates)}};
    return out;
}

void AnnotationIO::start(std::function<void()> work)
{
    m_cancel = false;
    m_progress = 0;
    emit progressChanged();
    m_thread = QThread::create(std::move(work));
    emit busyChanged();
    m_thread->start();
}

void AnnotationIO::done(bool ok, const QString &message)
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_message = message;
    emit busyChanged();
    emit finished(ok, message);
}

bool AnnotationIO::exportSession(Session *session, const QString &format, const QString &dialect, const QUrl &output,
                                 bool includeUnaccepted)
{
    const gc::annot::FormatInfo *info = gc::annot::findFormat(format.toStdString());
    if (!session || !info || busy())
        return false;
    // The session's own file form is the snapshot handed to the worker: the GUI keeps working meanwhile.
    const std::string json = session->file()->toJson().toStdString();
    gc::annot::ExportOptions options;
    options.format = info->format;
    options.dialect = dialect.toStdString();
    options.includeUnaccepted = includeUnaccepted;
    options.readEmbeddedImage = readEmbeddedImage;
    const std::string path = localPath(output).toStdString();
    start([this, json, options, path] {
        bool ok = false;
        QString message;
        const gc::annot::ImportResult read = gc::annot::readSession(json, "session");
        if (!read.ok) {
            message = tr("The session could not be prepared for export: %1").arg(QString::fromStdString(read.error.describe()));
        } else {
            gc::annot::Progress progress;
            progress.onProgress = [this](size_t done, size_t total) {
                QMetaObject::invokeMethod(this, [this, done, total] {
                    m_progress = total ? double(done) / double(total) : 1.0;
                    emit progressChanged();
                });
            };
            progress.shouldCancel = [this] { return m_cancel.load(); };
            const gc::annot::ExportResult r = gc::annot::exportDataset(read.dataset, path, options, progress);
            ok = r.ok;
            if (r.cancelled)
                message = tr("Export cancelled; nothing was written.");
            else if (!r.ok)
                message = tr("Export failed: %1").arg(QString::fromStdString(r.error));
            else
                message = tr("Exported %n region(s) of %1 image(s).", "", int(r.regions)).arg(r.images) +
                          warningLines(r.warnings);
        }
        QMetaObject::invokeMethod(this, [this, ok, message] { done(ok, message); });
    });
    return true;
}

bool AnnotationIO::importInto(Session *session, const QString &format, const QString &dialect, const QUrl &input)
{
    const gc::annot::FormatInfo *info = gc::annot::findFormat(format.toStdString());
    if (!session || !info || busy())
        return false;
    gc::annot::ImportOptions options;
    options.format = info->format;
    options.dialect = dialect.toStdString();
    options.imageSize = [](const std::string &p) {
        const QSize s = QImageReader(QString::fromStdString(p)).size();
        return gc::SizeI{s.width(), s.height()};
    };
    const std::string path = localPath(input).toStdString();
    QPointer<Session> target(session);
    start([this, options, path, target] {
        gc::annot::Progress progress;
        progress.shouldCancel = [this] { return m_cancel.load(); };
        const gc::annot::ImportResult r = gc::annot::importDataset(path, options, progress);
        const std::string json = r.ok ? gc::annot::writeSession(r.dataset) : std::string();
        const QString error = r.cancelled ? tr("Import cancelled; the session is unchanged.")
                                          : QString::fromStdString(r.error.describe());
        const bool ok = r.ok;
        QMetaObject::invokeMethod(this, [this, ok, json, error, target, path] {
            if (!ok || !target) {
                done(false, tr("Import failed: %1").arg(error));
                return;
            }
            // the dataset's folder is the session's: its images there load, others wait for the user
            const QFileInfo in(QString::fromStdString(path));
            QString why;
            if (!target->file()->fromJson(QByteArray::fromStdString(json), &why, nullptr,
                                  in.isDir() ? in.absoluteFilePath() : in.absolutePath())) {
                done(false, tr("Import failed: %1").arg(why));
                return;
            }
            done(true, tr("Imported %n image(s).", "", target->images()->rowCount()));
        });
    });
    return true;
}
