#include "remote_test_server.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

RemoteTestServer::RemoteTestServer(const QHostAddress &address)
{
    m_server.listen(address, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            s->setParent(this);
            s->setSocketOption(QAbstractSocket::LowDelayOption, 1); // pieces leave one by one
            connect(s, &QTcpSocket::readyRead, this, [this, s] { handle(s); });
            connect(s, &QTcpSocket::disconnected, this, [this, s] {
                ++clientsGone;
                s->deleteLater();
            });
        }
    });
}

QString RemoteTestServer::url() const
{
    return QStringLiteral("http://%1:%2").arg(m_server.serverAddress().toString()).arg(m_server.serverPort());
}

void RemoteTestServer::handle(QTcpSocket *socket)
{
    if (socket->property("answered").toBool())
        return;
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    socket->setProperty("buffer", buffer);
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    qsizetype length = 0;
    QByteArray authorization;
    for (const QByteArray &line : lines) {
        const QByteArray l = line.trimmed();
        if (l.toLower().startsWith("content-length:"))
            length = l.mid(15).trimmed().toLongLong();
        if (l.toLower().startsWith("authorization:"))
            authorization = l.mid(14).trimmed();
    }
    if (buffer.size() < headerEnd + 4 + length)
        return; // the body is still coming
    socket->setProperty("answered", true);
    authorizations << authorization;
    const QByteArray requestLine = lines.value(0);
    if (const auto it = byPath.constFind(requestLine.split(' ').value(1)); it != byPath.constEnd()) {
        respond(socket, *it);
        return;
    }
    if (requestLine.startsWith("GET ") && requestLine.contains("/v1/models")) {
        respond(socket, modelsReply);
        return;
    }
    if (!requestLine.startsWith("POST ") || !requestLine.contains("/v1/chat/completions")) {
        respond(socket, error(404, R"({"detail":"Not Found"})"));
        return;
    }
    const QJsonObject request = QJsonDocument::fromJson(buffer.mid(headerEnd + 4, length)).object();
    chatRequests << request;
    Reply reply;
    if (onChat)
        reply = onChat(request);
    else if (!chatReplies.isEmpty())
        reply = chatReplies.size() > 1 ? chatReplies.takeFirst() : chatReplies.first();
    respond(socket, reply);
}

void RemoteTestServer::respond(QTcpSocket *socket, const Reply &reply)
{
    // chunked, as uvicorn (vLLM, SGLang) and llama.cpp stream: a connection that drops before the last
    // chunk is then a visible fault, not an end of body
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + (reply.status < 400 ? " OK" : " Error")
                      + "\r\nContent-Type: " + reply.contentType + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n";
    if (!reply.location.isEmpty())
        head += "Location: " + reply.location + "\r\n";
    if (reply.contentType.contains("event-stream"))
        head += "Cache-Control: no-cache\r\n";
    socket->write(head + "\r\n");
    socket->flush();
    // pieces go out on a timer so that each leaves in its own TCP segment
    auto queue = std::make_shared<QList<QByteArray>>(reply.pieces);
    auto timer = new QTimer(socket);
    timer->setInterval(reply.pauseMs);
    QPointer<QTcpSocket> s(socket);
    connect(timer, &QTimer::timeout, socket, [s, queue, timer, end = reply.end] {
        if (!s)
            return;
        if (!queue->isEmpty()) {
            const QByteArray piece = queue->takeFirst();
            s->write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
            s->flush();
            return;
        }
        timer->stop();
        if (end == Reply::End::Close) {
            s->write("0\r\n\r\n");
            s->disconnectFromHost();
        } else if (end == Reply::End::Reset) {
            // SO_LINGER 0: close() sends a reset, as a crashed server or a dropped proxy would
            struct linger l { 1, 0 };
            ::setsockopt(int(s->socketDescriptor()), SOL_SOCKET, SO_LINGER, &l, sizeof l);
            s->abort();
        } // Hang: keep the connection open and say nothing
    });
    timer->start();
}

QByteArray RemoteTestServer::sse(const QStringList &pieces, bool finish, bool done, bool crlf)
{
    const QByteArray eol = crlf ? "\r\n" : "\n";
    QByteArray out;
    const auto event = [&](const QJsonObject &o) {
        out += "data: " + QJsonDocument(o).toJson(QJsonDocument::Compact) + eol + eol;
    };
    const auto chunk = [](const QJsonObject &delta, const QJsonValue &finishReason) {
        return QJsonObject{{"id", "chatcmpl-test"},
                           {"object", "chat.completion.chunk"},
                           {"created", 1700000000},
                           {"model", "test"},
                           {"choices", QJsonArray{QJsonObject{{"index", 0}, {"delta", delta}, {"logprobs", QJsonValue()},
                                                              {"finish_reason", finishReason}}}}};
    };
    event(chunk(QJsonObject{{"role", "assistant"}, {"content", ""}}, QJsonValue()));
    for (const QString &p : pieces)
        event(chunk(QJsonObject{{"content", p}}, QJsonValue()));
    if (finish) {
        event(chunk(QJsonObject{}, QStringLiteral("stop")));
        event(QJsonObject{{"id", "chatcmpl-test"},
                          {"object", "chat.completion.chunk"},
                          {"choices", QJsonArray{}},
                          {"usage", QJsonObject{{"prompt_tokens", 321}, {"completion_tokens", int(pieces.size())},
                                                {"total_tokens", 321 + int(pieces.size())}}}});
    }
    if (done)
        out += "data: [DONE]" + eol + eol;
    return out;
}

QStringList RemoteTestServer::tokens(const QString &answer)
{
    QStringList out;
    int step = 1;
    for (qsizetype i = 0; i < answer.size(); i += step, step = step % 4 + 1)
        out << answer.mid(i, step);
    return out;
}

QList<QByteArray> RemoteTestServer::splitAwkwardly(const QByteArray &bytes, int maxLen, quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<QByteArray> out;
    for (qsizetype i = 0; i < bytes.size();) {
        const qsizetype n = std::min<qsizetype>(bytes.size() - i, 1 + rng.bounded(maxLen));
        out << bytes.mid(i, n);
        i += n;
    }
    return out;
}

RemoteTestServer::Reply RemoteTestServer::models(const QStringList &ids)
{
    QJsonArray data;
    for (const QString &id : ids)
        data << QJsonObject{{"id", id}, {"object", "model"}, {"created", 1700000000}, {"owned_by", "vllm"}};
    Reply r;
    r.contentType = "application/json";
    r.pieces << QJsonDocument(QJsonObject{{"object", "list"}, {"data", data}}).toJson(QJsonDocument::Compact);
    return r;
}

RemoteTestServer::Reply RemoteTestServer::error(int status, const QByteArray &jsonBody)
{
    Reply r;
    r.status = status;
    r.contentType = "application/json";
    r.pieces << jsonBody;
    return r;
}

RemoteTestServer::Reply RemoteTestServer::redirect(int status, const QByteArray &location)
{
    Reply r = error(status, "{}");
    r.location = location;
    return r;
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs) {
        QEventLoop loop;
        QTimer::singleShot(2, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return done();
}
