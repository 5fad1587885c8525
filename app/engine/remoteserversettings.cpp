#include "remoteserversettings.h"

#include <QSettings>
#include <QUrl>

namespace {

constexpr int kMaxRecent = 10;
constexpr char kRecent[] = "remote/recentServers";

// One settings group per server. Percent-encoding keeps '/' and ':' of the address from becoming
// nested groups.
QString serverKey(const QString &url, const char *field)
{
    return QStringLiteral("remote/server/%1/%2")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(RemoteServerSettings::normalizedUrl(url))),
             QLatin1String(field));
}

} // namespace

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
        s.setValue(serverKey(url, "model"), model);
    emit serversChanged();
}

void RemoteServerSettings::forget(const QString &serverUrl)
{
    const QString url = normalizedUrl(serverUrl);
    QSettings s;
    QStringList recent = s.value(QLatin1String(kRecent)).toStringList();
    recent.removeAll(url);
    s.setValue(QLatin1String(kRecent), recent);
    s.remove(serverKey(url, "model"));
    s.remove(serverKey(url, "apiKey"));
    emit serversChanged();
}

QString RemoteServerSettings::lastModel(const QString &serverUrl) const
{
    return QSettings().value(serverKey(serverUrl, "model")).toString();
}

bool RemoteServerSettings::hasApiKey(const QString &serverUrl) const { return !apiKeyFor(serverUrl).isEmpty(); }

void RemoteServerSettings::setApiKey(const QString &serverUrl, const QString &key)
{
    QSettings s;
    if (key.trimmed().isEmpty())
        s.remove(serverKey(serverUrl, "apiKey"));
    else
        s.setValue(serverKey(serverUrl, "apiKey"), key.trimmed());
}

QString RemoteServerSettings::apiKeyFor(const QString &serverUrl)
{
    return QSettings().value(serverKey(serverUrl, "apiKey")).toString();
}

void RemoteServerSettings::completeSpec(ModelSpec *spec)
{
    const QString url = spec->path.section(QLatin1Char('|'), 0, 0);
    RemoteServerSettings settings;
    QVariantMap &o = spec->options;
    if (!o.contains(QStringLiteral("apiKey"))) {
        const QString key = apiKeyFor(url);
        if (!key.isEmpty())
            o.insert(QStringLiteral("apiKey"), key);
    }
    if (!o.contains(QStringLiteral("connectTimeoutMs")))
        o.insert(QStringLiteral("connectTimeoutMs"), settings.connectTimeoutSeconds() * 1000);
    if (!o.contains(QStringLiteral("idleTimeoutMs")))
        o.insert(QStringLiteral("idleTimeoutMs"), settings.idleTimeoutSeconds() * 1000);
    if (!o.contains(QStringLiteral("answerTimeoutMs")))
        o.insert(QStringLiteral("answerTimeoutMs"), settings.answerTimeoutSeconds() * 1000);
    if (!o.contains(QStringLiteral("maxImageSide")))
        o.insert(QStringLiteral("maxImageSide"), settings.maxImageSide());
}
