#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>

class QNetworkReply;
class QNetworkRequest;

// The trust boundary of a remote server: the API key and the image go only to the origin (scheme, host,
// port) the user named. Redirects within that origin are followed; a redirect anywhere else ends the
// request before anything is sent there, as curl and Python requests drop credentials on such a redirect.
class ServerOrigin
{
    Q_DECLARE_TR_FUNCTIONS(ServerOrigin)
public:
    // Makes the request ask before following a redirect; call watch() on its reply.
    static void guard(QNetworkRequest *request);
    // Follows the reply's same-origin redirects and aborts it on any other, recording why (refusal()).
    static void watch(QNetworkReply *reply);
    // Why the reply was stopped at a redirect ("" when it was not), naming both origins.
    [[nodiscard]] static QString refusal(const QNetworkReply *reply);

    [[nodiscard]] static bool same(const QUrl &a, const QUrl &b);
    // "http://host:port", as the user would write it.
    [[nodiscard]] static QString name(const QUrl &url);
    // A warning when a key would cross the network unencrypted (http:// to a host other than this
    // computer); "" otherwise.
    [[nodiscard]] static QString plainTextKeyWarning(const QUrl &server);
};
