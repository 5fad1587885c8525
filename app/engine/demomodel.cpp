#include "demomodel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace {

// The source tree this file was compiled from (CMake passes absolute paths), for runs from a build dir.
QString sourceTreeModel()
{
#ifdef GC_DEMO_MODEL_SOURCE_DIR
    return QStringLiteral(GC_DEMO_MODEL_SOURCE_DIR);
#else
    QDir d = QFileInfo(QStringLiteral(__FILE__)).absoluteDir(); // app/engine
    d.cd(QStringLiteral("../../resources/models/demo-kosmos2"));
    return d.absolutePath();
#endif
}

bool isModelFolder(const QString &dir)
{
    return !dir.isEmpty() && QFileInfo::exists(dir + QStringLiteral("/config.json")) &&
           QFileInfo::exists(dir + QStringLiteral("/model.safetensors"));
}

} // namespace

QString demoModelPath()
{
    QStringList candidates;
    const QString env = qEnvironmentVariable("GC_DEMO_MODEL");
    if (!env.isEmpty())
        candidates << env;
    if (QCoreApplication::instance())
        candidates << QDir(QCoreApplication::applicationDirPath())
                          .absoluteFilePath(QStringLiteral("../share/groundchat/models/demo-kosmos2"));
    candidates << sourceTreeModel();
    for (const QString &c : candidates)
        if (isModelFolder(c))
            return QDir(c).absolutePath();
    return {};
}

QString demoModelLabel()
{
    return QCoreApplication::translate("DemoModel", "Demo model (synthetic scenes of shapes only)");
}
