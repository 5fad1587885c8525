#pragma once

// Where a pull writes. Verified files wait in a store under their ETag (the cache's blobs/, or a hidden
// folder inside a plain --dir folder) and become a model folder only when every file of the snapshot is
// there: a snapshot is complete or absent, never half a model.
#include "hubrevision.h"

class HubTarget
{
public:
    // The Hugging Face cache layout: {cacheDir}/models--{owner}--{name}/{blobs,snapshots,refs}.
    static HubTarget cache(const QString &cacheDir, const QString &repoId);
    // A plain folder holding the files under their own names (huggingface_hub's local_dir).
    static HubTarget folder(const QString &dir);

    [[nodiscard]] QString storeDir() const { return m_store; }
    [[nodiscard]] QString blobPath(const HubFile &file) const;
    // What a download is written to until its size and checksum are right.
    [[nodiscard]] QString tempPath(const HubFile &file) const { return blobPath(file) + QLatin1String(".incomplete"); }
    // Makes the stored files the model folder (cache: snapshots/{commit}/ links into blobs/ and
    // refs/{revision} naming the commit) and returns it; throws std::runtime_error when it cannot.
    [[nodiscard]] QString publish(const HubRevision &revision, const QList<HubFile> &files,
                                  const QString &requestedRevision) const;

private:
    HubTarget() = default;
    QString m_repoDir; // cache: models--owner--name; folder: the folder itself
    QString m_store;
    bool m_cache = true;
};
