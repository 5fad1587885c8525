#pragma once

// The model snapshots already in a Hugging Face cache, whoever downloaded them (GroundChat or Python tools).
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

struct HubSnapshot {
    QString repoId;
    QString commit;
    QString folder;     // snapshots/{commit}
    QStringList refs;   // the refs ("main") that name this commit
    qint64 bytes = 0;   // the files it holds (blobs they link to)
    QByteArray config;  // its config.json
};

// Every snapshot under `cacheDir` that has a config.json, newest commit first per repository.
[[nodiscard]] QList<HubSnapshot> findHubSnapshots(const QString &cacheDir);

// Removes a repository's folder (blobs, snapshots, refs) from the cache; false with `error` set when there
// is none or it cannot be removed.
bool removeHubRepo(const QString &cacheDir, const QString &repoId, QString *error);
