#pragma once

#include <QByteArray>

#include <functional>

class QNetworkReply;

// Waits for a QNetworkReply on the calling thread (the engine thread, whose own event loop is blocked in
// ModelBackend::generate) with a local event loop, handing bytes over as they arrive. It enforces the
// connect and idle timeouts and polls the abort flag, closing the connection at once when asked.
class BlockingReply
{
public:
    enum class End {
        Finished,       // the reply finished (successfully or with a network error: see reply->error())
        Aborted,        // shouldAbort() said so
        Stopped,        // onBytes returned false (a protocol error the caller already recorded)
        ConnectTimeout, // the request was not sent within connectTimeoutMs
        IdleTimeout,    // no bytes for idleTimeoutMs after that
        Deadline,       // the reply had not ended totalTimeoutMs after the call began
    };
    struct Limits {
        int connectTimeoutMs = 10000;
        int idleTimeoutMs = 120000;
        int totalTimeoutMs = 0; // 0: none (keep-alive comments reset the idle timeout, not this one)
        int pollMs = 20; // how often shouldAbort is asked
    };

    // Runs until the reply ends. onBytes gets each piece as it arrives and returns false to stop.
    // The reply is aborted on every end except Finished; the caller still owns (and deletes) it.
    static End run(QNetworkReply *reply, const Limits &limits, const std::function<bool()> &shouldAbort,
                   const std::function<bool(const QByteArray &)> &onBytes);
};
