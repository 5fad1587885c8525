#pragma once

#include "secretservice.h"

#include <QList>
#include <QObject>

#include <functional>

// Where the app keeps remote servers' API keys: the platform keyring (the Secret Service) when there is one,
// else the settings file, which the user is told about (plainTextWarning). Keys found in the settings file
// move into the keyring as soon as one answers. Requests run one at a time in the order they were made, so
// a key written and then read comes back as written; every answer comes later, through a callback, on the
// thread the store lives in, which never waits for the keyring.
class ApiKeyStore : public QObject
{
    Q_OBJECT

public:
    struct Result {
        QString key;   // read: the server's key ("" when none)
        bool stored = false; // read, contains: the server has a key
        QString error; // why the keyring could not be used, for the user ("" when it worked)
    };
    using Done = std::function<void(const Result &)>;

    explicit ApiKeyStore(const QDBusConnection &bus, QObject *parent = nullptr);
    // The app's store, on the session bus.
    static ApiKeyStore *instance();

    void read(const QString &serverUrl, Done done);
    // Whether the server has a key, without unlocking the keyring.
    void contains(const QString &serverUrl, Done done);
    // An empty key removes it.
    void write(const QString &serverUrl, const QString &key, Done done = {});

    // "" while keys go to the keyring (or before it is known where they go); else where they are in plain text.
    [[nodiscard]] QString plainTextWarning() const { return m_plainTextWarning; }

signals:
    void plainTextWarningChanged();

private:
    enum class Where { Unknown, Keyring, SettingsFile };
    using Job = std::function<void(const std::function<void()> &finished)>;
    void enqueue(Job job);
    void runNext();
    // Finds out where keys go (once), moving the settings file's keys to the keyring when it answers.
    void locate(const std::function<void()> &next);
    void migrate(QStringList servers, const std::function<void()> &next);
    [[nodiscard]] static SecretService::Attributes attributesFor(const QString &serverUrl);
    [[nodiscard]] static QString errorText(const SecretService::Result &result, bool reading);

    SecretService m_secrets;
    Where m_where = Where::Unknown;
    QString m_plainTextWarning;
    QList<Job> m_jobs;
    bool m_running = false;
};
