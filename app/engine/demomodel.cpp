#include "demomodel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace {

// The source tree this program was built from (app/CMakeLists.txt defines it), for runs from a build dir.
QString sourceTreeModel()
{
    return QStringLiteral(GC_DEMO_MODEL_SOURCE_DIR);
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
