#pragma once

// The model snapshots already in a Hugging Face cache, whoever downloaded them (GroundChat or Python tools).
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

struct SnapshotFile {
    QString path; // relative to the snapshot's folder
    qint64 bytes = 0;
};

struct HubSnapshot {
    QString repoId;
    QString commit;
    QString folder;     // snapshots/{commit}
    QStringList refs;   // the refs ("main") that name this commit
    qint64 bytes = 0;   // the files it holds (blobs they link to)
    QByteArray config;  // its config.json
    QList<SnapshotFile> files; // by name
};

// The files under a snapshot's folder (links followed: a cache snapshot's bytes are its blobs'), by name.
[[nodiscard]] QList<SnapshotFile> snapshotFiles(const QString &folder);
[[nodiscard]] qint64 totalBytes(const QList<SnapshotFile> &files);

// Every snapshot under `cacheDir` that has a config.json, newest commit first per repository.
[[nodiscard]] QList<HubSnapshot> findHubSnapshots(const QString &cacheDir);

// Removes a repository's folder (blobs, snapshots, refs) from the cache; false with `error` set when there
// is none or it cannot be removed.
bool removeHubRepo(const QString &cacheDir, const QString &repoId, QString *error);
