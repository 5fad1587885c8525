// The trust part of Session: which of a session's image paths GroundChat reads without asking, and what keeps
// an image from being shown. A session file from a stranger names its images by path, and any path at all:
// one in or below the session file's folder, in a folder the user opened images from, or built into the app is
// read as usual; any other is not touched (not shown, sent to a model, segmented or embedded) until the user
// agrees, and then its folder is trusted from then on.
#include "session.h"

#include "imagelimit.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>

#include <algorithm>

namespace {
// How many folders the app remembers: the most recent ones.
constexpr int kMaxTrustedFolders = 50;

// Whether the clean absolute `path` lies in `folder` (`below`: or in a folder under it).
bool within(const QString &path, const QString &folder, bool below)
{
    if (folder.isEmpty())
        return false;
    if (QFileInfo(path).path() == folder)
        return true;
    return below && path.startsWith(folder.endsWith(QLatin1Char('/')) ? folder : folder + QLatin1Char('/'));
}

struct Place {
    QString folder;    // as written
    QString canonical; // with every link resolved ("" when it does not exist)
    bool below;        // its subfolders too
};
} // namespace

SessionTrust::SessionTrust(Session &session) : m_session(session)
{
    connect(&m_session, &Session::currentImageChanged, this, &SessionTrust::currentImageProblemChanged);
    connect(&m_session, &Session::replaced, this, &SessionTrust::outsideImagesChanged);
}

void SessionTrust::setTrustedFolders(const QStringList &folders)
{
    if (folders == m_trustedFolders)
        return;
    m_trustedFolders = folders;
    emit trustedFoldersChanged();
}

QStringList SessionTrust::outsideImages() const
{
    QStringList out;
    for (const ImageEntry &e : m_session.images()->items())
        if (e.pending)
            out << e.path;
    return out;
}

QString SessionTrust::currentImageProblem() const
{
    const int current = m_session.currentImage();
    return current >= 0 ? m_session.images()->items()[current].problem : QString();
}

std::function<bool(const QString &)> SessionTrust::readableWithoutAsking(const QString &sessionFolder) const
{
    QList<Place> places;
    const auto add = [&](const QString &folder, bool below) {
        const QString clean = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
        places.append({clean, QFileInfo(clean).canonicalFilePath(), below});
    };
    if (!sessionFolder.isEmpty())
        add(sessionFolder, true);
    for (const QString &f : m_trustedFolders)
        add(f, false);
    return [places](const QString &path) {
        if (path.startsWith(QLatin1String(":/")))
            return true; // built into the app
        const auto in = [&](const QString &p, bool canonical) {
            return std::any_of(places.begin(), places.end(), [&](const Place &place) {
                return within(p, canonical ? place.canonical : place.folder, place.below);
            });
        };
        if (!in(path, false))
            return false;
        // a link in a trusted folder may lead anywhere: where it leads must be trusted too
        const QString real = QFileInfo(path).canonicalFilePath();
        return real.isEmpty() || in(real, true);
    };
}

void SessionTrust::trustFoldersOf(const QStringList &paths)
{
    QStringList folders = m_trustedFolders;
    for (const QString &path : paths) {
        if (path.startsWith(QLatin1String(":/")))
            continue;
        // the folder the path names and, through links, the one it lies in
        for (const QString &p : {path, QFileInfo(path).canonicalFilePath()}) {
            if (p.isEmpty())
                continue;
            const QString folder = QDir::cleanPath(QFileInfo(p).absolutePath());
            folders.removeAll(folder);
            folders.prepend(folder);
        }
    }
    setTrustedFolders(folders.mid(0, kMaxTrustedFolders));
    loadTrustedImages();
}

void SessionTrust::loadTrustedImages()
{
    const QString filePath = m_session.file()->filePath();
    const auto readable = readableWithoutAsking(filePath.isEmpty() ? QString() : QFileInfo(filePath).absolutePath());
    bool loaded = false;
    ImageListModel &images = *m_session.images();
    for (int i = 0; i < images.rowCount(); ++i) {
        ImageEntry e = images.items()[i];
        if (!e.pending || !readable(e.path))
            continue;
        e.pending = false;
        images.replace(i, e);
        loaded = true;
    }
    if (!loaded)
        return;
    emit outsideImagesChanged();
    checkImage(m_session.currentImage());
    emit m_session.currentImageChanged(); // its url: now it may load
}

void SessionTrust::loadOutsideImages() { trustFoldersOf(outsideImages()); }

void SessionTrust::checkImage(int row)
{
    ImageListModel &images = *m_session.images();
    if (row < 0 || row >= images.rowCount())
        return;
    ImageEntry e = images.items()[row];
    if (e.pending) {
        e.problem = Session::tr("Not loaded: %1 is outside the session's folder, and GroundChat reads it only if you agree.")
                        .arg(e.path);
    } else if (const QFileInfo file(e.path); !file.exists()) {
        e.problem = Session::tr("Cannot read %1: file not found").arg(e.path);
    } else if (file.isDir()) {
        e.problem = Session::tr("Cannot read %1: it is a folder").arg(e.path);
    } else if (!file.isReadable()) {
        e.problem = Session::tr("Cannot read %1: permission denied").arg(e.path);
    } else {
        // the header only: the canvas decodes the pixels off the GUI thread
        QImageReader reader(e.path);
        e.problem = !reader.canRead() ? Session::tr("Cannot read %1: %2").arg(e.path, reader.errorString())
                                      : ImageLimit::problem(e.path, ImageLimit::maxPixels());
    }
    const bool changed = e.problem != images.items()[row].problem;
    images.replace(row, e);
    if (changed && row == m_session.currentImage())
        emit currentImageProblemChanged();
}
