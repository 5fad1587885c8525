// The file part of Session: JSON files, written atomically, validated whole before anything is replaced.
#include "outlinebound.h"
#include "session.h"

#include "image_bytes.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace {
constexpr int kFormatVersion = 1;
const char kFormatName[] = "groundchat-session";
// A crash loses at most the last half second of work, or a second of an answer streaming in.
constexpr int kAutosaveQuietMs = 300;
constexpr int kAutosaveLatestMs = 1000;
// What an autosave keeps beside the session: the file it belongs to and whether it held unsaved changes.
const QString kAutosaveOf = QStringLiteral("autosaveOf");
const QString kAutosaveModified = QStringLiteral("autosaveModified");

struct TextPosition {
    int line = 1;
    int column = 1;
};

// Where a byte offset lies, as an editor shows it.
TextPosition textPosition(const QByteArray &text, int offset)
{
    TextPosition at;
    const QByteArray before = text.left(offset);
    at.line += int(before.count('\n'));
    at.column += int(before.size() - (before.lastIndexOf('\n') + 1));
    return at;
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

QByteArray SessionFile::toJson() const { return QJsonDocument(toJsonObject(false)).toJson(QJsonDocument::Indented); }

QJsonObject SessionFile::toJsonObject(bool embedImages, QStringList *notEmbedded) const
{
    QJsonArray images;
    for (int i = 0; i < m_session.imageCount(); ++i) {
        const ImageEntry &e = m_session.images()->items()[i];
        const DocumentState &doc = m_session.document(i);
        QJsonArray regions, messages;
        for (const RegionItem &r : doc.regions)
            regions.append(r.toJson());
        for (const ChatMessage &m : doc.messages)
            messages.append(m.toJson());
        QJsonObject image{{QStringLiteral("path"), e.path},
                       {QStringLiteral("width"), e.size.width()},
                                  {QStringLiteral("height"), e.size.height()},
                                  {QStringLiteral("regions"), regions},
                                  {QStringLiteral("messages"), messages},
                                  {QStringLiteral("nextRegion"), doc.nextRegion},
                                  {QStringLiteral("nextMark"), doc.nextMark},
                                  {QStringLiteral("nextAnswerRegion"), doc.nextAnswerRegion}};
        // an image not read yet stays unread; of the others, only the bytes of an image are embedded
        if (QFile file(e.path); embedImages && !e.pending && file.open(QIODevice::ReadOnly)) {
            const QByteArray bytes = file.readAll();
            if (decodesAsImage(bytes))
                image.insert(QStringLiteral("data"), QString::fromLatin1(bytes.toBase64()));
            else if (notEmbedded)
                notEmbedded->append(e.path);
        }
        images.append(image);
    }
    return {{QStringLiteral("format"), QString::fromLatin1(kFormatName)},
            {QStringLiteral("version"), kFormatVersion},
            {QStringLiteral("current"), m_session.currentImage()},
            {QStringLiteral("nextColor"), m_session.nextColor()},
            {QStringLiteral("images"), images}};
}

bool SessionFile::fromJson(const QByteArray &json, QString *error, QJsonObject *rootOut, const QString &folder)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull()) {
        const TextPosition at = textPosition(json, parseError.offset);
        *error = Session::tr("Line %1, column %2: the session file is damaged (%3).")
                     .arg(at.line)
                     .arg(at.column)
                     .arg(parseError.errorString());
        return false;
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kFormatName)) {
        *error = Session::tr("This is not a GroundChat session file.");
        return false;
    }
    if (root.value(QStringLiteral("version")).toInt() > kFormatVersion) {
        *error = Session::tr("This session was saved by a newer GroundChat.");
        return false;
    }
    QList<ImageEntry> images;
    QList<DocumentState> documents;
    const auto readable = m_session.trust()->readableWithoutAsking(folder);
    int simplified = 0;
    double deviation = 0;
    const QJsonArray list = root.value(QStringLiteral("images")).toArray();
    for (int i = 0; i < list.size(); ++i) {
        const QJsonObject o = list[i].toObject();
        ImageEntry e{o.value(QStringLiteral("path")).toString(),
                     QSize(o.value(QStringLiteral("width")).toInt(), o.value(QStringLiteral("height")).toInt())};
        if (e.path.isEmpty() || !e.size.isValid()) {
            *error = Session::tr("Image %1 of the session has no path or size.").arg(i + 1);
            return false;
        }
        // relative to the session file, as labelme has it, wherever the app was started from
        if (!e.path.startsWith(QLatin1String(":/")))
            e.path = QDir::cleanPath(folder.isEmpty() ? QFileInfo(e.path).absoluteFilePath() : QDir(folder).absoluteFilePath(e.path));
        e.pending = !readable(e.path);
        if (o.contains(QStringLiteral("data")) && (e.pending || !QFileInfo::exists(e.path))) {
            // an embedded image whose original is not on this machine, or not to be read: unpack the session's
            // own copy next to the app's data
            const QByteArray bytes = QByteArray::fromBase64(o.value(QStringLiteral("data")).toString().toLatin1());
            if (!decodesAsImage(bytes)) {
                *error = Session::tr("The embedded image %1 of the session is not an image.").arg(i + 1);
                return false;
            }
            const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/embedded");
            QDir().mkpath(dir);
            const QString unpacked = dir + QLatin1Char('/') +
                                     QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex()) +
                                     QLatin1Char('-') + QFileInfo(e.path).fileName();
            QFile out(unpacked);
            if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size()) {
                *error = Session::tr("The embedded image %1 could not be unpacked.").arg(i + 1);
                return false;
            }
            e.path = unpacked;
            e.pending = false;
        }
        DocumentState d;
        const QJsonArray regions = o.value(QStringLiteral("regions")).toArray();
        for (int k = 0; k < regions.size(); ++k) {
            bool ok = false;
            d.regions.append(RegionItem::fromJson(regions[k].toObject(), &ok));
            if (!ok) {
                *error = Session::tr("Region %1 of image %2 is malformed.").arg(k + 1).arg(i + 1);
                return false;
            }
            if (const double by = OutlineBound::apply(d.regions.last(), e.size); by > 0) {
                ++simplified;
                deviation = std::max(deviation, by);
            }
        }
        const QJsonArray messages = o.value(QStringLiteral("messages")).toArray();
        for (int k = 0; k < messages.size(); ++k) {
            bool ok = false;
            d.messages.append(ChatMessage::fromJson(messages[k].toObject(), &ok));
            if (!ok) {
                *error = Session::tr("Message %1 of image %2 is malformed.").arg(k + 1).arg(i + 1);
                return false;
            }
        }
        d.nextRegion = std::max(1, o.value(QStringLiteral("nextRegion")).toInt(1));
        d.nextMark = std::max(1, o.value(QStringLiteral("nextMark")).toInt(1));
        d.nextAnswerRegion = std::max(1, o.value(QStringLiteral("nextAnswerRegion")).toInt(1));
        images.append(e);
        documents.append(d);
    }
    // Everything checked: now replace the session.
    m_restoredUnsaved = false;
    m_session.replace(images, documents, root.value(QStringLiteral("nextColor")).toInt(),
                      root.value(QStringLiteral("current")).toInt(images.isEmpty() ? -1 : 0));
    emit modifiedChanged();
    scheduleAutosave();
    if (rootOut)
        *rootOut = root;
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
    file.write(QJsonDocument(toJsonObject(m_embedImages, &notImages)).toJson(QJsonDocument::Indented));
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
    QJsonObject root = toJsonObject(false);
    root.insert(kAutosaveOf, m_filePath);
    root.insert(kAutosaveModified, modified());
    QDir().mkpath(QFileInfo(m_autosavePath).absolutePath());
    QSaveFile file(m_autosavePath);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(QJsonDocument(root).toJson(QJsonDocument::Compact));
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
    QJsonObject root;
    if (!fromJson(file.readAll(), &error, &root)) {
        m_session.fail(Session::tr("The autosaved session could not be restored: %1").arg(error));
        return false;
    }
    m_filePath = root.value(kAutosaveOf).toString();
    emit filePathChanged();
    m_session.trust()->loadTrustedImages(); // those in the folder of the session's file
    m_restoredUnsaved = root.value(kAutosaveModified).toBool(true); // older autosaves did not say
    emit modifiedChanged();
    return true;
}

void SessionFile::discardAutosave()
{
    m_autosaveTimer.stop();
    if (!m_autosavePath.isEmpty())
        QFile::remove(m_autosavePath);
}
