// API keys against a real Secret Service: gnome-keyring-daemon on a D-Bus bus of this test's own, with a
// home of its own, so that no key of the user's is read or written. Then a bus with no Secret Service on
// it, and no bus at all: keys go to the settings file and the user is told.
#include "apikeystore.h"
#include "enginecontroller.h"
#include "remote_test_server.h"
#include "remotemodellist.h"
#include "remoteserversettings.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <csignal>
#include <optional>
#include <sys/prctl.h>

namespace {

constexpr int kTimeoutMs = 20000;

// A daemon that dies with the test, however the test ends.
void startDaemon(QProcess *process, const QString &program, const QStringList &args)
{
    process->setChildProcessModifier([] { prctl(PR_SET_PDEATHSIG, SIGKILL); });
    process->start(program, args);
}

void stopDaemon(QProcess *process)
{
    if (process->state() == QProcess::NotRunning)
        return;
    process->terminate();
    if (!process->waitForFinished(5000)) {
        process->kill();
        process->waitForFinished(5000);
    }
}

// A session bus with nothing that can be started on demand: only what the test starts on it is there.
class PrivateBus
{
public:
    bool start()
    {
        if (!m_dir.isValid())
            return false;
        QFile config(m_dir.filePath(QStringLiteral("bus.conf")));
        if (!config.open(QIODevice::WriteOnly))
            return false;
        // no <servicedir>: nothing is started on demand
        config.write(QStringLiteral("<busconfig>\n"
                                    "  <type>session</type>\n"
                                    "  <listen>unix:dir=%1</listen>\n"
                                    "  <auth>EXTERNAL</auth>\n"
                                    "  <policy context='default'>\n"
                                    "    <allow send_destination='*' eavesdrop='true'/>\n"
                                    "    <allow eavesdrop='true'/>\n"
                                    "    <allow own='*'/>\n"
                                    "  </policy>\n"
                                    "</busconfig>\n")
                         .arg(m_dir.path())
                         .toUtf8());
        config.close();
        startDaemon(&m_daemon, QStringLiteral("dbus-daemon"),
                    {QStringLiteral("--config-file=") + config.fileName(), QStringLiteral("--nofork"),
                     QStringLiteral("--print-address=1")});
        if (!m_daemon.waitForStarted(kTimeoutMs))
            return false;
        while (!m_daemon.canReadLine()) {
            if (!m_daemon.waitForReadyRead(kTimeoutMs))
                return false;
        }
        m_address = QString::fromUtf8(m_daemon.readLine().trimmed());
        return !m_address.isEmpty();
    }
    ~PrivateBus() { stopDaemon(&m_daemon); }
    [[nodiscard]] QString address() const { return m_address; }
    [[nodiscard]] QString error() { return m_daemon.errorString() + QString::fromUtf8(m_daemon.readAllStandardError()); }

private:
    QTemporaryDir m_dir;
    QProcess m_daemon;
    QString m_address;
};

// gnome-keyring-daemon's Secret Service with a fresh login keyring, unlocked by the password on stdin.
class Keyring
{
public:
    bool start(const QString &busAddress)
    {
        if (!m_home.isValid())
            return false;
        QDir(m_home.path()).mkpath(QStringLiteral("run"));
        QFile::setPermissions(m_home.filePath(QStringLiteral("run")), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home.filePath(QStringLiteral("run")));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), busAddress);
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        m_daemon.setProcessEnvironment(env);
        startDaemon(&m_daemon, QStringLiteral("gnome-keyring-daemon"),
                    {QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
        if (!m_daemon.waitForStarted(kTimeoutMs))
            return false;
        m_daemon.write("test-password");
        m_daemon.closeWriteChannel();
        return true;
    }
    ~Keyring() { stopDaemon(&m_daemon); }
    [[nodiscard]] QString error() { return m_daemon.errorString() + QString::fromUtf8(m_daemon.readAllStandardError()); }

private:
    QTemporaryDir m_home;
    QProcess m_daemon;
};

bool waitFor(const std::function<bool()> &done, int ms = kTimeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QTest::qWait(20);
    return done();
}

// Runs one store request to its answer.
std::optional<ApiKeyStore::Result> run(const std::function<void(ApiKeyStore::Done)> &request)
{
    std::optional<ApiKeyStore::Result> result;
    request([&](const ApiKeyStore::Result &r) { result = r; });
    waitFor([&] { return result.has_value(); });
    return result;
}

// The keyring's items for a server, seen through the Secret Service itself rather than through the store.
int itemsInKeyring(const QDBusConnection &bus, const QString &server)
{
    QDBusInterface service(QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                           QStringLiteral("org.freedesktop.Secret.Service"), bus);
    const QMap<QString, QString> attributes{{QStringLiteral("application"), QStringLiteral("groundchat")},
                                            {QStringLiteral("server"), server}};
    const QDBusMessage reply = service.call(QStringLiteral("SearchItems"), QVariant::fromValue(attributes));
    if (reply.type() != QDBusMessage::ReplyMessage)
        return -1;
    return int(qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().value(0)).size()
               + qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().value(1)).size());
}

QByteArray settingsFile()
{
    QSettings().sync();
    QFile f(QSettings().fileName());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestApiKeyStore : public QObject
{
    Q_OBJECT

    PrivateBus m_bus;
    Keyring m_keyring;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the settings store of this test, not the user's
        QCoreApplication::setOrganizationName(QStringLiteral("GroundChatTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_apikeystore"));
        QSettings().clear();
        QVERIFY2(m_bus.start(), qPrintable(m_bus.error()));
        QVERIFY2(m_keyring.start(m_bus.address()), qPrintable(m_keyring.error()));
        // the app's own store (ApiKeyStore::instance) is on the session bus: this one
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_bus.address().toUtf8());
        QVERIFY2(waitFor([] {
                     return QDBusConnection::sessionBus().interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets"))
                         .value();
                 }),
                 qPrintable(m_keyring.error()));
    }

    void keysLiveInTheKeyring()
    {
        const QString server = QStringLiteral("http://127.0.0.1:8000");
        ApiKeyStore store(QDBusConnection::sessionBus());
        QSignalSpy warned(&store, &ApiKeyStore::plainTextWarningChanged);
        auto r = run([&](auto done) { store.write(server + "/v1/", "sk-first", done); });
        QVERIFY(r);
        QCOMPARE(r->error, QString());
        QCOMPARE(itemsInKeyring(QDBusConnection::sessionBus(), server), 1);
        r = run([&](auto done) { store.read(server, done); });
        QVERIFY(r);
        QCOMPARE(r->key, QString("sk-first"));

        // as after a restart: a store of its own, on a connection of its own
        {
            ApiKeyStore restarted(QDBusConnection::connectToBus(m_bus.address(), QStringLiteral("restarted")));
            r = run([&](auto done) { restarted.read("127.0.0.1:8000", done); });
            QVERIFY(r);
            QCOMPARE(r->key, QString("sk-first"));
            r = run([&](auto done) { restarted.write(server, "sk-second", done); });
            QVERIFY(r && r->error.isEmpty());
        }
        QDBusConnection::disconnectFromBus(QStringLiteral("restarted"));
        QCOMPARE(itemsInKeyring(QDBusConnection::sessionBus(), server), 1); // replaced, not added
        r = run([&](auto done) { store.read(server, done); });
        QVERIFY(r);
        QCOMPARE(r->key, QString("sk-second"));
        r = run([&](auto done) { store.contains(server, done); });
        QVERIFY(r && r->stored);

        r = run([&](auto done) { store.write(server, "", done); });
        QVERIFY(r && r->error.isEmpty());
        QCOMPARE(itemsInKeyring(QDBusConnection::sessionBus(), server), 0);
        r = run([&](auto done) { store.read(server, done); });
        QVERIFY(r);
        QCOMPARE(r->key, QString());
        QVERIFY(!r->stored);

        QCOMPARE(store.plainTextWarning(), QString());
        QCOMPARE(warned.size(), 0);
        const QByteArray file = settingsFile();
        QVERIFY2(!file.contains("sk-first") && !file.contains("sk-second"), file.constData());
    }

    void aKeyInTheSettingsFileMovesToTheKeyring()
    {
        const QString server = QStringLiteral("https://api.example.org");
        QSettings().setValue(RemoteServerSettings::settingsKey(server, "apiKey"), QStringLiteral("sk-old"));
        QVERIFY(settingsFile().contains("sk-old"));
        ApiKeyStore store(QDBusConnection::sessionBus());
        const auto r = run([&](auto done) { store.read(server + "/v1", done); });
        QVERIFY(r);
        QCOMPARE(r->key, QString("sk-old"));
        QCOMPARE(itemsInKeyring(QDBusConnection::sessionBus(), server), 1);
        QVERIFY2(!settingsFile().contains("sk-old"), settingsFile().constData());
        QVERIFY(run([&](auto done) { store.write(server, "", done); }));
    }

    // The app's path: the dialog stores the key, the model list and the model load send it to the server,
    // and the settings file never holds it.
    void theAppSendsTheKeyringsKey()
    {
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::models({"m"});
        RemoteServerSettings settings;
        settings.setKeyServer(server.url());
        QSignalSpy keyState(&settings, &RemoteServerSettings::keyStateChanged);
        QVERIFY(keyState.wait(kTimeoutMs));
        QVERIFY(!settings.keyStored());
        settings.setApiKey(server.url(), QStringLiteral("sk-app"));
        QVERIFY(waitFor([&] { return settings.keyStored(); }));
        QCOMPARE(settings.keyError(), QString());
        QCOMPARE(settings.keyStorageWarning(), QString());

        RemoteModelList list;
        QSignalSpy refreshed(&list, &RemoteModelList::refreshed);
        list.setServerUrl(server.url());
        list.refresh();
        QVERIFY(list.loading());
        QVERIFY(refreshed.wait(kTimeoutMs));
        QCOMPARE(list.errorText(), QString());
        QCOMPARE(server.authorizations.value(0), QByteArray("Bearer sk-app"));

        EngineController engine;
        engine.loadSpec(ModelSpec::server(server.url(), QStringLiteral("m")));
        QVERIFY(waitFor([&] { return engine.state() != EngineController::State::Loading; }));
        QCOMPARE(engine.state(), EngineController::State::Ready);
        QCOMPARE(server.authorizations.value(1), QByteArray("Bearer sk-app"));
        QVERIFY(!settingsFile().contains("sk-app"));

        // a load cancelled while its key is read never starts: the next one is the only one the server sees
        engine.loadSpec(ModelSpec::server(server.url(), QStringLiteral("m")));
        QCOMPARE(engine.state(), EngineController::State::Loading);
        engine.cancelLoad();
        QCOMPARE(engine.state(), EngineController::State::Ready); // the model loaded before still answers
        QCOMPARE(engine.loadError(), QString("Loading was cancelled."));
        engine.loadSpec(ModelSpec::server(server.url(), QStringLiteral("m")));
        QVERIFY(waitFor([&] { return engine.state() != EngineController::State::Loading; }));
        QCOMPARE(engine.state(), EngineController::State::Ready);
        QCOMPARE(server.authorizations.size(), 3);

        settings.forget(server.url());
        QVERIFY(waitFor([&] { return !settings.keyStored(); }));
        QCOMPARE(itemsInKeyring(QDBusConnection::sessionBus(), RemoteServerSettings::normalizedUrl(server.url())), 0);
    }

    // Last of the keyring's tests: nothing here can unlock it again. No prompter is on the test's bus, so
    // the service ends every unlock prompt as dismissed, as when the user presses Cancel.
    void aKeyringThatStaysLockedSaysSoAndKeepsTheKeyOutOfTheFile()
    {
        const QString server = QStringLiteral("http://127.0.0.1:8001");
        ApiKeyStore store(QDBusConnection::sessionBus());
        auto r = run([&](auto done) { store.write(server, "sk-locked", done); });
        QVERIFY(r && r->error.isEmpty());
        QDBusInterface service(QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                               QStringLiteral("org.freedesktop.Secret.Service"), QDBusConnection::sessionBus());
        const QDBusReply<QDBusObjectPath> collection = service.call(QStringLiteral("ReadAlias"), QStringLiteral("default"));
        QVERIFY(collection.isValid());
        const QDBusMessage locked = service.call(QStringLiteral("Lock"), QVariant::fromValue(QList<QDBusObjectPath>{collection.value()}));
        QVERIFY2(locked.type() == QDBusMessage::ReplyMessage, qPrintable(locked.errorMessage()));

        r = run([&](auto done) { store.contains(server, done); });
        QVERIFY(r);
        QVERIFY2(r->stored && r->error.isEmpty(), "a locked key is known to be there without a prompt");
        r = run([&](auto done) { store.read(server, done); });
        QVERIFY(r);
        QCOMPARE(r->key, QString());
        QCOMPARE(r->error, QString("The keyring stayed locked, so the stored API key could not be read."));
        EngineController engine; // a load that needs the key says why it did not start
        engine.loadSpec(ModelSpec::server(server, QStringLiteral("m")));
        QVERIFY(waitFor([&] { return engine.state() != EngineController::State::Loading; }));
        QCOMPARE(engine.state(), EngineController::State::Failed);
        QCOMPARE(engine.loadError(), r->error);
        r = run([&](auto done) { store.write(server, "sk-other", done); });
        QVERIFY(r);
        QCOMPARE(r->error, QString("The keyring stayed locked, so the API key was not saved."));
        QCOMPARE(store.plainTextWarning(), QString());
        const QByteArray file = settingsFile();
        QVERIFY2(!file.contains("sk-locked") && !file.contains("sk-other"), file.constData());
    }

    void withoutAKeyringKeysGoToTheSettingsFileAndTheUserIsTold_data()
    {
        QTest::addColumn<bool>("bus");
        QTest::newRow("a bus with no Secret Service on it") << true;
        QTest::newRow("no bus") << false;
    }
    void withoutAKeyringKeysGoToTheSettingsFileAndTheUserIsTold()
    {
        QFETCH(bool, bus);
        PrivateBus empty;
        if (bus)
            QVERIFY2(empty.start(), qPrintable(empty.error()));
        const QString address = bus ? empty.address() : QStringLiteral("unix:path=/nonexistent/groundchat-test-bus");
        const QString name = QStringLiteral("empty-%1").arg(bus);
        {
            ApiKeyStore store(QDBusConnection::connectToBus(address, name));
            QSignalSpy warned(&store, &ApiKeyStore::plainTextWarningChanged);
            const QString server = QStringLiteral("http://192.0.2.7:8000");
            auto r = run([&](auto done) { store.write(server, "sk-plain", done); });
            QVERIFY(r);
            QCOMPARE(r->error, QString());
            QCOMPARE(warned.size(), 1);
            QVERIFY2(store.plainTextWarning().startsWith("No keyring available: the API key is stored in plain text in "),
                     qPrintable(store.plainTextWarning()));
            QVERIFY2(store.plainTextWarning().endsWith(QSettings().fileName()), qPrintable(store.plainTextWarning()));
            QVERIFY(settingsFile().contains("sk-plain"));
            r = run([&](auto done) { store.read(server, done); });
            QVERIFY(r);
            QCOMPARE(r->key, QString("sk-plain"));
            r = run([&](auto done) { store.write(server, "", done); });
            QVERIFY(r);
            QVERIFY(!settingsFile().contains("sk-plain"));
        }
        QDBusConnection::disconnectFromBus(name);
    }
};

QTEST_MAIN(TestApiKeyStore)
#include "tst_apikeystore.moc"
