#include "cli_replay.h"

#include "args.h"
#include "maskimageprovider.h"
#include "presenter.h"
#include "session.h"
#include "videoexport.h"
#include "videowriter.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(GroundChat_CorePlugin)
Q_IMPORT_QML_PLUGIN(GroundChatPlugin)

namespace gc::cli {

int runReplay(const std::vector<std::string> &argv)
{
    if (argv.empty() || argv[0].rfind("--", 0) == 0)
        throw UsageError("usage: replay SESSION --video OUT.mp4|.webm|.gif [--size WxH] [--fps N] [--speed S]");
    const std::string session = argv[0];
    const Args args(std::vector<std::string>(argv.begin() + 1, argv.end()),
                    {"video", "size", "fps", "speed", "theme", "lang", "title"}, {"caption"});
    const std::string out = args.required("video");
    if (!video::isVideoPath(out))
        throw UsageError("--video: a video is .mp4, .webm or .gif");
    const SizeI size = args.value("size") ? parseSize("size", *args.value("size")) : SizeI{1280, 720};
    if (const std::string problem = video::sizeProblem(out, size.width, size.height); !problem.empty())
        throw UsageError("--size: " + problem);
    const double fps = args.value("fps") ? parseReal("fps", *args.value("fps"), 1, 120) : 30;
    const double speed = args.value("speed") ? parseReal("speed", *args.value("speed"), 0.25, 16) : 1;
    const std::string theme = args.value("theme").value_or("light");
    if (theme != "light" && theme != "dark")
        throw UsageError("--theme: light or dark");
    if (!QFileInfo::exists(QString::fromStdString(session)))
        throw InputError("no such session: " + session);

    // the views render offscreen, wherever this runs
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "groundchat-cli";
    static char *args0[] = {name, nullptr};
    QGuiApplication app(argc, args0);
    QGuiApplication::setApplicationName(QStringLiteral("GroundChat"));
    QGuiApplication::setOrganizationName(QStringLiteral("GroundChat"));
    QQuickStyle::setStyle(QStringLiteral("Material"));

    QQmlApplicationEngine engine;
    engine.addImageProvider(QStringLiteral("gcmask"), new MaskImageProvider);
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    // no model: a presentation needs none
    engine.setInitialProperties({{QStringLiteral("startupFiles"), QStringList{QFileInfo(QString::fromStdString(session)).absoluteFilePath()}},
                                 {QStringLiteral("startupModel"), QStringLiteral("/nonexistent")},
                                 {QStringLiteral("startupTheme"), QString::fromStdString(theme)},
                                 {QStringLiteral("startupLanguage"), QString::fromStdString(args.value("lang").value_or("en"))},
                                 {QStringLiteral("headless"), true},
                                 {QStringLiteral("width"), size.width},
                                 {QStringLiteral("height"), size.height}});
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/GroundChat/Main.qml")));
    if (engine.rootObjects().isEmpty())
        throw InputError("the views did not load");
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    auto *presenter = window ? window->findChild<Presenter *>(QStringLiteral("presenter")) : nullptr;
    QObject *view = window ? window->findChild<QObject *>(QStringLiteral("presentView")) : nullptr;
    if (!presenter || !view)
        throw InputError("the views have no present mode");
    if (!presenter->session() || presenter->session()->imageCount() == 0)
        throw InputError("cannot open " + session +
                         (presenter->session() ? ": " + presenter->session()->lastError().toStdString() : std::string()));
    view->setProperty("controls", false);
    view->setProperty("caption", args.has("caption"));
    window->resize(size.width, size.height);

    VideoExport exporter;
    int frames = 0;
    QObject::connect(&exporter, &VideoExport::progressChanged, [&] {
        const int done = int(exporter.progress() * 100);
        if (done / 10 != frames / 10)
            std::fprintf(stderr, "\r%d%%", done);
        frames = done;
    });
    bool ok = false;
    QObject::connect(&exporter, &VideoExport::finished, &app, [&](bool written) {
        ok = written;
        QCoreApplication::quit();
    });
    if (!exporter.start(window, presenter, QString::fromStdString(out), QSize(size.width, size.height), fps, speed,
                        QString::fromStdString(args.value("title").value_or(""))))
        throw InputError(exporter.error().toStdString());
    app.exec();
    std::fprintf(stderr, "\n");
    if (!ok)
        throw InputError(exporter.error().toStdString());
    std::printf("%s (%d frames, %dx%d, %g fps)\n", out.c_str(), exporter.frames(), size.width, size.height, fps);
    return 0;
}

} // namespace gc::cli
