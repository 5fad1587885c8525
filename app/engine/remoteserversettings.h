#pragma once

#include "modelbackend.h"

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

// The user's remote servers and their settings, kept in QSettings (the settings store): recent server
// addresses, each one's API key and last model, and the timeouts and image downscale that apply to all.
// API keys never leave the settings store except into a request's Authorization header: they are not
// properties, not part of session files, and not logged.
class RemoteServerSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList servers READ servers NOTIFY serversChanged)
    Q_PROPERTY(int connectTimeoutSeconds READ connectTimeoutSeconds WRITE setConnectTimeoutSeconds NOTIFY settingsChanged)
    Q_PROPERTY(int idleTimeoutSeconds READ idleTimeoutSeconds WRITE setIdleTimeoutSeconds NOTIFY settingsChanged)
    // The longest a whole answer may take (a server can keep a stream alive with comments forever); 0: no limit.
    Q_PROPERTY(int answerTimeoutSeconds READ answerTimeoutSeconds WRITE setAnswerTimeoutSeconds NOTIFY settingsChanged)
    // Longest image side sent to servers; 0 sends images as they are.
    Q_PROPERTY(int maxImageSide READ maxImageSide WRITE setMaxImageSide NOTIFY settingsChanged)

public:
    using QObject::QObject;

    [[nodiscard]] QStringList servers() const;
    [[nodiscard]] int connectTimeoutSeconds() const;
    [[nodiscard]] int idleTimeoutSeconds() const;
    [[nodiscard]] int answerTimeoutSeconds() const;
    [[nodiscard]] int maxImageSide() const;
    void setConnectTimeoutSeconds(int s);
    void setIdleTimeoutSeconds(int s);
    void setAnswerTimeoutSeconds(int s);
    void setMaxImageSide(int side);

    // Puts the server first in the recent list (and remembers its model when given).
    Q_INVOKABLE void remember(const QString &serverUrl, const QString &model = {});
    // Forgets the server, its key and its model.
    Q_INVOKABLE void forget(const QString &serverUrl);
    Q_INVOKABLE QString lastModel(const QString &serverUrl) const;
    Q_INVOKABLE bool hasApiKey(const QString &serverUrl) const;
    // An empty key removes it.
    Q_INVOKABLE void setApiKey(const QString &serverUrl, const QString &key);

    // For the engine: the stored key of a server (empty when none).
    [[nodiscard]] static QString apiKeyFor(const QString &serverUrl);
    // Fills what a "remote" ModelSpec leaves out (key, timeouts, downscale) from the settings store.
    static void completeSpec(ModelSpec *spec);
    // "http://host:8000/", "host:8000" and "http://host:8000/v1" name the same server.
    [[nodiscard]] static QString normalizedUrl(const QString &serverUrl);

signals:
    void serversChanged();
    void settingsChanged();
};
