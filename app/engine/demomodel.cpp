#include "demomodel.h"

#include "demo/model_location.h"

#include <QCoreApplication>

QString demoModelPath() { return QString::fromStdString(gc::demo::modelDir()); }

QString demoModelLabel()
{
    return QCoreApplication::translate("DemoModel", "Demo model (synthetic scenes of shapes only)");
}
