#include "secretservice.h"

#include <QDBusArgument>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>
#include <QDBusServiceWatcher>
#include <QDBusVariant>
#include <QPointer>

namespace {

const QString kService = QStringLiteral("org.freedesktop.secrets");
const QString kServicePath = QStringLiteral("/org/freedesktop/secrets");
const QString kServiceInterface = QStringLiteral("org.freedesktop.Secret.Service");
const QString kCollectionInterface = QStringLiteral("org.freedesktop.Secret.Collection");
const QString kItemInterface = QStringLiteral("org.freedesktop.Secret.Item");
const QString kPromptInterface = QStringLiteral("org.freedesktop.Secret.Prompt");
const QString kNoPrompt = QStringLiteral("/");

// The spec's Secret struct, (oayays): session, algorithm parameters (none for "plain"), value, content type.
struct Secret {
    QDBusObjectPath session;
    QByteArray parameters;
    QByteArray value;
    QString contentType;
};

QDBusArgument &operator<<(QDBusArgument &arg, const Secret &s)
{
    arg.beginStructure();
    arg << s.session << s.parameters << s.value << s.contentType;
    arg.endStructure();
    return arg;
}

const QDBusArgument &operator>>(const QDBusArgument &arg, Secret &s)
{
    arg.beginStructure();
    arg >> s.session >> s.parameters >> s.value >> s.contentType;
    arg.endStructure();
    return arg;
}

} // namespace

Q_DECLARE_METATYPE(Secret)

namespace {

// Waits for one prompt's Completed signal, which QtDBus delivers only to a slot, or for the service to go
// away without sending it.
class PromptWatcher : public QObject
{
    Q_OBJECT

public:
    using Completed = std::function<void(bool dismissed, const QVariant &result)>;
    using Gone = std::function<void()>;
    PromptWatcher(const QDBusConnection &bus, const QString &path, Completed completed, Gone gone, QObject *parent)
        : QObject(parent), m_bus(bus), m_path(path), m_completed(std::move(completed)), m_gone(std::move(gone))
    {
        auto *service = new QDBusServiceWatcher(kService, m_bus, QDBusServiceWatcher::WatchForUnregistration, this);
        connect(service, &QDBusServiceWatcher::serviceUnregistered, this, [this] {
            stop();
            m_gone();
        });
    }
    bool listen()
    {
        return m_bus.connect(kService, m_path, kPromptInterface, QStringLiteral("Completed"), this,
                             SLOT(completed(bool, QDBusVariant)));
    }

public slots:
    void completed(bool dismissed, const QDBusVariant &result)
    {
        stop();
        m_completed(dismissed, result.variant());
    }

private:
    void stop()
    {
        m_bus.disconnect(kService, m_path, kPromptInterface, QStringLiteral("Completed"), this,
                         SLOT(completed(bool, QDBusVariant)));
        deleteLater();
    }

    QDBusConnection m_bus;
    QString m_path;
    Completed m_completed;
    Gone m_gone;
};

bool meansNoService(const QDBusError &error)
{
    switch (error.type()) {
    case QDBusError::ServiceUnknown:
    case QDBusError::NoServer:
    case QDBusError::Disconnected:
    case QDBusError::NoReply:
    case QDBusError::Timeout:
    case QDBusError::TimedOut:
        return true;
    default:
        // a service file naming a program that cannot start (org.freedesktop.DBus.Error.Spawn.*)
        return error.name().startsWith(QLatin1String("org.freedesktop.DBus.Error.Spawn"));
    }
}

template <typename T> T argument(const QDBusMessage &reply, int i) { return qdbus_cast<T>(reply.arguments().value(i)); }

void finish(const SecretService::Done &done, SecretService::Result::Status status, const QString &error = {})
{
    SecretService::Result r;
    r.status = status;
    r.error = error;
    done(r);
}

} // namespace

SecretService::SecretService(const QDBusConnection &bus, QObject *parent) : QObject(parent), m_bus(bus)
{
    qDBusRegisterMetaType<Secret>();
    qDBusRegisterMetaType<Attributes>();
    qDBusRegisterMetaType<Paths>();
}

void SecretService::call(const QString &path, const QString &interface, const QString &method, const QVariantList &args,
                         const Reply &next, const Done &done)
{
    QDBusMessage message = QDBusMessage::createMethodCall(kService, path, interface, method);
    message.setArguments(args);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(message), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, next, done] {
        watcher->deleteLater();
        const QDBusMessage reply = watcher->reply();
        if (reply.type() != QDBusMessage::ReplyMessage) {
            const QDBusError error = watcher->error();
            m_session = {}; // the service may have restarted: the next call opens a new session
            finish(done, meansNoService(error) ? Result::Status::NoService : Result::Status::Failed, error.message());
            return;
        }
        next(reply);
    });
}

void SecretService::open(Done done)
{
    if (!m_bus.isConnected()) {
        // answered later, as every other outcome, so that callers see one order of events
        QMetaObject::invokeMethod(this, [done, error = m_bus.lastError().message()] {
            finish(done, Result::Status::NoService, error);
        }, Qt::QueuedConnection);
        return;
    }
    if (!m_session.path().isEmpty()) {
        QMetaObject::invokeMethod(this, [done] { done({}); }, Qt::QueuedConnection);
        return;
    }
    call(kServicePath, kServiceInterface, QStringLiteral("OpenSession"),
         {QStringLiteral("plain"), QVariant::fromValue(QDBusVariant(QString()))},
         [this, done](const QDBusMessage &reply) {
             m_session = argument<QDBusObjectPath>(reply, 1);
             done({});
         },
         done);
}

void SecretService::search(const Attributes &attributes,
                           const std::function<void(const Paths &unlocked, const Paths &locked)> &next, const Done &done)
{
    open([this, attributes, next, done](const Result &opened) {
        if (opened.status != Result::Status::Ok)
            return done(opened);
        call(kServicePath, kServiceInterface, QStringLiteral("SearchItems"), {QVariant::fromValue(attributes)},
             [next](const QDBusMessage &reply) { next(argument<Paths>(reply, 0), argument<Paths>(reply, 1)); }, done);
    });
}

void SecretService::prompt(const QDBusObjectPath &path, const std::function<void(const QVariant &result)> &next,
                           const Done &done)
{
    if (path.path() == kNoPrompt)
        return next({});
    auto *watcher = new PromptWatcher(
        m_bus, path.path(),
        [next, done](bool dismissed, const QVariant &result) {
            if (dismissed)
                return finish(done, Result::Status::Dismissed);
            next(result);
        },
        [this, done] {
            m_session = {};
            finish(done, Result::Status::NoService, tr("The keyring service stopped while it was asking."));
        },
        this);
    // listening before the prompt is shown: it may complete at once
    if (!watcher->listen()) {
        delete watcher;
        return finish(done, Result::Status::Failed, m_bus.lastError().message());
    }
    // no window to attach the prompt to: the service shows it on its own
    call(path.path(), kPromptInterface, QStringLiteral("Prompt"), {QString()}, [](const QDBusMessage &) {},
         [watcher = QPointer<PromptWatcher>(watcher), done](const Result &failed) {
             if (!watcher) // it completed after all
                 return;
             delete watcher;
             done(failed);
         });
}

void SecretService::unlock(const Paths &objects, const std::function<void()> &next, const Done &done)
{
    if (objects.isEmpty())
        return next();
    call(kServicePath, kServiceInterface, QStringLiteral("Unlock"), {QVariant::fromValue(objects)},
         [this, next, done](const QDBusMessage &reply) {
             prompt(argument<QDBusObjectPath>(reply, 1), [next](const QVariant &) { next(); }, done);
         },
         done);
}

void SecretService::contains(const Attributes &attributes, Done done)
{
    search(attributes, [done](const Paths &unlocked, const Paths &locked) {
        Result r;
        r.found = !unlocked.isEmpty() || !locked.isEmpty();
        done(r);
    }, done);
}

void SecretService::read(const Attributes &attributes, Done done)
{
    search(attributes, [this, done](const Paths &unlocked, const Paths &locked) {
        if (unlocked.isEmpty() && locked.isEmpty())
            return done({});
        const QDBusObjectPath item = unlocked.isEmpty() ? locked.first() : unlocked.first();
        unlock(unlocked.isEmpty() ? Paths{item} : Paths{}, [this, item, done] {
            call(item.path(), kItemInterface, QStringLiteral("GetSecret"), {QVariant::fromValue(m_session)},
                 [done](const QDBusMessage &reply) {
                     Result r;
                     r.found = true;
                     r.secret = QString::fromUtf8(argument<Secret>(reply, 0).value);
                     done(r);
                 },
                 done);
        }, done);
    }, done);
}

void SecretService::defaultCollection(const std::function<void(const QDBusObjectPath &)> &next, const Done &done)
{
    call(kServicePath, kServiceInterface, QStringLiteral("ReadAlias"), {QStringLiteral("default")},
         [this, next, done](const QDBusMessage &reply) {
             const auto collection = argument<QDBusObjectPath>(reply, 0);
             if (collection.path() != kNoPrompt)
                 return next(collection);
             // a fresh keyring has none yet: the service asks the user for its password
             const QVariantMap properties{{kCollectionInterface + QStringLiteral(".Label"), tr("Default keyring")}};
             call(kServicePath, kServiceInterface, QStringLiteral("CreateCollection"),
                  {properties, QStringLiteral("default")},
                  [this, next, done](const QDBusMessage &created) {
                      const auto path = argument<QDBusObjectPath>(created, 0);
                      if (path.path() != kNoPrompt)
                          return next(path);
                      prompt(argument<QDBusObjectPath>(created, 1), [next](const QVariant &result) {
                          next(qdbus_cast<QDBusObjectPath>(result));
                      }, done);
                  },
                  done);
         },
         done);
}

void SecretService::write(const Attributes &attributes, const QString &label, const QString &secret, Done done)
{
    open([this, attributes, label, secret, done](const Result &opened) {
        if (opened.status != Result::Status::Ok)
            return done(opened);
        defaultCollection([this, attributes, label, secret, done](const QDBusObjectPath &collection) {
            unlock({collection}, [this, collection, attributes, label, secret, done] {
                const QVariantMap properties{{kItemInterface + QStringLiteral(".Label"), label},
                                             {kItemInterface + QStringLiteral(".Attributes"), QVariant::fromValue(attributes)}};
                const Secret value{m_session, {}, secret.toUtf8(), QStringLiteral("text/plain; charset=utf8")};
                call(collection.path(), kCollectionInterface, QStringLiteral("CreateItem"),
                     {properties, QVariant::fromValue(value), true},
                     [this, done](const QDBusMessage &reply) {
                         prompt(argument<QDBusObjectPath>(reply, 1), [done](const QVariant &) { done({}); }, done);
                     },
                     done);
            }, done);
        }, done);
    });
}

void SecretService::remove(const Attributes &attributes, Done done)
{
    search(attributes, [this, done](const Paths &unlocked, const Paths &locked) {
        unlock(locked, [this, items = unlocked + locked, done] { deleteEach(items, done); }, done);
    }, done);
}

void SecretService::deleteEach(Paths items, const Done &done)
{
    if (items.isEmpty())
        return done({});
    const QDBusObjectPath item = items.takeFirst();
    call(item.path(), kItemInterface, QStringLiteral("Delete"), {},
         [this, items, done](const QDBusMessage &reply) {
             prompt(argument<QDBusObjectPath>(reply, 0), [this, items, done](const QVariant &) { deleteEach(items, done); },
                    done);
         },
         done);
}

#include "secretservice.moc"
