#include "hubsnapshotlist.h"

#include "hubpull.h"
#include "hubsnapshots.h"
#include "runtime/architecture_check.h"
#include "weightformatlist.h"

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
    for (const HubSnapshot &s : findHubSnapshots(where.effectiveCacheDir())) {
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
