#include "remoteserversettings.h"

#include "apikeystore.h"

#include <QPointer>
#include <QSettings>
#include <QUrl>

namespace {

constexpr int kMaxRecent = 10;
constexpr char kRecent[] = "remote/recentServers";

} // namespace

RemoteServerSettings::RemoteServerSettings(QObject *parent) : QObject(parent)
{
    connect(ApiKeyStore::instance(), &ApiKeyStore::plainTextWarningChanged, this, &RemoteServerSettings::keyStorageChanged);
}

QString RemoteServerSettings::settingsKey(const QString &serverUrl, const char *field)
{
    // Percent-encoding keeps '/' and ':' of the address from becoming nested groups.
    return QStringLiteral("remote/server/%1/%2")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(normalizedUrl(serverUrl))), QLatin1String(field));
}

QString RemoteServerSettings::normalizedUrl(const QString &serverUrl)
{
    QUrl url = QUrl::fromUserInput(serverUrl.trimmed());
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (path.endsWith(QLatin1String("/v1"))) // servers are written with and without it
        path.chop(3);
    url.setPath(path);
    return url.toString(QUrl::RemoveUserInfo);
}

QStringList RemoteServerSettings::servers() const { return QSettings().value(QLatin1String(kRecent)).toStringList(); }

int RemoteServerSettings::connectTimeoutSeconds() const
{
    return QSettings().value(QStringLiteral("remote/connectTimeoutSeconds"), 10).toInt();
}

int RemoteServerSettings::idleTimeoutSeconds() const
{
    return QSettings().value(QStringLiteral("remote/idleTimeoutSeconds"), 120).toInt();
}

int RemoteServerSettings::answerTimeoutSeconds() const
{
    return QSettings().value(QStringLiteral("remote/answerTimeoutSeconds"), 0).toInt();
}

int RemoteServerSettings::maxImageSide() const { return QSettings().value(QStringLiteral("remote/maxImageSide"), 0).toInt(); }

void RemoteServerSettings::setConnectTimeoutSeconds(int s)
{
    QSettings().setValue(QStringLiteral("remote/connectTimeoutSeconds"), std::max(1, s));
    emit settingsChanged();
}

void RemoteServerSettings::setIdleTimeoutSeconds(int s)
{
    QSettings().setValue(QStringLiteral("remote/idleTimeoutSeconds"), std::max(1, s));
    emit settingsChanged();
}

void RemoteServerSettings::setAnswerTimeoutSeconds(int s)
{
    QSettings().setValue(QStringLiteral("remote/answerTimeoutSeconds"), std::max(0, s));
    emit settingsChanged();
}

void RemoteServerSettings::setMaxImageSide(int side)
{
    QSettings().setValue(QStringLiteral("remote/maxImageSide"), std::max(0, side));
    emit settingsChanged();
}

void RemoteServerSettings::remember(const QString &serverUrl, const QString &model)
{
    const QString url = normalizedUrl(serverUrl);
    QSettings s;
    QStringList recent = s.value(QLatin1String(kRecent)).toStringList();
    recent.removeAll(url);
    recent.prepend(url);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    s.setValue(QLatin1String(kRecent), recent);
    if (!model.isEmpty())
        s.setValue(settingsKey(url, "model"), model);
    emit serversChanged();
}

void RemoteServerSettings::forget(const QString &serverUrl)
{
    const QString url = normalizedUrl(serverUrl);
    QSettings s;
    QStringList recent = s.value(QLatin1String(kRecent)).toStringList();
    recent.removeAll(url);
    s.setValue(QLatin1String(kRecent), recent);
    s.remove(settingsKey(url, "model"));
    setApiKey(url, {});
    emit serversChanged();
}

QString RemoteServerSettings::lastModel(const QString &serverUrl) const
{
    return QSettings().value(settingsKey(serverUrl, "model")).toString();
}

QString RemoteServerSettings::keyStorageWarning() const { return ApiKeyStore::instance()->plainTextWarning(); }

void RemoteServerSettings::setKeyServer(const QString &serverUrl)
{
    if (serverUrl == m_keyServer)
        return;
    m_keyServer = serverUrl;
    emit keyServerChanged();
    checkKey();
}

void RemoteServerSettings::checkKey()
{
    const QString server = m_keyServer;
    ApiKeyStore::instance()->contains(server, [self = QPointer(this), server](const ApiKeyStore::Result &r) {
        if (!self || server != self->m_keyServer) // the dialog moved on to another server
            return;
        self->m_keyStored = r.stored;
        emit self->keyStateChanged();
    });
}

void RemoteServerSettings::setApiKey(const QString &serverUrl, const QString &key)
{
    ApiKeyStore::instance()->write(serverUrl, key, [self = QPointer(this)](const ApiKeyStore::Result &r) {
        if (!self)
            return;
        self->m_keyError = r.error;
        emit self->keyStateChanged();
        self->checkKey();
    });
}

void RemoteServerSettings::completeSpec(ModelSpec *spec)
{
    RemoteServerSettings settings;
    QVariantMap &o = spec->options;
    if (!o.contains(QStringLiteral("connectTimeoutMs")))
        o.insert(QStringLiteral("connectTimeoutMs"), settings.connectTimeoutSeconds() * 1000);
    if (!o.contains(QStringLiteral("idleTimeoutMs")))
        o.insert(QStringLiteral("idleTimeoutMs"), settings.idleTimeoutSeconds() * 1000);
    if (!o.contains(QStringLiteral("answerTimeoutMs")))
        o.insert(QStringLiteral("answerTimeoutMs"), settings.answerTimeoutSeconds() * 1000);
    if (!o.contains(QStringLiteral("maxImageSide")))
        o.insert(QStringLiteral("maxImageSide"), settings.maxImageSide());
}
