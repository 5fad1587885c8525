#include "hubtarget.h"

#include "io/hf_cache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <stdexcept>

namespace {

void makeParent(const QString &path)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        throw std::runtime_error("cannot create the folder for " + path.toStdString());
}

} // namespace

HubTarget HubTarget::cache(const QString &cacheDir, const QString &repoId)
{
    HubTarget t;
    t.m_repoDir = cacheDir + QLatin1Char('/') + QString::fromStdString(gc::io::hfRepoFolderName(repoId.toStdString()));
    t.m_store = t.m_repoDir + QLatin1String("/blobs");
    return t;
}

HubTarget HubTarget::folder(const QString &dir)
{
    HubTarget t;
    t.m_cache = false;
    t.m_repoDir = dir;
    // where huggingface_hub keeps a local_dir's downloads in progress
    t.m_store = dir + QLatin1String("/.cache/huggingface/download");
    return t;
}

QString HubTarget::blobPath(const HubFile &file) const
{
    return m_store + QLatin1Char('/') + file.etag();
}

QString HubTarget::publish(const HubRevision &revision, const QList<HubFile> &files,
                           const QString &requestedRevision) const
{
    if (!m_cache) {
        for (const HubFile &f : files) {
            const QString target = m_repoDir + QLatin1Char('/') + f.path;
            makeParent(target);
            QFile::remove(target);
            // a blob serves every path with the same content: the last of them takes it, the others copy it
            const bool shared = std::count_if(files.begin(), files.end(),
                                              [&](const HubFile &o) { return o.etag() == f.etag(); }) > 1;
            const bool ok = shared ? QFile::copy(blobPath(f), target) : QFile::rename(blobPath(f), target);
            if (!ok)
                throw std::runtime_error("cannot move " + f.path.toStdString() + " into " + m_repoDir.toStdString());
        }
        for (const HubFile &f : files)
            QFile::remove(blobPath(f));
        QDir(m_store).removeRecursively();
        QDir(m_repoDir).rmpath(QStringLiteral(".cache/huggingface"));
        return m_repoDir;
    }
    const QString snapshot = m_repoDir + QLatin1String("/snapshots/") + revision.commit;
    for (const HubFile &f : files) {
        const QString link = snapshot + QLatin1Char('/') + f.path;
        makeParent(link);
        // relative, as huggingface_hub makes them, so that the cache can move
        const QString target = QDir(QFileInfo(link).absolutePath()).relativeFilePath(blobPath(f));
        QFile::remove(link);
        if (!QFile::link(target, link))
            throw std::runtime_error("cannot link " + link.toStdString());
    }
    if (requestedRevision != revision.commit) {
        const QString ref = m_repoDir + QLatin1String("/refs/") + requestedRevision;
        makeParent(ref);
        QSaveFile out(ref);
        if (!out.open(QIODevice::WriteOnly) || out.write(revision.commit.toLatin1()) < 0 || !out.commit())
            throw std::runtime_error("cannot write " + ref.toStdString());
    }
    return snapshot;
}
