#include "apikeystore.h"

#include "remoteserversettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QUrl>

namespace {

QString fileKeyOf(const QString &serverUrl) { return RemoteServerSettings::settingsKey(serverUrl, "apiKey"); }

// The servers whose key is in the settings file.
QStringList serversWithFileKeys()
{
    QSettings s;
    s.beginGroup(QStringLiteral("remote/server"));
    QStringList servers;
    for (const QString &group : s.childGroups()) {
        if (s.contains(group + QStringLiteral("/apiKey")))
            servers << QUrl::fromPercentEncoding(group.toLatin1());
    }
    return servers;
}

} // namespace

ApiKeyStore::ApiKeyStore(const QDBusConnection &bus, QObject *parent) : QObject(parent), m_secrets(bus)
{
}

ApiKeyStore *ApiKeyStore::instance()
{
    static auto *store = new ApiKeyStore(QDBusConnection::sessionBus(), QCoreApplication::instance());
    return store;
}

SecretService::Attributes ApiKeyStore::attributesFor(const QString &serverUrl)
{
    return {{QStringLiteral("application"), QStringLiteral("groundchat")},
            {QStringLiteral("server"), RemoteServerSettings::normalizedUrl(serverUrl)}};
}

QString ApiKeyStore::errorText(const SecretService::Result &result, bool reading)
{
    switch (result.status) {
    case SecretService::Result::Status::Ok: return {};
    case SecretService::Result::Status::Dismissed:
        return reading ? tr("The keyring stayed locked, so the stored API key could not be read.")
                       : tr("The keyring stayed locked, so the API key was not saved.");
    default: return tr("The keyring could not be used: %1").arg(result.error);
    }
}

void ApiKeyStore::enqueue(Job job)
{
    m_jobs.append(std::move(job));
    if (m_running)
        return;
    m_running = true;
    // never answered inside the call: callers finish what they were doing first
    QMetaObject::invokeMethod(this, &ApiKeyStore::runNext, Qt::QueuedConnection);
}

void ApiKeyStore::runNext()
{
    if (m_jobs.isEmpty()) {
        m_running = false;
        return;
    }
    const Job job = m_jobs.takeFirst();
    locate([this, job] { job([this] { runNext(); }); });
}

void ApiKeyStore::locate(const std::function<void()> &next)
{
    if (m_where != Where::Unknown)
        return next();
    m_secrets.open([this, next](const SecretService::Result &opened) {
        if (opened.status == SecretService::Result::Status::Ok) {
            m_where = Where::Keyring;
            return migrate(serversWithFileKeys(), next);
        }
        m_where = Where::SettingsFile;
        m_plainTextWarning = tr("No keyring available: the API key is stored in plain text in %1")
                                 .arg(QDir::toNativeSeparators(QSettings().fileName()));
        emit plainTextWarningChanged();
        next();
    });
}

void ApiKeyStore::migrate(QStringList servers, const std::function<void()> &next)
{
    if (servers.isEmpty())
        return next();
    const QString server = servers.takeFirst();
    const QString key = QSettings().value(fileKeyOf(server)).toString();
    m_secrets.write(attributesFor(server), tr("GroundChat API key for %1").arg(server), key,
                    [this, server, servers, next](const SecretService::Result &written) {
                        // one that did not move stays where it was, to be read from there and moved next time
                        if (written.status == SecretService::Result::Status::Ok)
                            QSettings().remove(fileKeyOf(server));
                        migrate(servers, next);
                    });
}

void ApiKeyStore::read(const QString &serverUrl, Done done)
{
    enqueue([this, serverUrl, done](const std::function<void()> &finished) {
        const QString fileKey = QSettings().value(fileKeyOf(serverUrl)).toString();
        if (m_where == Where::SettingsFile) {
            done({fileKey, !fileKey.isEmpty(), {}});
            return finished();
        }
        m_secrets.read(attributesFor(serverUrl), [fileKey, done, finished](const SecretService::Result &r) {
            if (r.status != SecretService::Result::Status::Ok)
                done({{}, false, errorText(r, true)});
            else if (r.found)
                done({r.secret, true, {}});
            else // a key the keyring did not take when it was moved
                done({fileKey, !fileKey.isEmpty(), {}});
            finished();
        });
    });
}

void ApiKeyStore::contains(const QString &serverUrl, Done done)
{
    enqueue([this, serverUrl, done](const std::function<void()> &finished) {
        const bool inFile = QSettings().contains(fileKeyOf(serverUrl));
        if (m_where == Where::SettingsFile) {
            done({{}, inFile, {}});
            return finished();
        }
        m_secrets.contains(attributesFor(serverUrl), [inFile, done, finished](const SecretService::Result &r) {
            done({{}, r.found || inFile, errorText(r, true)});
            finished();
        });
    });
}

void ApiKeyStore::write(const QString &serverUrl, const QString &key, Done done)
{
    enqueue([this, serverUrl, key = key.trimmed(), done](const std::function<void()> &finished) {
        const auto report = [done, finished](const Result &r) {
            if (done)
                done(r);
            finished();
        };
        if (m_where == Where::SettingsFile) {
            QSettings s;
            if (key.isEmpty())
                s.remove(fileKeyOf(serverUrl));
            else
                s.setValue(fileKeyOf(serverUrl), key);
            return report({key, !key.isEmpty(), {}});
        }
        const auto written = [serverUrl, key, report](const SecretService::Result &r) {
            const bool ok = r.status == SecretService::Result::Status::Ok;
            if (ok) // a key left in the file by a move that did not happen is replaced too
                QSettings().remove(fileKeyOf(serverUrl));
            report({key, ok && !key.isEmpty(), errorText(r, false)});
        };
        if (key.isEmpty())
            m_secrets.remove(attributesFor(serverUrl), written);
        else
            m_secrets.write(attributesFor(serverUrl), tr("GroundChat API key for %1").arg(RemoteServerSettings::normalizedUrl(serverUrl)),
                            key, written);
    });
}
