#include "maskimageprovider.h"

#include <QQmlEngine>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(GroundChat_CorePlugin)
Q_IMPORT_QML_PLUGIN(GroundChatPlugin)

class Setup : public QObject
{
    Q_OBJECT
public slots:
    // the style the app runs in (main.cpp), so that the views are measured as the user sees them
    void applicationAvailable() { QQuickStyle::setStyle(QStringLiteral("Material")); }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        engine->addImageProvider(QStringLiteral("gcmask"), new MaskImageProvider);
    }
};

QUICK_TEST_MAIN_WITH_SETUP(groundchat_qml, Setup)
#include "tst_qml.moc"
