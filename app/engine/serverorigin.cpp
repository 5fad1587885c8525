#include "serverorigin.h"

#include <QHostAddress>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace {

constexpr char kRefusal[] = "gcRedirectRefused";

int effectivePort(const QUrl &url) { return url.port(url.scheme() == QLatin1String("https") ? 443 : 80); }

} // namespace

void ServerOrigin::guard(QNetworkRequest *request)
{
    request->setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
}

void ServerOrigin::watch(QNetworkReply *reply)
{
    QObject::connect(reply, &QNetworkReply::redirected, reply, [reply](const QUrl &target) {
        // reply->url() is already the target here; request() still names where the request was sent
        const QUrl from = reply->request().url();
        const QUrl to = from.resolved(target);
        if (same(from, to)) {
            emit reply->redirectAllowed();
            return;
        }
        reply->setProperty(kRefusal, tr("The server at %1 redirected to %2, another server; GroundChat does not send "
                                        "the API key or the image there. Use the address of the server itself.")
                                         .arg(name(from), name(to)));
        reply->abort();
    });
}

QString ServerOrigin::refusal(const QNetworkReply *reply) { return reply->property(kRefusal).toString(); }

bool ServerOrigin::same(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
           && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && effectivePort(a) == effectivePort(b);
}

QString ServerOrigin::name(const QUrl &url)
{
    return url.toString(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

QString ServerOrigin::plainTextKeyWarning(const QUrl &server)
{
    if (server.scheme() != QLatin1String("http"))
        return {};
    const QString host = server.host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 || QHostAddress(host).isLoopback())
        return {};
    return tr("The API key goes to %1 unencrypted (http://): anyone on the network between can read it. "
              "Use https:// for servers on other computers.")
        .arg(name(server));
}
