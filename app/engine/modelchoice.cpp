#include "modelchoice.h"

#include "demomodel.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>

namespace {
const QString kKind = QStringLiteral("model/kind");
const QString kFolder = QStringLiteral("model/folder");
const QString kServer = QStringLiteral("model/server");
const QString kName = QStringLiteral("model/name");
const QString kLegacyKind = QStringLiteral("ui/modelKind");
const QString kLegacyFolder = QStringLiteral("ui/modelFolder");
const QString kLegacyRemote = QStringLiteral("ui/remoteSpec");

ModelChoice fromLegacy(const QSettings &s)
{
    const QString kind = s.value(kLegacyKind).toString();
    if (kind == QLatin1String("demo"))
        return ModelChoice::demo();
    if (kind == QLatin1String("folder"))
        return ModelChoice::localFolder(s.value(kLegacyFolder).toString());
    if (kind == QLatin1String("remote")) {
        // the views wrote "URL|model"
        const QString spec = s.value(kLegacyRemote).toString();
        return ModelChoice::server(spec.section(QLatin1Char('|'), 0, 0), spec.section(QLatin1Char('|'), 1));
    }
    return {};
}
} // namespace

ModelChoice ModelChoice::demo()
{
    ModelChoice c;
    c.m_kind = Kind::Demo;
    return c;
}

ModelChoice ModelChoice::localFolder(const QString &folder)
{
    if (folder.isEmpty())
        return {};
    ModelChoice c;
    c.m_kind = Kind::Folder;
    c.m_folder = QDir::cleanPath(folder);
    return c;
}

ModelChoice ModelChoice::server(const QString &serverUrl, const QString &modelName)
{
    if (serverUrl.trimmed().isEmpty() || modelName.isEmpty())
        return {};
    ModelChoice c;
    c.m_kind = Kind::Server;
    c.m_serverUrl = serverUrl.trimmed();
    c.m_modelName = modelName;
    return c;
}

QString ModelChoice::displayName() const
{
    switch (m_kind) {
    case Kind::None: return {};
    case Kind::Demo: return tr("Demo model");
    case Kind::Folder: return QFileInfo(m_folder).fileName();
    case Kind::Server: {
        const QUrl url = QUrl::fromUserInput(m_serverUrl);
        const QString host = url.port() >= 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
        return tr("%1 on %2").arg(m_modelName, host);
    }
    }
    return {};
}

QString ModelChoice::modelFolder() const
{
    switch (m_kind) {
    case Kind::Demo: return demoModelPath();
    case Kind::Folder: return m_folder;
    default: return {};
    }
}

ModelSpec ModelChoice::toSpec() const
{
    if (m_kind == Kind::Server)
        return ModelSpec::server(m_serverUrl, m_modelName);
    return ModelSpec::localFolder(modelFolder());
}

void ModelChoice::save(QSettings &s) const
{
    static const char *const kKinds[] = {"", "demo", "folder", "server"};
    s.setValue(kKind, QLatin1String(kKinds[int(m_kind)]));
    s.setValue(kFolder, m_folder);
    s.setValue(kServer, m_serverUrl);
    s.setValue(kName, m_modelName);
    for (const QString &legacy : {kLegacyKind, kLegacyFolder, kLegacyRemote})
        s.remove(legacy);
}

ModelChoice ModelChoice::load(const QSettings &s)
{
    if (!s.contains(kKind))
        return fromLegacy(s);
    const QString kind = s.value(kKind).toString();
    if (kind == QLatin1String("demo"))
        return demo();
    if (kind == QLatin1String("folder"))
        return localFolder(s.value(kFolder).toString());
    if (kind == QLatin1String("server"))
        return server(s.value(kServer).toString(), s.value(kName).toString());
    return {};
}
