#include "modelbackend.h"

ModelSpec ModelSpec::localFolder(const QString &folder)
{
    ModelSpec spec;
    spec.kind = Kind::Folder;
    spec.folder = folder;
    return spec;
}

ModelSpec ModelSpec::server(const QString &serverUrl, const QString &modelName, const QString &dialect)
{
    ModelSpec spec;
    spec.kind = Kind::Server;
    spec.serverUrl = serverUrl;
    spec.modelName = modelName;
    spec.dialect = dialect;
    return spec;
}

ModelSpec ModelSpec::fake(const QString &dialect, const QString &script)
{
    ModelSpec spec;
    spec.kind = Kind::Fake;
    spec.dialect = dialect;
    spec.script = script;
    return spec;
}
