#pragma once

// The model picker's list of models on disk whose config.json names an architecture GroundChat runs: every
// snapshot in the Hugging Face cache, whoever downloaded it, and the model folders GroundChat remembers
// (modelfolders.h: those `models pull --dir` wrote and those the user chose).
#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class HubSnapshotList : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString cacheDir READ cacheDir WRITE setCacheDir NOTIFY snapshotsChanged) // "": HF_HUB_CACHE…
    // Each: repoId, commit, folder, refs (text), size (text).
    Q_PROPERTY(QVariantList snapshots READ snapshots NOTIFY snapshotsChanged)

public:
    explicit HubSnapshotList(QObject *parent = nullptr);
    [[nodiscard]] QString cacheDir() const { return m_cacheDir; }
    void setCacheDir(const QString &dir);
    [[nodiscard]] QVariantList snapshots() const { return m_snapshots; }
    Q_INVOKABLE void refresh();
    // Remembers a model folder the user chose (a path or a file URL) when it holds a model GroundChat runs;
    // false for a folder that does not.
    Q_INVOKABLE bool addFolder(const QString &folder);

signals:
    void snapshotsChanged();

private:
    QString m_cacheDir;
    QVariantList m_snapshots;
};
