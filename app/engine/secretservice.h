#pragma once

#include <QDBusConnection>
#include <QDBusObjectPath>
#include <QMap>
#include <QObject>

#include <functional>

class QDBusMessage;

// A client of the freedesktop Secret Service (org.freedesktop.secrets: GNOME Keyring, KWallet, KeePassXC), the
// platform keyring of Linux desktops. Every call is asynchronous: a locked keyring asks the user through the
// service's own prompt, which can take minutes, and the caller (the GUI thread) must never wait for it.
// Secrets travel in a "plain" session: the bus is private to the user's login.
class SecretService : public QObject
{
    Q_OBJECT

public:
    using Attributes = QMap<QString, QString>;
    struct Result {
        enum class Status {
            Ok,
            NoService, // no bus, or nothing on it answers for org.freedesktop.secrets
            Dismissed, // the user dismissed the unlock (or create) prompt
            Failed,    // the service refused: error says why
        };
        Status status = Status::Ok;
        bool found = false; // read, contains: an item with the attributes exists
        QString secret;     // read: its secret
        QString error;      // the service's message when not Ok
    };
    using Done = std::function<void(const Result &)>;

    explicit SecretService(const QDBusConnection &bus, QObject *parent = nullptr);

    // Opens the session every other call needs: Ok when a Secret Service answers.
    void open(Done done);
    // Whether an item with these attributes exists, locked or not (no prompt).
    void contains(const Attributes &attributes, Done done);
    // The secret of the item with these attributes, unlocking it first when needed.
    void read(const Attributes &attributes, Done done);
    // Stores the secret in the item with these attributes in the default collection, replacing one there.
    void write(const Attributes &attributes, const QString &label, const QString &secret, Done done);
    // Deletes every item with these attributes.
    void remove(const Attributes &attributes, Done done);

private:
    using Reply = std::function<void(const QDBusMessage &)>;
    using Paths = QList<QDBusObjectPath>;
    void call(const QString &path, const QString &interface, const QString &method, const QVariantList &args,
              const Reply &next, const Done &done);
    void search(const Attributes &attributes, const std::function<void(const Paths &unlocked, const Paths &locked)> &next,
                const Done &done);
    void unlock(const Paths &objects, const std::function<void()> &next, const Done &done);
    // Shows the prompt at `prompt` ("/" needs none) and goes on with its result unless it is dismissed.
    void prompt(const QDBusObjectPath &prompt, const std::function<void(const QVariant &result)> &next, const Done &done);
    void defaultCollection(const std::function<void(const QDBusObjectPath &)> &next, const Done &done);
    void deleteEach(Paths items, const Done &done);

    QDBusConnection m_bus;
    QDBusObjectPath m_session;
};
