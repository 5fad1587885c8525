#include "hubsnapshotlist.h"

#include "hubpull.h"
#include "hubsnapshots.h"
#include "modelfolders.h"
#include "runtime/architecture_check.h"
#include "weightformatlist.h"

#include <QFile>
#include <QUrl>

HubSnapshotList::HubSnapshotList(QObject *parent) : QObject(parent)
{
    refresh();
}

void HubSnapshotList::setCacheDir(const QString &dir)
{
    if (dir == m_cacheDir)
        return;
    m_cacheDir = dir;
    refresh();
}

void HubSnapshotList::refresh()
{
    HubPullOptions where;
    where.cacheDir = m_cacheDir;
    m_snapshots.clear();
    for (const HubSnapshot &s : findModelSnapshots(where.effectiveCacheDir())) {
        if (!gc::runtime::unsupportedArchitecture(s.config.toStdString()).empty())
            continue;
        m_snapshots << QVariantMap{{QStringLiteral("repoId"), s.repoId},
                                   {QStringLiteral("commit"), s.commit.left(12)},
                                   {QStringLiteral("folder"), s.folder},
                                   {QStringLiteral("refs"), s.refs.join(QLatin1String(", "))},
                                   {QStringLiteral("size"), WeightFormatList::memoryText(s.bytes)}};
    }
    emit snapshotsChanged();
}

bool HubSnapshotList::addFolder(const QString &folder)
{
    const QString path = folder.startsWith(QLatin1String("file:")) ? QUrl(folder).toLocalFile() : folder;
    QFile config(path + QLatin1String("/config.json"));
    if (!config.open(QIODevice::ReadOnly) || !gc::runtime::unsupportedArchitecture(config.readAll().toStdString()).empty())
        return false;
    rememberModelFolder(path);
    refresh();
    return true;
}
