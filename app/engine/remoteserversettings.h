#pragma once

#include "modelbackend.h"

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

// The user's remote servers and their settings, kept in QSettings (the settings store): recent server
// addresses, each one's last model, and the timeouts and image downscale that apply to all. Their API keys
// are in the keyring where there is one (ApiKeyStore) and never leave it except into a request's
// Authorization header: they are not properties, not part of session files, and not logged.
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
    // The server whose key keyStored tells about (the one a dialog shows).
    Q_PROPERTY(QString keyServer READ keyServer WRITE setKeyServer NOTIFY keyServerChanged)
    Q_PROPERTY(bool keyStored READ keyStored NOTIFY keyStateChanged)
    // Why the last setApiKey() did not store the key ("" when it did).
    Q_PROPERTY(QString keyError READ keyError NOTIFY keyStateChanged)
    // Where keys are in plain text when there is no keyring ("" while they go to the keyring).
    Q_PROPERTY(QString keyStorageWarning READ keyStorageWarning NOTIFY keyStorageChanged)

public:
    explicit RemoteServerSettings(QObject *parent = nullptr);

    [[nodiscard]] QStringList servers() const;
    [[nodiscard]] int connectTimeoutSeconds() const;
    [[nodiscard]] int idleTimeoutSeconds() const;
    [[nodiscard]] int answerTimeoutSeconds() const;
    [[nodiscard]] int maxImageSide() const;
    void setConnectTimeoutSeconds(int s);
    void setIdleTimeoutSeconds(int s);
    void setAnswerTimeoutSeconds(int s);
    void setMaxImageSide(int side);
    [[nodiscard]] QString keyServer() const { return m_keyServer; }
    void setKeyServer(const QString &serverUrl);
    [[nodiscard]] bool keyStored() const { return m_keyStored; }
    [[nodiscard]] QString keyError() const { return m_keyError; }
    [[nodiscard]] QString keyStorageWarning() const;

    // Puts the server first in the recent list (and remembers its model when given).
    Q_INVOKABLE void remember(const QString &serverUrl, const QString &model = {});
    // Forgets the server, its key and its model.
    Q_INVOKABLE void forget(const QString &serverUrl);
    Q_INVOKABLE QString lastModel(const QString &serverUrl) const;
    // Stores the key in the background (an empty key removes it); keyError says when that failed.
    Q_INVOKABLE void setApiKey(const QString &serverUrl, const QString &key);

    // Fills what a "remote" ModelSpec leaves out (timeouts, downscale) from the settings store; the key comes
    // from ApiKeyStore.
    static void completeSpec(ModelSpec *spec);
    // The settings store's name of a server's `field`.
    [[nodiscard]] static QString settingsKey(const QString &serverUrl, const char *field);
    // "http://host:8000/", "host:8000" and "http://host:8000/v1" name the same server.
    [[nodiscard]] static QString normalizedUrl(const QString &serverUrl);

signals:
    void serversChanged();
    void settingsChanged();
    void keyServerChanged();
    void keyStateChanged();
    void keyStorageChanged();

private:
    void checkKey();

    QString m_keyServer;
    bool m_keyStored = false;
    QString m_keyError;
};
