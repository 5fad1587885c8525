#pragma once

// A stand-in for the Hugging Face Hub on 127.0.0.1, inside the test process: it serves folders as model
// repositories the way the Hub does (the API's revision listing with sizes, blob ids and LFS sha256;
// resolve/{rev}/{file} answering regular files itself and redirecting LFS files to a storage path with
// X-Linked-Etag and X-Linked-Size; Range requests; 401/403 with X-Error-Code GatedRepo for gated
// repositories; RepoNotFound, RevisionNotFound, EntryNotFound). Faults are set per test.
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTcpServer>

class QTcpSocket;

class HubTestServer : public QObject
{
    Q_OBJECT
public:
    HubTestServer();
    [[nodiscard]] QString url() const;

    // Serves every file under `folder` (and `extra` files: path → bytes) as `repoId` at one commit.
    void addRepo(const QString &repoId, const QString &folder, bool gated = false,
                 const QMap<QString, QByteArray> &extra = {});
    [[nodiscard]] QString commitOf(const QString &repoId) const;
    [[nodiscard]] static QByteArray gitBlobId(const QByteArray &content);

    QByteArray token = "hf_stand_in_token_0123456789"; // the one that opens gated repositories
    // Faults. cutAfter: the next download of that file stops after so many body bytes (then it is forgotten).
    QHash<QString, qint64> cutAfter;
    QHash<QString, qint64> hangAfter; // the same, but the connection stays open and silent
    QSet<QString> corrupt;          // files served with one byte changed
    int failNext = 0;               // the next so many file requests get 503
    int bytesPerSecond = 0;         // slow mode (0: as fast as it can)
    QHash<QString, qint64> listedSize; // a size the listing gives instead of the real one
    QString lfsOrigin;                 // where LFS redirects lead ("": this server's own origin)

    QList<QByteArray> requests;       // request targets, in order
    QList<QByteArray> ranges;         // the Range header of each file request ("" when none)
    QList<QByteArray> authorizations; // the Authorization header of every request
    QList<QByteArray> storageAuthorizations; // the same, of the requests to the LFS storage path
    [[nodiscard]] int requestsFor(const QString &file) const; // resolve requests for that path

private:
    struct File {
        QByteArray content;
        QString blobId, sha256;
        [[nodiscard]] bool lfs() const { return !sha256.isEmpty(); }
    };
    struct Repo {
        QString commit;
        bool gated = false;
        QMap<QString, File> files;
    };
    void handle(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const QByteArray &target, const QByteArray &range, const QByteArray &auth);
    void sendFile(QTcpSocket *socket, const QString &path, const File &file, const QByteArray &range,
                  const QByteArray &extraHeaders);
    static void send(QTcpSocket *socket, int status, const QByteArray &headers, const QByteArray &body);

    QTcpServer m_server;
    QHash<QString, Repo> m_repos;
};
