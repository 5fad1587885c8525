#include "hubsnapshots.h"

#include "io/hf_cache.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>

QList<SnapshotFile> snapshotFiles(const QString &folder)
{
    QList<SnapshotFile> files;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files << SnapshotFile{QDir(folder).relativeFilePath(path), QFileInfo(path).size()};
    }
    std::sort(files.begin(), files.end(), [](const SnapshotFile &a, const SnapshotFile &b) { return a.path < b.path; });
    return files;
}

qint64 totalBytes(const QList<SnapshotFile> &files)
{
    qint64 sum = 0;
    for (const SnapshotFile &f : files)
        sum += f.bytes;
    return sum;
}

QList<HubSnapshot> findHubSnapshots(const QString &cacheDir)
{
    QList<HubSnapshot> found;
    const QDir cache(cacheDir);
    for (const QString &repoFolder : cache.entryList({QStringLiteral("models--*")}, QDir::Dirs, QDir::Name)) {
        QString repoId = repoFolder.mid(8);
        repoId.replace(repoId.indexOf(QLatin1String("--")), 2, QLatin1Char('/'));
        const QDir repo(cache.filePath(repoFolder));
        QHash<QString, QStringList> refsOf;
        QDirIterator refs(repo.filePath(QStringLiteral("refs")), QDir::Files, QDirIterator::Subdirectories);
        while (refs.hasNext()) {
            const QString path = refs.next();
            QFile f(path);
            if (f.open(QIODevice::ReadOnly))
                refsOf[QString::fromLatin1(f.readAll().trimmed())]
                    << QDir(repo.filePath(QStringLiteral("refs"))).relativeFilePath(path);
        }
        const QDir snapshots(repo.filePath(QStringLiteral("snapshots")));
        for (const QFileInfo &s : snapshots.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time)) {
            QFile config(s.filePath() + QLatin1String("/config.json"));
            if (!config.open(QIODevice::ReadOnly))
                continue;
            const QList<SnapshotFile> files = snapshotFiles(s.filePath());
            found << HubSnapshot{repoId, s.fileName(), s.filePath(), refsOf.value(s.fileName()), totalBytes(files),
                                 config.readAll(), files};
        }
    }
    return found;
}

bool removeHubRepo(const QString &cacheDir, const QString &repoId, QString *error)
{
    const QString folder =
        cacheDir + QLatin1Char('/') + QString::fromStdString(gc::io::hfRepoFolderName(repoId.toStdString()));
    if (repoId.isEmpty() || repoId.contains(QLatin1String("..")) || !QFileInfo(folder).isDir()) {
        *error = QCoreApplication::translate("Hub", "%1 is not in %2.").arg(repoId, cacheDir);
        return false;
    }
    if (!QDir(folder).removeRecursively()) {
        *error = QCoreApplication::translate("Hub", "Cannot remove %1.").arg(folder);
        return false;
    }
    return true;
}
