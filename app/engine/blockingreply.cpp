#include "blockingreply.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QTimer>

BlockingReply::End BlockingReply::run(QNetworkReply *reply, const Limits &limits,
                                      const std::function<bool()> &shouldAbort,
                                      const std::function<bool(const QByteArray &)> &onBytes)
{
    QEventLoop loop;
    QElapsedTimer sinceActivity, sinceStart;
    sinceActivity.start();
    sinceStart.start();
    bool connected = false;
    bool ended = false;
    End end = End::Finished;
    const auto stop = [&](End why) {
        if (ended)
            return;
        ended = true;
        end = why;
        loop.quit();
    };
    const auto activity = [&] {
        connected = true;
        sinceActivity.restart();
    };
    QObject guard; // owns the connections, so none outlives this call
    QObject::connect(reply, &QNetworkReply::requestSent, &guard, activity);
    QObject::connect(reply, &QNetworkReply::metaDataChanged, &guard, activity);
    QObject::connect(reply, &QNetworkReply::readyRead, &guard, [&] {
        activity();
        if (ended)
            return;
        const QByteArray bytes = reply->readAll();
        if (!bytes.isEmpty() && !onBytes(bytes))
            stop(End::Stopped);
    });
    QObject::connect(reply, &QNetworkReply::finished, &guard, [&] {
        if (ended)
            return;
        // bytes that arrived together with the end of the stream
        const QByteArray rest = reply->readAll();
        if (!rest.isEmpty() && !onBytes(rest)) {
            stop(End::Stopped);
            return;
        }
        stop(End::Finished);
    });
    QTimer poll;
    poll.setInterval(limits.pollMs);
    QObject::connect(&poll, &QTimer::timeout, &guard, [&] {
        if (shouldAbort && shouldAbort())
            stop(End::Aborted);
        else if (limits.totalTimeoutMs > 0 && sinceStart.elapsed() > limits.totalTimeoutMs)
            stop(End::Deadline);
        else if (!connected && limits.connectTimeoutMs > 0 && sinceActivity.elapsed() > limits.connectTimeoutMs)
            stop(End::ConnectTimeout);
        else if (connected && limits.idleTimeoutMs > 0 && sinceActivity.elapsed() > limits.idleTimeoutMs)
            stop(End::IdleTimeout);
    });
    if (reply->isFinished()) {
        const QByteArray all = reply->readAll();
        return all.isEmpty() || onBytes(all) ? End::Finished : (reply->abort(), End::Stopped);
    }
    poll.start();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    poll.stop();
    QObject::disconnect(reply, nullptr, &guard, nullptr);
    if (end != End::Finished)
        reply->abort(); // closes the socket now: the server sees the client go and stops generating
    return end;
}
