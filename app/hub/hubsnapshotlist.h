#pragma once

// The model picker's list of models already downloaded: every snapshot in the Hugging Face cache whose
// config.json names an architecture GroundChat runs, whoever downloaded it.
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

signals:
    void snapshotsChanged();

private:
    QString m_cacheDir;
    QVariantList m_snapshots;
};
