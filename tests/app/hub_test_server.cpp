#include "hub_test_server.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <memory>

HubTestServer::HubTestServer()
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            s->setParent(this);
            connect(s, &QTcpSocket::readyRead, this, [this, s] { handle(s); });
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });
}

QString HubTestServer::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort());
}

QByteArray HubTestServer::gitBlobId(const QByteArray &content)
{
    return QCryptographicHash::hash("blob " + QByteArray::number(content.size()) + '\0' + content,
                                    QCryptographicHash::Sha1)
        .toHex();
}

void HubTestServer::addRepo(const QString &repoId, const QString &folder, bool gated,
                            const QMap<QString, QByteArray> &extra)
{
    Repo repo;
    repo.gated = gated;
    QMap<QString, QByteArray> contents = extra;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        contents.insert(path.mid(folder.size() + 1), f.readAll());
    }
    QCryptographicHash commit(QCryptographicHash::Sha1);
    for (auto c = contents.cbegin(); c != contents.cend(); ++c) {
        File file{c.value(), QString::fromLatin1(gitBlobId(c.value())), {}};
        // as a repository's .gitattributes sends weights and large files to LFS
        if (c.value().size() >= 10000 || c.key().endsWith(QLatin1String(".safetensors")))
            file.sha256 = QString::fromLatin1(QCryptographicHash::hash(c.value(), QCryptographicHash::Sha256).toHex());
        commit.addData(c.key().toUtf8() + ' ' + file.blobId.toLatin1() + '\n');
        repo.files.insert(c.key(), file);
    }
    repo.commit = QString::fromLatin1(commit.result().toHex());
    m_repos.insert(repoId, repo);
}

QString HubTestServer::commitOf(const QString &repoId) const
{
    return m_repos.value(repoId).commit;
}

int HubTestServer::requestsFor(const QString &file) const
{
    int n = 0;
    for (const QByteArray &r : requests)
        n += r.contains("/resolve/") && QUrl::fromPercentEncoding(r).endsWith(QLatin1Char('/') + file);
    return n;
}

void HubTestServer::handle(QTcpSocket *socket)
{
    if (socket->property("answered").toBool())
        return;
    const QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    socket->setProperty("buffer", buffer);
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    socket->setProperty("answered", true);
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    QByteArray range, auth;
    for (const QByteArray &line : lines) {
        const QByteArray l = line.trimmed();
        if (l.toLower().startsWith("range:"))
            range = l.mid(6).trimmed();
        if (l.toLower().startsWith("authorization:"))
            auth = l.mid(14).trimmed();
    }
    const QByteArray target = lines.value(0).split(' ').value(1);
    requests << target;
    authorizations << auth;
    answer(socket, target, range, auth);
}

void HubTestServer::send(QTcpSocket *socket, int status, const QByteArray &headers, const QByteArray &body)
{
    socket->write("HTTP/1.1 " + QByteArray::number(status) + " Status\r\nConnection: close\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\n" + headers + "\r\n" + body);
    socket->disconnectFromHost();
}

void HubTestServer::answer(QTcpSocket *socket, const QByteArray &target, const QByteArray &range,
                           const QByteArray &auth)
{
    const QString path = QUrl::fromPercentEncoding(target.split('?').value(0));
    const auto error = [&](int status, const QByteArray &code) {
        send(socket, status, "X-Error-Code: " + code + "\r\nContent-Type: application/json\r\n",
             R"({"error":")" + code + R"("})");
    };
    // /cdn-lfs/{sha256}: where the Hub's redirects send LFS downloads
    if (path.startsWith(QLatin1String("/cdn-lfs/"))) {
        storageAuthorizations << auth;
        const QString sha = path.mid(9);
        for (const Repo &repo : std::as_const(m_repos))
            for (auto f = repo.files.cbegin(); f != repo.files.cend(); ++f)
                if (f->sha256 == sha) {
                    sendFile(socket, f.key(), f.value(), range, {});
                    return;
                }
        error(404, "EntryNotFound");
        return;
    }
    const QStringList parts = path.mid(1).split(QLatin1Char('/'));
    const bool api = parts.value(0) == QLatin1String("api");
    const QString repoId = api ? parts.value(2) + QLatin1Char('/') + parts.value(3)
                               : parts.value(0) + QLatin1Char('/') + parts.value(1);
    const auto repo = m_repos.constFind(repoId);
    if (repo == m_repos.constEnd()) {
        error(401, "RepoNotFound"); // as the Hub answers for a repository it does not show you
        return;
    }
    const QString revision = api ? parts.value(5) : parts.value(3);
    if (revision != QLatin1String("main") && revision != repo->commit) {
        error(404, "RevisionNotFound");
        return;
    }
    if (api && parts.value(1) == QLatin1String("models") && parts.value(4) == QLatin1String("revision")) {
        QJsonArray siblings;
        for (auto f = repo->files.cbegin(); f != repo->files.cend(); ++f) {
            const qint64 size = listedSize.value(f.key(), f->content.size());
            QJsonObject s{{"rfilename", f.key()}, {"blobId", f->blobId}, {"size", size}};
            if (f->lfs())
                s.insert(QStringLiteral("lfs"), QJsonObject{{"sha256", f->sha256}, {"size", size}, {"pointerSize", 134}});
            siblings << s;
        }
        const QJsonObject o{{"id", repoId}, {"sha", repo->commit}, {"siblings", siblings},
                            {"gated", repo->gated ? QJsonValue(QStringLiteral("manual")) : QJsonValue(false)}};
        send(socket, 200, "Content-Type: application/json\r\n", QJsonDocument(o).toJson(QJsonDocument::Compact));
        return;
    }
    if (parts.value(2) != QLatin1String("resolve")) {
        error(404, "EntryNotFound");
        return;
    }
    const QString file = parts.mid(4).join(QLatin1Char('/'));
    ranges << range;
    if (repo->gated && auth != "Bearer " + token) {
        error(auth.isEmpty() ? 401 : 403, "GatedRepo");
        return;
    }
    const auto f = repo->files.constFind(file);
    if (f == repo->files.constEnd()) {
        error(404, "EntryNotFound");
        return;
    }
    if (failNext > 0) {
        --failNext;
        send(socket, 503, {}, "busy");
        return;
    }
    const QByteArray commit = "X-Repo-Commit: " + repo->commit.toLatin1() + "\r\n";
    if (f->lfs()) {
        send(socket, 302,
             commit + "Location: " + lfsOrigin.toLatin1() + "/cdn-lfs/" + f->sha256.toLatin1() + "\r\nX-Linked-Etag: \"" + f->sha256.toLatin1() +
                 "\"\r\nX-Linked-Size: " + QByteArray::number(f->content.size()) + "\r\n",
             {});
        return;
    }
    sendFile(socket, file, f.value(), range, commit + "ETag: \"" + f->blobId.toLatin1() + "\"\r\n");
}

void HubTestServer::sendFile(QTcpSocket *socket, const QString &path, const File &file, const QByteArray &range,
                             const QByteArray &extraHeaders)
{
    QByteArray content = file.content;
    if (corrupt.contains(path))
        content[content.size() / 2] = char(content[content.size() / 2] ^ 0x5a);
    qint64 from = 0;
    if (range.startsWith("bytes="))
        from = range.mid(6).split('-').value(0).toLongLong();
    if (from >= content.size() && from > 0) {
        send(socket, 416, "Content-Range: bytes */" + QByteArray::number(content.size()) + "\r\n", {});
        return;
    }
    QByteArray body = content.mid(from);
    const int status = from > 0 ? 206 : 200;
    QByteArray headers = extraHeaders + "Content-Type: application/octet-stream\r\nContent-Length: " +
                         QByteArray::number(body.size()) + "\r\nConnection: close\r\n";
    if (status == 206)
        headers += "Content-Range: bytes " + QByteArray::number(from) + '-' + QByteArray::number(content.size() - 1) +
                   '/' + QByteArray::number(content.size()) + "\r\n";
    socket->write("HTTP/1.1 " + QByteArray::number(status) + " Status\r\n" + headers + "\r\n");
    bool cut = false;
    if (const auto c = cutAfter.constFind(path); c != cutAfter.constEnd()) {
        body = body.left(*c);
        cutAfter.erase(c);
        cut = true;
    }
    if (const auto h = hangAfter.constFind(path); h != hangAfter.constEnd()) {
        socket->write(body.left(*h));
        hangAfter.erase(h);
        return;
    }
    if (bytesPerSecond <= 0) {
        socket->write(body);
        if (cut)
            socket->flush();
        socket->disconnectFromHost();
        return;
    }
    // slow mode: a piece every 50 ms
    auto rest = std::make_shared<QByteArray>(body);
    auto timer = new QTimer(socket);
    QPointer<QTcpSocket> s(socket);
    connect(timer, &QTimer::timeout, socket, [this, s, rest, timer] {
        if (!s || s->state() != QAbstractSocket::ConnectedState)
            return timer->stop();
        const qsizetype n = qMax<qsizetype>(1, bytesPerSecond / 20);
        s->write(rest->left(n));
        rest->remove(0, n);
        if (rest->isEmpty()) {
            timer->stop();
            s->disconnectFromHost();
        }
    });
    timer->start(50);
}
