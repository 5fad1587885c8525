// The file part of Session: JSON files (annotate/session_document.h owns the format), written atomically,
// validated whole before anything is replaced.
#include "outlinebound.h"
#include "session_convert.h"
#include "session.h"

#include "image_bytes.h"

#include "annotate/session_timeline.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace {
namespace annot = gc::annot;

// A crash loses at most the last half second of work, or a second of an answer streaming in.
constexpr int kAutosaveQuietMs = 300;
constexpr int kAutosaveLatestMs = 1000;

std::string utf8(const QString &s) { return s.toStdString(); }
QString qtext(const std::string &s) { return QString::fromStdString(s); }

// The name an embedded image unpacks to: its bytes' SHA-1 and its own name, so that opening the session again (in
// this run or any later one, on any machine) finds the same file. A digest of the file's bytes, stable by
// design; the engine's io::imageHash of decoded pixels is a cache key for one process and answers a different
// question.
QString contentName(const QByteArray &bytes, const QString &fileName)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex()) + QLatin1Char('-') +
           fileName;
}

// The reader's problem in the user's language.
QString describe(const annot::SessionError &e)
{
    switch (e.kind) {
    case annot::SessionError::Kind::Damaged:
        return Session::tr("Line %1, column %2: the session file is damaged (%3).")
            .arg(e.line)
            .arg(e.column)
            .arg(qtext(e.detail));
    case annot::SessionError::Kind::NotASession:
        return Session::tr("This is not a GroundChat session file.");
    case annot::SessionError::Kind::Newer:
        return Session::tr("This session was saved by a newer GroundChat.");
    case annot::SessionError::Kind::Image:
        return Session::tr("Image %1 of the session has no path or size.").arg(e.image);
    case annot::SessionError::Kind::Region:
        return Session::tr("Region %1 of image %2 is malformed.").arg(e.item).arg(e.image);
    case annot::SessionError::Kind::Message:
        return Session::tr("Message %1 of image %2 is malformed.").arg(e.item).arg(e.image);
    case annot::SessionError::Kind::Timeline:
        return Session::tr("Event %1 of the session's timeline is malformed.").arg(e.item);
    }
    return qtext(e.describe());
}
} // namespace

SessionFile::SessionFile(Session &session) : m_session(session)
{
    m_autosaveTimer.setSingleShot(true);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &SessionFile::writeAutosave);
    connect(&m_session, &Session::edited, this, &SessionFile::scheduleAutosave);
    connect(&m_session, &Session::cleanChanged, this, &SessionFile::modifiedChanged);
}

SessionFile::~SessionFile()
{
    if (m_autosaveTimer.isActive())
        writeAutosave(); // while the histories still say whether the session was modified
}

bool SessionFile::modified() const { return m_restoredUnsaved || !m_session.clean(); }

void SessionFile::setAutosavePath(const QString &path)
{
    if (path == m_autosavePath)
        return;
    m_autosavePath = path;
    emit autosavePathChanged();
}

QByteArray SessionFile::toJson() const { return toFileText(false); }

QByteArray SessionFile::toFileText(bool embedImages, QStringList *notEmbedded, const AutosaveNote *autosave) const
{
    annot::SessionDocument file;
    file.current = m_session.currentImage();
    file.nextColor = m_session.nextColor();
    file.images.reserve(size_t(m_session.imageCount()));
    for (int i = 0; i < m_session.imageCount(); ++i) {
        const ImageEntry &e = m_session.images()->items()[i];
        const DocumentState &doc = m_session.document(i);
        annot::SessionImage image;
        image.path = utf8(e.path);
        image.size = {e.size.width(), e.size.height()};
        image.regions.reserve(size_t(doc.regions.size()));
        for (const RegionItem &r : doc.regions)
            image.regions.push_back(fileRegion(r));
        for (const ChatMessage &m : doc.messages)
            image.messages.push_back(fileMessage(m));
        image.nextRegion = doc.nextRegion;
        image.nextMark = doc.nextMark;
        image.nextAnswerRegion = doc.nextAnswerRegion;
        // an image not read yet stays unread; of the others, only the bytes of an image are embedded
        if (QFile in(e.path); embedImages && !e.pending && in.open(QIODevice::ReadOnly)) {
            const QByteArray bytes = in.readAll();
            if (decodesAsImage(bytes))
                image.data = bytes.toBase64().toStdString();
            else if (notEmbedded)
                notEmbedded->append(e.path);
        }
        file.images.push_back(std::move(image));
    }
    file.timeline = m_session.recording()->timeline();
    if (autosave) {
        file.autosaveOf = utf8(autosave->of);
        file.autosaveModified = autosave->modified;
    }
    return QByteArray::fromStdString(annot::writeSessionDocument(file, !autosave));
}

bool SessionFile::fromJson(const QByteArray &json, QString *error, AutosaveNote *autosave, const QString &folder)
{
    annot::SessionRead read = annot::readSessionDocument(std::string_view(json.constData(), size_t(json.size())));
    if (!read.ok) {
        *error = describe(read.error);
        return false;
    }
    annot::SessionDocument &file = read.document;
    annot::SessionTimeline timeline = file.timeline ? std::move(*file.timeline) : annot::evenTimeline(file);
    QList<ImageEntry> images;
    QList<DocumentState> documents;
    images.reserve(qsizetype(file.images.size()));
    documents.reserve(qsizetype(file.images.size()));
    const auto readable = m_session.trust()->readableWithoutAsking(folder);
    int simplified = 0;
    double deviation = 0;
    for (size_t i = 0; i < file.images.size(); ++i) {
        annot::SessionImage &o = file.images[i];
        ImageEntry e{qtext(o.path), QSize(o.size.width, o.size.height)};
        // relative to the session file, as labelme has it, wherever the app was started from
        if (!e.path.startsWith(QLatin1String(":/")))
            e.path = QDir::cleanPath(folder.isEmpty() ? QFileInfo(e.path).absoluteFilePath() : QDir(folder).absoluteFilePath(e.path));
        e.pending = !readable(e.path);
        if (!o.data.empty() && (e.pending || !QFileInfo::exists(e.path))) {
            // an embedded image whose original is not on this machine, or not to be read: unpack the session's
            // own copy next to the app's data
            const QByteArray bytes = QByteArray::fromBase64(QByteArray::fromStdString(o.data));
            if (!decodesAsImage(bytes)) {
                *error = Session::tr("The embedded image %1 of the session is not an image.").arg(i + 1);
                return false;
            }
            const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/embedded");
            QDir().mkpath(dir);
            const QString unpacked = dir + QLatin1Char('/') + contentName(bytes, QFileInfo(e.path).fileName());
            QFile out(unpacked);
            if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size()) {
                *error = Session::tr("The embedded image %1 could not be unpacked.").arg(i + 1);
                return false;
            }
            e.path = unpacked;
            e.pending = false;
        }
        DocumentState d;
        d.regions.reserve(qsizetype(o.regions.size()));
        for (const annot::SessionRegion &r : o.regions) {
            d.regions.append(appRegion(r));
            if (const double by = OutlineBound::apply(d.regions.last(), e.size); by > 0) {
                ++simplified;
                deviation = std::max(deviation, by);
            }
        }
        for (const annot::SessionMessage &m : o.messages)
            d.messages.append(appMessage(m));
        d.nextRegion = o.nextRegion;
        d.nextMark = o.nextMark;
        d.nextAnswerRegion = o.nextAnswerRegion;
        o = {}; // what is converted is let go, so a large session is not held twice
        images.append(std::move(e));
        documents.append(std::move(d));
    }
    // Everything checked: now replace the session.
    m_restoredUnsaved = false;
    m_session.recording()->setTimeline(std::move(timeline));
    m_session.replace(images, documents, file.nextColor, images.isEmpty() ? -1 : file.current);
    emit modifiedChanged();
    scheduleAutosave();
    if (autosave)
        *autosave = {qtext(file.autosaveOf.value_or(std::string())), file.autosaveModified.value_or(true)};
    if (simplified > 0)
        m_session.fail(Session::tr("%n polygon(s) had more than %1 points and were simplified (by at most %2 pixels).", "", simplified)
                 .arg(OutlineBound::kMaxPoints)
                 .arg(deviation, 0, 'f', 1));
    return true;
}

bool SessionFile::save(const QUrl &url) { return saveToPath(url.isLocalFile() ? url.toLocalFile() : url.toString()); }

bool SessionFile::saveToPath(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_session.fail(Session::tr("The session could not be saved to %1: %2").arg(path, file.errorString()));
        return false;
    }
    QStringList notImages;
    file.write(toFileText(m_embedImages, &notImages));
    if (!file.commit()) {
        m_session.fail(Session::tr("The session could not be saved to %1: %2").arg(path, file.errorString()));
        return false;
    }
    if (!notImages.isEmpty())
        m_session.fail(Session::tr("Saved, but %n file(s) of the session are not images and were not embedded: %1", "", int(notImages.size()))
                 .arg(notImages.join(QStringLiteral(", "))));
    m_session.markClean();
    m_restoredUnsaved = false;
    emit modifiedChanged();
    if (m_filePath != path) {
        m_filePath = path;
        emit filePathChanged();
    }
    return true;
}

bool SessionFile::open(const QUrl &url) { return openPath(url.isLocalFile() ? url.toLocalFile() : url.toString()); }

bool SessionFile::openPath(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_session.fail(Session::tr("%1 could not be opened: %2").arg(path, file.errorString()));
        return false;
    }
    QString error;
    if (!fromJson(file.readAll(), &error, nullptr, QFileInfo(path).absolutePath())) {
        m_session.fail(Session::tr("%1 could not be opened: %2").arg(path, error));
        return false;
    }
    m_filePath = path;
    emit filePathChanged();
    return true;
}

bool SessionFile::openAsUntitled(const QString &path)
{
    if (!openPath(path))
        return false;
    m_filePath.clear();
    emit filePathChanged();
    return true;
}

void SessionFile::clear()
{
    QString error; // an empty session always reads
    fromJson(QByteArrayLiteral("{\"format\":\"groundchat-session\",\"version\":1,\"images\":[]}"), &error);
    m_filePath.clear();
    emit filePathChanged();
}

void SessionFile::scheduleAutosave()
{
    if (m_autosavePath.isEmpty())
        return;
    if (!m_autosaveTimer.isActive())
        m_autosaveWaiting.start();
    m_autosaveTimer.start(int(std::clamp<qint64>(kAutosaveLatestMs - m_autosaveWaiting.elapsed(), 0, kAutosaveQuietMs)));
}

void SessionFile::writeAutosave()
{
    m_autosaveTimer.stop();
    if (m_autosavePath.isEmpty())
        return;
    // the images stay where the session has them: copying them in would make every autosave slow
    const AutosaveNote note{m_filePath, modified()};
    const QByteArray text = toFileText(false, nullptr, &note);
    QDir().mkpath(QFileInfo(m_autosavePath).absolutePath());
    QSaveFile file(m_autosavePath);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(text);
        file.commit();
    }
}

QString SessionFile::suggestedFolder() const
{
    if (!m_filePath.isEmpty())
        return QFileInfo(m_filePath).absolutePath();
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QDir(documents).exists() ? documents : QDir::homePath();
}

QString SessionFile::defaultAutosavePath() const
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/autosave.gcsession");
}

bool SessionFile::hasAutosave() const { return !m_autosavePath.isEmpty() && QFileInfo::exists(m_autosavePath); }

bool SessionFile::restoreAutosave()
{
    if (!hasAutosave())
        return false;
    QFile file(m_autosavePath);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QString error;
    AutosaveNote note;
    if (!fromJson(file.readAll(), &error, &note)) {
        m_session.fail(Session::tr("The autosaved session could not be restored: %1").arg(error));
        return false;
    }
    m_filePath = note.of;
    emit filePathChanged();
    m_session.trust()->loadTrustedImages(); // those in the folder of the session's file
    m_restoredUnsaved = note.modified;
    emit modifiedChanged();
    return true;
}

void SessionFile::discardAutosave()
{
    m_autosaveTimer.stop();
    if (!m_autosavePath.isEmpty())
        QFile::remove(m_autosavePath);
}
