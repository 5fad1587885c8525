#include "modelfolders.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

#include <algorithm>

namespace {

const QString kFolders = QStringLiteral("models/folders"); // [{folder, repo, commit}]

QString absolute(const QString &folder)
{
    return QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
}

} // namespace

void rememberModelFolder(const QString &folder, const QString &repoId, const QString &commit)
{
    QSettings settings;
    const QString path = absolute(folder);
    QVariantList kept;
    for (const QVariant &v : settings.value(kFolders).toList())
        if (v.toMap().value(QStringLiteral("folder")).toString() != path)
            kept << v;
    kept << QVariantMap{{QStringLiteral("folder"), path}, {QStringLiteral("repo"), repoId}, {QStringLiteral("commit"), commit}};
    settings.setValue(kFolders, kept);
}

QList<HubSnapshot> rememberedModelFolders()
{
    QSettings settings;
    const QVariantList remembered = settings.value(kFolders).toList();
    QVariantList kept;
    QList<HubSnapshot> found;
    for (const QVariant &v : remembered) {
        const QVariantMap entry = v.toMap();
        const QString folder = entry.value(QStringLiteral("folder")).toString();
        QFile config(folder + QLatin1String("/config.json"));
        if (folder.isEmpty() || !config.open(QIODevice::ReadOnly))
            continue;
        kept << v;
        const QString repo = entry.value(QStringLiteral("repo")).toString();
        const QList<SnapshotFile> files = snapshotFiles(folder);
        found << HubSnapshot{repo.isEmpty() ? QFileInfo(folder).fileName() : repo,
                             entry.value(QStringLiteral("commit")).toString(), folder, {}, totalBytes(files),
                             config.readAll(), files};
    }
    if (kept.isEmpty())
        settings.remove(kFolders); // an empty list is written as @Invalid()
    else if (kept.size() != remembered.size())
        settings.setValue(kFolders, kept);
    return found;
}

QList<HubSnapshot> findModelSnapshots(const QString &cacheDir)
{
    QList<HubSnapshot> all = findHubSnapshots(cacheDir);
    for (const HubSnapshot &s : rememberedModelFolders())
        if (std::none_of(all.begin(), all.end(), [&](const HubSnapshot &c) { return absolute(c.folder) == s.folder; }))
            all << s;
    return all;
}
