// make_demo_session: writes the session GroundChat opens on a first start: a few generated scenes and a
// conversation about them with the built-in demo model, made through the app's own Session and engine
// (so the file is exactly what the app saves, its timeline included). Image paths point into the app's resources
// (:/demo/...).
//
//   make_demo_session MODEL_DIR OUT_DIR     -> OUT_DIR/scenes/scene-N.png, OUT_DIR/demo.gcsession

#include "enginecontroller.h"
#include "session.h"

#include "demo/scene.h"
#include "demo/score.h"
#include "demo/tasks.h"
#include "runtime/local_model.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QSaveFile>

#include <cstdio>
#include <functional>

namespace {

bool waitFor(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: make_demo_session MODEL_DIR OUT_DIR\n");
        return 2;
    }
    const QString modelDir = QString::fromLocal8Bit(argv[1]);
    const QDir out(QString::fromLocal8Bit(argv[2]));
    const QString sceneDir = out.absoluteFilePath(QStringLiteral("scenes"));
    QDir().mkpath(sceneDir);

    // Scenes from seeds neither training (near 10^6 x its seed) nor evaluation (2^40 + ...) draws. The
    // session shows one answer of each kind; for each, the first scene (in seed order) that the model
    // answers correctly is used, so the demo shows what the model does when it is right; how often that
    // is, is demo_eval's business (resources/models/README.md). The last scene has no conversation.
    gc::runtime::LocalModel probe;
    gc::runtime::LoadParams lp;
    lp.settings.threads = 1;
    if (const auto st = probe.load(modelDir.toStdString(), lp); !st.ok()) {
        std::fprintf(stderr, "cannot load %s: %s\n", argv[1], st.message.c_str());
        return 1;
    }
    uint64_t next = 1;
    auto pick = [&](gc::demo::Task task, size_t minObjects) -> uint64_t {
        for (int tries = 0; tries < 200; ++tries) {
            const uint64_t seed = (1ull << 41) + next++;
            const gc::demo::Scene s = gc::demo::makeScene(seed);
            if (s.objects.size() < minObjects)
                continue;
            std::mt19937_64 rng(seed);
            gc::demo::Example ex;
            try {
                ex = gc::demo::makeExample(s, task, rng);
            } catch (const std::runtime_error &) {
                continue;
            }
            gc::runtime::GenerationParams gp;
            gp.doSample = false;
            const auto r = probe.generate(s.image, ex.prompt, gp);
            const gc::demo::Score sc = gc::demo::scoreRawAnswer(s, ex, r.answerText, r.rawText);
            if (r.status.ok() && sc.correct == sc.total && sc.phrasesFound == sc.phrases)
                return seed;
        }
        return (1ull << 41) + next++;
    };
    const uint64_t seeds[] = {pick(gc::demo::Task::Caption, 3), pick(gc::demo::Task::Refer, 3),
                              pick(gc::demo::Task::Count, 3), (1ull << 41) + next++};
    std::vector<gc::demo::Scene> scenes;
    QStringList paths;
    for (size_t i = 0; i < std::size(seeds); ++i) {
        gc::demo::Scene s = gc::demo::makeScene(seeds[i]);
        const QImage img(s.image.pixels.data(), s.image.width, s.image.height, s.image.width * 3, QImage::Format_RGB888);
        const QString path = sceneDir + QStringLiteral("/scene-%1.png").arg(i + 1);
        if (!img.save(path)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            return 1;
        }
        paths << path;
        scenes.push_back(std::move(s));
    }

    EngineController engine;
    Session session;
    session.conversation()->setEngine(&engine);
    QObject::connect(&session, &Session::errorOccurred,
                     [](const QString &m) { std::fprintf(stderr, "session: %s\n", qPrintable(m)); });
    engine.loadFolder(modelDir);
    if (!waitFor([&] { return engine.state() == EngineController::State::Ready ||
                              engine.state() == EngineController::State::Failed; }, 120000) ||
        engine.state() != EngineController::State::Ready) {
        std::fprintf(stderr, "the model in %s did not load\n", qPrintable(modelDir));
        return 1;
    }
    for (const QString &p : paths)
        if (!session.addImagePath(p))
            return 1;

    // One question per scene, each as a newcomer would ask it: a grounded caption, a referring
    // expression and a counting question (the ones the scenes were picked with).
    std::mt19937_64 rngRefer(seeds[1]), rngCount(seeds[2]);
    const gc::demo::Example refer = gc::demo::makeExample(scenes[1], gc::demo::Task::Refer, rngRefer);
    const gc::demo::Example count = gc::demo::makeExample(scenes[2], gc::demo::Task::Count, rngCount);
    const QString countQuestion = QString::fromStdString(count.prompt)
                                      .remove(QStringLiteral("<grounding>Question: "))
                                      .remove(QStringLiteral(" Answer:"));
    const struct {
        int image;
        QString text, task;
    } turns[] = {{0, QString(), QStringLiteral("grounded-caption")},
                 {1, QString::fromStdString(refer.expected), QStringLiteral("refer")},
                 {2, countQuestion, QString()}}; // free chat: the model's question format
    // The session records its timeline as it goes (present mode, F5): pauses as someone showing it would take,
    // to look at each image and to type each question (present mode types it within the pause before it).
    const auto pause = [](int ms) { waitFor([] { return false; }, ms); };
    for (const auto &t : turns) {
        session.setCurrentImage(t.image);
        pause(2500);
        if (!session.conversation()->send(t.text, t.task))
            return 1;
        if (!waitFor([&] { return !session.conversation()->answering(); }, 120000)) {
            std::fprintf(stderr, "no answer within two minutes\n");
            return 1;
        }
        pause(2000);
    }
    session.setCurrentImage(0);
    pause(1500);
    const QString file = out.absoluteFilePath(QStringLiteral("demo.gcsession"));
    if (!session.file()->saveToPath(file))
        return 1;

    // Point the images at the copies the app carries in its resources.
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return 1;
    QByteArray json = in.readAll();
    in.close();
    json.replace(sceneDir.toUtf8(), QByteArrayLiteral(":/demo/scenes"));
    QSaveFile save(file);
    if (!save.open(QIODevice::WriteOnly) || save.write(json) != json.size() || !save.commit())
        return 1;
    std::printf("%s\n", qPrintable(file));
    return 0;
}
