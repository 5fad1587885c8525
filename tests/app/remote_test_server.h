#pragma once

// An OpenAI-compatible server inside the test process, on a loopback address (127.0.0.1 unless told): it reads one HTTP/1.1 request
// per connection and answers with a scripted reply, written in pieces so that the client sees the stream
// split wherever the test wants. Faults (error statuses, hangs, resets) are scripted the same way.
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

class RemoteTestServer : public QObject
{
    Q_OBJECT
public:
    struct Reply {
        int status = 200;
        QByteArray contentType = "text/event-stream";
        QList<QByteArray> pieces; // body, written one piece at a time
        int pauseMs = 1;          // between pieces
        enum class End { Close, Hang, Reset } end = End::Close;
        QByteArray location; // a Location header, for redirects
    };

    explicit RemoteTestServer(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost));
    [[nodiscard]] QString url() const;

    // How chat requests are answered (default: the queue below, the last entry repeating).
    std::function<Reply(const QJsonObject &request)> onChat;
    QList<Reply> chatReplies;
    Reply modelsReply;
    QHash<QByteArray, Reply> byPath; // answers for exact request paths, before the ones above


    QList<QJsonObject> chatRequests;    // request bodies, in order
    QList<QByteArray> authorizations;   // Authorization header of every request
    int clientsGone = 0;                // connections the client closed

    // chat.completion.chunk events carrying `pieces` as deltas, then a finish chunk, a usage chunk and
    // [DONE] (each optional), framed as vLLM frames them ("\n\n"), or with "\r\n" line ends.
    static QByteArray sse(const QStringList &pieces, bool finish = true, bool done = true, bool crlf = false);
    // The answer cut into token-like pieces of 1..4 characters (deterministic).
    static QStringList tokens(const QString &answer);
    // The bytes cut at irregular positions of 1..`maxLen` bytes, so that "\r\n", "data:", JSON and UTF-8
    // sequences are split (deterministic for a seed).
    static QList<QByteArray> splitAwkwardly(const QByteArray &bytes, int maxLen, quint32 seed);
    static Reply models(const QStringList &ids);
    static Reply error(int status, const QByteArray &jsonBody);
    static Reply redirect(int status, const QByteArray &location);

private:
    void handle(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const Reply &reply);

    QTcpServer m_server;
};

// Runs the event loop until done() or the timeout (QTRY_* sleeps between polls, which would slow the
// in-process server that shares this thread). Returns done().
bool waitFor(const std::function<bool()> &done, int timeoutMs);
