#include "imagelimit.h"
#include "maskimageprovider.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QGuiApplication>
#include <QIcon>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(GroundChat_CorePlugin)
Q_IMPORT_QML_PLUGIN(GroundChatPlugin)

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("GroundChat"));
    QGuiApplication::setOrganizationName(QStringLiteral("GroundChat"));
    QGuiApplication::setApplicationVersion(QStringLiteral(GROUNDCHAT_VERSION));

    QQuickStyle::setStyle(QStringLiteral("Material"));
    // Qt refuses images over 256 MB decoded by default; photos of 50-100+ megapixels are normal here,
    // and the app's own pixel limit is the one that counts.
    ImageLimit::applyAllocationLimit(ImageLimit::maxPixels());
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/groundchat.svg")));

    QCommandLineParser cli;
    cli.setApplicationDescription(QCoreApplication::translate("main", "Grounded multimodal chat"));
    cli.addHelpOption();
    cli.addVersionOption();
    cli.addPositionalArgument(QStringLiteral("files"),
                              QCoreApplication::translate("main", "Images or a .gcsession file to open."));
    const QCommandLineOption modelOption(QStringLiteral("model"),
                                         QCoreApplication::translate("main", "Model folder to load."),
                                         QStringLiteral("DIR"));
    const QCommandLineOption themeOption(QStringLiteral("theme"), QCoreApplication::translate("main", "light or dark."),
                                         QStringLiteral("THEME"));
    const QCommandLineOption langOption(QStringLiteral("lang"), QCoreApplication::translate("main", "en or zh_CN."),
                                        QStringLiteral("LANG"));
    const QCommandLineOption shotOption(QStringLiteral("screenshot"),
                                        QCoreApplication::translate("main", "Save the window to FILE and quit."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption delayOption(QStringLiteral("screenshot-delay"),
                                         QCoreApplication::translate("main", "Milliseconds before the screenshot."),
                                         QStringLiteral("MS"), QStringLiteral("1500"));
    const QCommandLineOption askOption(QStringLiteral("ask"),
                                       QCoreApplication::translate("main", "Send this message once the model is ready."),
                                       QStringLiteral("TEXT"));
    cli.addOptions({modelOption, themeOption, langOption, shotOption, delayOption, askOption});
    cli.process(app);

    QStringList files;
    for (const QString &f : cli.positionalArguments())
        files << QFileInfo(f).absoluteFilePath();

    QQmlApplicationEngine engine;
    engine.addImageProvider(QStringLiteral("gcmask"), new MaskImageProvider);
    engine.setInitialProperties({{QStringLiteral("startupFiles"), files},
                                 {QStringLiteral("startupModel"), cli.value(modelOption)},
                                 {QStringLiteral("startupTheme"), cli.value(themeOption)},
                                 {QStringLiteral("startupLanguage"), cli.value(langOption)},
                                 {QStringLiteral("startupMessage"), cli.value(askOption)},
                                 {QStringLiteral("headless"), cli.isSet(shotOption)}});
    engine.addImportPath(QStringLiteral("qrc:/qt/qml")); // Qt 6.4 does not add it by itself
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app,
                     [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/GroundChat/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;

    // --screenshot FILE: let the window render (and any --ask answer stream), save it and quit.
    if (cli.isSet(shotOption)) {
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
        const QString path = cli.value(shotOption);
        QTimer::singleShot(cli.value(delayOption).toInt(), &app, [window, path] {
            if (window)
                window->grabWindow().save(path);
            QCoreApplication::quit();
        });
    }
    return QGuiApplication::exec();
}
