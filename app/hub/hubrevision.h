#pragma once

// A model repository at one commit as the Hub's API describes it:
// GET {endpoint}/api/models/{repo}/revision/{rev}?blobs=true answers the commit ("sha") and every file
// ("siblings": rfilename, size, blobId = git blob sha1, and lfs.sha256 for files kept in LFS).
#include <QByteArray>
#include <QList>
#include <QString>

struct HubFile {
    QString path;     // relative to the repository root, '/'-separated
    qint64 size = 0;
    QString blobId;   // git blob sha1 (what the Hub's ETag is for a regular file)
    QString sha256;   // LFS object id (what X-Linked-Etag is); empty for a regular file

    // huggingface_hub names a blob after its ETag: the sha256 for LFS files, the git sha1 otherwise.
    [[nodiscard]] QString etag() const { return sha256.isEmpty() ? blobId : sha256; }
};

struct HubRevision {
    QString repoId;
    QString commit;
    QString gated; // "", "auto" or "manual"
    QList<HubFile> files;
};

// The revision from the API's JSON; throws std::runtime_error when it is not one.
[[nodiscard]] HubRevision parseHubRevision(const QString &repoId, const QByteArray &json);

// Why a Hub request failed, in words a user can act on, from the status and the Hub's X-Error-Code header
// (GatedRepo, RepoNotFound, RevisionNotFound, EntryNotFound). `what` names the request ("config.json").
[[nodiscard]] QString hubErrorMessage(const QString &endpoint, const QString &repoId, const QString &revision,
                                      const QString &what, int status, const QByteArray &errorCode,
                                      bool hadToken);
