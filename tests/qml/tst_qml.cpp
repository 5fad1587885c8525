#include "hub_test_server.h"
#include "maskimageprovider.h"
#include "remote_test_server.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(GroundChat_CorePlugin)
Q_IMPORT_QML_PLUGIN(GroundChatPlugin)

// An OpenAI-compatible server in the test process (RemoteTestServer) offering the models a test names.
class ModelsServer : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString url READ url CONSTANT)
public:
    [[nodiscard]] QString url() const { return m_server.url(); }
    Q_INVOKABLE void offer(const QStringList &ids) { m_server.modelsReply = RemoteTestServer::models(ids); }

private:
    RemoteTestServer m_server;
};

// A stand-in Hugging Face Hub in the test process (HubTestServer) serving fixture folders of tests/data, with
// an empty cache folder of its own.
class StandInHub : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString url READ url CONSTANT)
    Q_PROPERTY(QString cacheDir READ cacheDir CONSTANT)
    Q_PROPERTY(int bytesPerSecond READ bytesPerSecond WRITE setBytesPerSecond)
public:
    [[nodiscard]] QString url() const { return m_server.url(); }
    [[nodiscard]] QString cacheDir() const { return m_cache.path(); }
    [[nodiscard]] int bytesPerSecond() const { return m_server.bytesPerSecond; }
    void setBytesPerSecond(int n) { m_server.bytesPerSecond = n; }
    Q_INVOKABLE void addFixture(const QString &repoId, const QString &fixture, bool gated = false)
    {
        m_server.addRepo(repoId, QStringLiteral(GC_TEST_DATA "/") + fixture, gated);
    }

private:
    HubTestServer m_server;
    QTemporaryDir m_cache;
};

// Copies of fixture folders of tests/data that a test may delete (a model folder the app remembers, then
// removed).
class ScratchFolders : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE QString copyFixture(const QString &fixture, const QString &name)
    {
        const QString to = folder(name);
        const QDir from(QStringLiteral(GC_TEST_DATA "/") + fixture);
        QDirIterator it(from.path(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString target = to + QLatin1Char('/') + from.relativeFilePath(it.next());
            QDir().mkpath(QFileInfo(target).path());
            QFile::copy(it.filePath(), target);
        }
        return to;
    }
    Q_INVOKABLE QString folder(const QString &name)
    {
        const QString path = m_root.path() + QLatin1Char('/') + name;
        QDir().mkpath(path);
        return path;
    }
    Q_INVOKABLE bool remove(const QString &folder) { return QDir(folder).removeRecursively(); }

private:
    QTemporaryDir m_root;
};

class Setup : public QObject
{
    Q_OBJECT
public slots:
    // the style the app runs in (main.cpp), so that the views are measured as the user sees them
    void applicationAvailable()
    {
        // packed weights (a test loads the demo model in q8) go to a folder of the run's own, never the user's
        qputenv("XDG_CACHE_HOME", m_cache.path().toUtf8());
        // and the settings store (remembered model folders, …) is the run's own too
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
        QQuickStyle::setStyle(QStringLiteral("Material"));
        qmlRegisterType<ModelsServer>("GroundChat.Test", 1, 0, "ModelsServer");
        qmlRegisterType<StandInHub>("GroundChat.Test", 1, 0, "StandInHub");
        qmlRegisterType<ScratchFolders>("GroundChat.Test", 1, 0, "ScratchFolders");
    }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        engine->addImageProvider(QStringLiteral("gcmask"), new MaskImageProvider);
    }

private:
    QTemporaryDir m_cache;
    QTemporaryDir m_config;
};

QUICK_TEST_MAIN_WITH_SETUP(groundchat_qml, Setup)
#include "tst_qml.moc"
