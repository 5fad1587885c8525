// Session against a scripted engine (no libtorch): drawing, undo/redo, streaming answers into overlays,
// cancel, files, autosave, and the GUI thread staying responsive while the engine works.
#include "annotationio.h"
#include "bomb_png.h"
#include "demomodel.h"
#include "enginecontroller.h"
#include "fakebackend.h"
#include "segmentcontroller.h"
#include "session.h"

#include "demo/scene.h"
#include "demo/tasks.h"
#include "dialects/registry.h"
#include "runtime/local_model.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <atomic>

#include <sys/inotify.h>
#include <unistd.h>

namespace {
const QString kAnswer = QStringLiteral(
    "<grounding> An image of<phrase> a red circle</phrase><object><patch_index_0164><patch_index_0491></object>"
    " and<phrase> a blue square</phrase><object><patch_index_0059><patch_index_0529></object>.");
const QString kDemo = QStringLiteral(":/demo/images/demo-shapes.png");
// a demo-world scene whose objects the demo model describes correctly (greedy decoding is deterministic)
constexpr uint64_t kDescribedScene = 7;

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A session file of one image at `path` (as written, relative or not), with one box.
QByteArray sessionNaming(const QString &path, QSize size = QSize(640, 427))
{
    const QJsonObject box{{QStringLiteral("id"), QStringLiteral("R1")}, {QStringLiteral("kind"), QStringLiteral("box")},
                          {QStringLiteral("box"), QJsonArray{10, 10, 50, 50}}};
    const QJsonObject image{{QStringLiteral("path"), path},
                            {QStringLiteral("width"), size.width()},
                            {QStringLiteral("height"), size.height()},
                            {QStringLiteral("regions"), QJsonArray{box}}};
    return QJsonDocument(QJsonObject{{QStringLiteral("format"), QStringLiteral("groundchat-session")},
                                     {QStringLiteral("version"), 1},
                                     {QStringLiteral("images"), QJsonArray{image}}})
        .toJson(QJsonDocument::Indented);
}

// Counts how often a file is opened or read (Linux inotify): what the session reads shows up here.
class ReadWatch
{
public:
    explicit ReadWatch(const QString &path) : m_fd(inotify_init1(IN_NONBLOCK))
    {
        m_ok = m_fd >= 0 && inotify_add_watch(m_fd, QFile::encodeName(path).constData(), IN_OPEN | IN_ACCESS) >= 0;
    }
    ~ReadWatch() { ::close(m_fd); }
    ReadWatch(const ReadWatch &) = delete;
    ReadWatch &operator=(const ReadWatch &) = delete;
    [[nodiscard]] bool ok() const { return m_ok; }
    // the events since the last call
    int reads()
    {
        int n = 0;
        alignas(inotify_event) char buffer[4096];
        for (ssize_t len; (len = ::read(m_fd, buffer, sizeof buffer)) > 0;)
            for (const char *p = buffer; p < buffer + len; p += sizeof(inotify_event) + reinterpret_cast<const inotify_event *>(p)->len)
                ++n;
        return n;
    }

private:
    int m_fd;
    bool m_ok = false;
};
} // namespace

// Remembers what the engine was asked, to check what the model gets to see.
class CapturingBackend : public FakeBackend
{
public:
    using FakeBackend::FakeBackend;
    static inline QList<PromptMark> lastMarks;
    static inline QImage lastImage;
    static inline QString lastPrompt;
    static inline QList<ChatTurn> lastHistory;
    // While set, an answer says nothing until it is stopped (a model still encoding a large image).
    static inline std::atomic<bool> stall{false};
    bool generate(const AskRequest &request, const OnText &onText, const ShouldAbort &abort, AnswerStats *stats,
                  QString *error, QString *detail) override
    {
        lastMarks = request.marks;
        lastImage = request.image;
        lastPrompt = request.prompt;
        lastHistory = request.history;
        while (stall && !abort())
            QThread::msleep(1);
        return FakeBackend::generate(request, onText, abort, stats, error, detail);
    }
};

class TestSession : public QObject
{
    Q_OBJECT

    std::unique_ptr<EngineController> makeEngine(const QString &answer, int msPerPiece = 2,
                                                 const QString &dialect = QStringLiteral("kosmos2"),
                                                 const QStringList &knownTasks = {})
    {
        EngineController::setFactoryOverride([=](const ModelSpec &, QString *) {
            auto b = std::make_unique<CapturingBackend>(dialect, answer, msPerPiece, 3);
            b->setKnownTasks(knownTasks);
            return b;
        });
        auto engine = std::make_unique<EngineController>();
        QSignalSpy ready(engine.get(), &EngineController::stateChanged);
        engine->loadModel(QStringLiteral("fake"), QString());
        [&] { QTRY_COMPARE(engine->state(), EngineController::State::Ready); }();
        return engine;
    }

    // A session on the demo image with one answered turn per question.
    static void converse(Session &s, EngineController *engine, const QStringList &questions)
    {
        s.setEngine(engine);
        QVERIFY(s.addImagePath(kDemo));
        for (const QString &q : questions) {
            QVERIFY(s.send(q, QString()));
            QTRY_VERIFY(!s.answering());
        }
    }

private slots:
    void modelsPassTheTester()
    {
        Session s;
        QAbstractItemModelTester t1(s.regions(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(s.chat(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t3(s.images(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto engine = makeEngine(kAnswer);
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        s.addBox(QRectF(10, 10, 50, 40));
        s.addPoint(QPointF(5, 5), true);
        s.addMark(QPointF(100, 100));
        QVERIFY(s.send(QStringLiteral("what is @R1?"), QString()));
        QTRY_VERIFY(!s.answering());
        s.undo();
        s.undo();
        s.redo();
    }

    void referringAnswerTakesTheUsersWords()
    {
        // Kosmos-2 answers a referring expression with regions only, and a full stop: the phrase was the user's.
        auto engine = makeEngine(QStringLiteral("<object><patch_index_0164><patch_index_0491></object>."));
        Session s;
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QCOMPARE(s.previewPrompt(QStringLiteral("the red circle"), QStringLiteral("refer")),
                 QStringLiteral("<grounding><phrase>the red circle</phrase>"));
        QVERIFY(s.send(QStringLiteral("the red circle"), QStringLiteral("refer")));
        QTRY_VERIFY(!s.answering());
        const ChatMessage answer = s.chat()->items().last();
        QCOMPARE(answer.text, QStringLiteral("the red circle."));
        QCOMPARE(answer.entities.size(), 1);
        const QVariantMap entity = answer.entities.first().toMap();
        QCOMPARE(entity.value(QStringLiteral("spanBegin")).toInt(), 0);
        QCOMPARE(entity.value(QStringLiteral("spanEnd")).toInt(), 14);
        QCOMPARE(s.regions()->items().size(), 1);
        QCOMPARE(s.regions()->items().first().label, QStringLiteral("the red circle"));
    }

    void regionsOnlyAnswerShowsTheQuestion()
    {
        // A free question answered with a box and a full stop: the bubble and the box say what was asked.
        auto engine = makeEngine(QStringLiteral("<object><patch_index_0164><patch_index_0491></object>."));
        Session s;
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QVERIFY(s.send(QStringLiteral("Where is the red circle?"), QString()));
        QTRY_VERIFY(!s.answering());
        QCOMPARE(s.chat()->items().last().text, QStringLiteral("Where is the red circle?"));
        QCOMPARE(s.regions()->items().size(), 1);
        QCOMPARE(s.regions()->items().first().label, QStringLiteral("Where is the red circle?"));
    }

    void wordlessAnswerRegionsNeverShowMarkup()
    {
        // A region the answer names with no phrase gets no label rather than its tokens.
        auto engine = makeEngine(QStringLiteral("It is here<object><patch_index_0164><patch_index_0491></object>."));
        Session s;
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QVERIFY(s.send(QStringLiteral("where is it?"), QString()));
        QTRY_VERIFY(!s.answering());
        QCOMPARE(s.chat()->items().last().text, QStringLiteral("It is here."));
        QCOMPARE(s.regions()->items().size(), 1);
        QCOMPARE(s.regions()->items().first().label, QString());
        QCOMPARE(s.chat()->items().last().entities.first().toMap().value(QStringLiteral("phrase")).toString(), QString());
    }

    void regionPresetSendsTheTrainedPrompt()
    {
        // The demo model learnt "describe this region" from engine/demo/tasks.cpp: the app must send that
        // very prompt (same token ids) for the same box, whatever the user's box was drawn as.
        const QString folder = demoModelPath();
        QVERIFY2(!folder.isEmpty(), "the demo model is part of the source tree");
        gc::runtime::LocalModel model;
        QVERIFY(model.load(folder.toStdString()).ok());
        const gc::Dialect *kosmos = gc::dialects::find("kosmos2");
        QTemporaryDir dir;
        auto engine = makeEngine(QStringLiteral("an orange diamond."));
        Session s;
        s.setEngine(engine.get());
        for (uint64_t seed = 11; seed < 14; ++seed) {
            const gc::demo::Scene scene = gc::demo::makeScene(seed);
            const QString path = dir.filePath(QStringLiteral("scene-%1.png").arg(seed));
            QVERIFY(QImage(scene.image.pixels.data(), scene.image.width, scene.image.height, scene.image.width * 3,
                           QImage::Format_RGB888)
                        .save(path));
            QVERIFY(s.addImagePath(path));
            std::mt19937_64 rng(seed);
            const gc::demo::Example ex = gc::demo::makeExample(scene, gc::demo::Task::Region, rng);
            // the box the trained prompt encodes, drawn by the user
            gc::DecodeOptions o;
            o.imageSize = {scene.image.width, scene.image.height};
            const gc::GroundedText cells = kosmos->decode(ex.prompt, o).toPixels(o.imageSize);
            QCOMPARE(cells.regionCount(), size_t(1));
            const gc::Box b = cells.entities.front().regions.front().box;
            const QString id = s.addBox(QRectF(QPointF(b.x1, b.y1), QPointF(b.x2, b.y2)));
            const QString prompt = s.previewPrompt(QLatin1Char('@') + id, QStringLiteral("region"));
            QCOMPARE(prompt, QString::fromStdString(ex.prompt));
            QCOMPARE(model.promptIds(prompt.toStdString()), model.promptIds(ex.prompt));

            // the referring expression and the counting question of the same scene, as a user types them
            const gc::demo::Example refer = gc::demo::makeExample(scene, gc::demo::Task::Refer, rng);
            QCOMPARE(model.promptIds(s.previewPrompt(QString::fromStdString(refer.expected), QStringLiteral("refer")).toStdString()),
                     model.promptIds(refer.prompt));
            const gc::demo::Example count = gc::demo::makeExample(scene, gc::demo::Task::Count, rng);
            const QString question = QString::fromStdString(count.prompt).remove(QStringLiteral("<grounding>Question: ")).remove(QStringLiteral(" Answer:"));
            QCOMPARE(s.previewPrompt(question, QString()), QString::fromStdString(count.prompt));
            const QString what = QString(question).remove(QStringLiteral("How many ")).remove(QStringLiteral(" are there?"));
            QCOMPARE(s.previewPrompt(what, QStringLiteral("count")), QString::fromStdString(count.prompt));
        }
        // a point on a box-only family is a small box around it
        const QString point = s.addPoint(QPointF(60, 50), false);
        gc::EncodeRequest request;
        const QSize size = s.currentImageSize();
        request.imageSize = {size.width(), size.height()};
        request.task = "region";
        gc::PromptRegion around;
        const double rx = size.width() * 0.02, ry = size.height() * 0.02;
        around.box = {60 - rx, 50 - ry, 60 + rx, 50 + ry};
        request.regions = {around};
        QCOMPARE(s.previewPrompt(QLatin1Char('@') + point, QStringLiteral("region")),
                 QString::fromStdString(kosmos->encode(request).text));
    }

    void demoModelDescribesTheCitedRegion()
    {
        // The demo model in process, as the app runs it: a box drawn on an object, "Describe this region",
        // and the answer reads as the model's sentence from where the prompt stopped ("It is" + " an ...").
        EngineController::setFactoryOverride({});
        EngineController engine;
        engine.loadModel(QStringLiteral("folder"), demoModelPath());
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineController::State::Ready, 60000);
        Session s;
        s.setEngine(&engine);
        QTemporaryDir dir;
        const gc::demo::Scene scene = gc::demo::makeScene(kDescribedScene);
        const QString path = dir.filePath(QStringLiteral("scene.png"));
        QVERIFY(QImage(scene.image.pixels.data(), scene.image.width, scene.image.height, scene.image.width * 3,
                       QImage::Format_RGB888)
                    .save(path));
        QVERIFY(s.addImagePath(path));
        for (const gc::demo::Object &o : scene.objects) {
            const QString id = s.addBox(QRectF(QPointF(o.box.x1, o.box.y1), QPointF(o.box.x2, o.box.y2)));
            QVERIFY(s.send(QLatin1Char('@') + id, QStringLiteral("region")));
            QTRY_VERIFY_WITH_TIMEOUT(!s.answering(), 60000);
            const ChatMessage answer = s.chat()->items().last();
            QCOMPARE(answer.error, QString());
            QCOMPARE(answer.text, QString::fromStdString(gc::demo::kindPhrase(o.colour, o.shape, 1)) + QLatin1Char('.'));
            QVERIFY2(answer.entities.isEmpty(), "the cited box is the user's, not the answer's");
        }
    }

    void regionTasksOfEveryDialectAreWrittenByTheDialect()
    {
        // For every family and every task about a region, the app's prompt for a cited box or point is
        // exactly what the family's encoder writes for that task, or a clear refusal before sending.
        for (const gc::Dialect *d : gc::dialects::all()) {
            const QString id = QString::fromStdString(d->info().id);
            auto engine = makeEngine(QStringLiteral("x"), 2, id);
            Session s;
            s.setEngine(engine.get());
            QVERIFY(s.addImagePath(kDemo));
            const QString box = s.addBox(QRectF(QPointF(80, 70), QPointF(221, 211)));
            const QString point = s.addPoint(QPointF(150, 140), false);
            const QSize size = s.currentImageSize();
            for (const gc::TaskPrompt &t : d->info().tasks) {
                if (!t.needsRegion)
                    continue;
                const QString task = QString::fromStdString(t.id);
                const QString where = id + QLatin1Char('/') + task;
                gc::EncodeRequest request;
                request.imageSize = {size.width(), size.height()};
                request.task = t.id;
                gc::PromptRegion b;
                b.box = {80, 70, 221, 211};
                gc::PromptRegion p;
                if (d->info().caps.pointIn) {
                    p.kind = gc::RegionKind::Point;
                    p.point = {150, 140};
                } else {
                    p.box = {150 - size.width() * 0.02, 140 - size.height() * 0.02, 150 + size.width() * 0.02,
                             140 + size.height() * 0.02};
                }
                const std::pair<QString, gc::PromptRegion> cases[] = {{box, b}, {point, p}};
                for (const auto &[regionId, region] : cases) {
                    request.regions = {region};
                    const gc::EncodeResult expected = d->encode(request);
                    const QString text = QLatin1Char('@') + regionId;
                    QCOMPARE(s.previewPrompt(text, task), expected.ok ? QString::fromStdString(expected.text) : QString());
                    QVERIFY2(expected.ok == s.promptError(text, task).isEmpty(), qPrintable(where));
                }
                // no region cited: said before sending, and send() refuses with the same words
                const QString missing = s.promptError(QString(), task);
                QVERIFY2(missing.contains(QLatin1String("@R1")), qPrintable(where + QLatin1String(": ") + missing));
                QSignalSpy errors(&s, &Session::errorOccurred);
                QVERIFY(!s.send(QString(), task));
                QCOMPARE(errors.count(), 1);
                QCOMPARE(errors.first().first().toString(), missing);
                QCOMPARE(s.chat()->rowCount(), 0);
                // the user's own words do not fit the family's region question
                QVERIFY(!s.promptError(QStringLiteral("what colour is @R1?"), task).isEmpty());
            }
        }
    }

    void presetsFollowWhatTheModelWasTrainedOn()
    {
        const QStringList demoTasks{QStringLiteral("grounded-caption"), QStringLiteral("refer"), QStringLiteral("region"),
                                    QStringLiteral("count"), QStringLiteral("chat")};
        auto engine = makeEngine(QStringLiteral("x"), 2, QStringLiteral("kosmos2"), demoTasks);
        QCOMPARE(engine->modelTasks(), demoTasks);
        Session s;
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QMap<QString, QVariantMap> presets;
        for (const QVariant &v : s.taskPresets())
            presets.insert(v.toMap().value(QStringLiteral("id")).toString(), v.toMap());
        for (const QString &id : {QString(), QStringLiteral("grounded-caption"), QStringLiteral("refer"),
                                  QStringLiteral("region"), QStringLiteral("count")}) {
            QVERIFY2(presets.contains(id), qPrintable(id));
            QVERIFY2(presets[id].value(QStringLiteral("trained")).toBool(), qPrintable(id));
        }
        QVERIFY(!presets[QStringLiteral("detailed")].value(QStringLiteral("trained")).toBool());
        QVERIFY(presets[QStringLiteral("detailed")].value(QStringLiteral("label")).toString().contains(QLatin1String("not trained")));
        // free chat wraps the user's words in the model's question format: the trained counting prompt
        QCOMPARE(s.previewPrompt(QStringLiteral("How many triangles are there?"), QString()),
                 QStringLiteral("<grounding>Question: How many triangles are there? Answer:"));
        QCOMPARE(s.previewPrompt(QStringLiteral("triangles"), QStringLiteral("count")),
                 QStringLiteral("<grounding>Question: How many triangles are there? Answer:"));
        // a model that declares nothing knows every task of its family
        auto all = makeEngine(QStringLiteral("x"));
        s.setEngine(all.get());
        for (const QVariant &v : s.taskPresets())
            QVERIFY(v.toMap().value(QStringLiteral("trained")).toBool());
        // a family without a conversational format sends the words as they are
        auto qwen = makeEngine(QStringLiteral("x"), 2, QStringLiteral("qwen2-vl"));
        s.setEngine(qwen.get());
        QCOMPARE(s.previewPrompt(QStringLiteral("How many cups?"), QString()), QStringLiteral("How many cups?"));
        // words-only tasks refuse a cited region instead of nesting it in their phrase
        s.setEngine(all.get());
        s.addBox(QRectF(10, 10, 50, 50));
        QVERIFY(!s.promptError(QStringLiteral("@R1"), QStringLiteral("refer")).isEmpty());
        QVERIFY(s.promptError(QStringLiteral("what is @R1?"), QString()).isEmpty());
    }

    void drawingUndoRedo()
    {
        Session s;
        QVERIFY(s.addImagePath(kDemo));
        QCOMPARE(s.currentImageSize(), QSize(640, 427));
        const QString r1 = s.addBox(QRectF(QPointF(20, 30), QPointF(120, 90)));
        QCOMPARE(r1, QStringLiteral("R1"));
        const QString r2 = s.addBox(QRectF(QPointF(700, 500), QPointF(600, 400))); // reversed and clipped
        QCOMPARE(s.regions()->items()[1].box, QRectF(QPointF(600, 400), QPointF(640, 427)));
        s.renameRegion(r1, QStringLiteral("cup"));
        s.setRegionBox(r1, QRectF(25, 35, 100, 60));
        QCOMPARE(s.regions()->items()[0].box, QRectF(25, 35, 100, 60));
        s.undo();
        QCOMPARE(s.regions()->items()[0].box, QRectF(QPointF(20, 30), QPointF(120, 90)));
        s.undo();
        QCOMPARE(s.regions()->items()[0].label, QString());
        s.deleteRegion(r2);
        QCOMPARE(s.regions()->rowCount(), 1);
        s.undo();
        QCOMPARE(s.regions()->rowCount(), 2);
        s.redo();
        QCOMPARE(s.regions()->rowCount(), 1);
        QCOMPARE(s.addMark(QPointF(5, 5)), QStringLiteral("M1"));
        QCOMPARE(s.addMark(QPointF(6, 6)), QStringLiteral("M2"));
        QVERIFY2(s.addBox(QRectF(1, 1, 0.2, 0.2)).isEmpty(), "a click is not a box");
    }

    void undoActsOnTheCurrentImageOnly()
    {
        QTemporaryDir dir;
        const QString second = dir.filePath(QStringLiteral("second.png"));
        QImage image(200, 100, QImage::Format_RGB888);
        image.fill(Qt::darkGreen);
        QVERIFY(image.save(second));
        Session s;
        QVERIFY(s.addImagePath(kDemo));
        QCOMPARE(s.addBox(QRectF(10, 10, 50, 40)), QStringLiteral("R1"));
        QVERIFY(s.addImagePath(second));
        QCOMPARE(s.currentImage(), 1);
        QVERIFY2(!s.canUndo(), "nothing was done on this image yet");
        s.undo();
        s.setCurrentImage(0);
        QCOMPARE(s.regions()->rowCount(), 1);
        s.setCurrentImage(1);
        QCOMPARE(s.addBox(QRectF(5, 5, 30, 30)), QStringLiteral("R1"));
        s.setCurrentImage(0);
        QVERIFY(s.canUndo());
        QCOMPARE(s.undoText(), QStringLiteral("Draw box R1"));
        QSignalSpy switched(&s, &Session::currentImageChanged);
        s.undo();
        QCOMPARE(s.currentImage(), 0);
        QCOMPARE(switched.count(), 0);
        QCOMPARE(s.regions()->rowCount(), 0);
        QVERIFY(!s.canUndo());
        QVERIFY(s.canRedo());
        s.setCurrentImage(1);
        QCOMPARE(s.regions()->rowCount(), 1);
        QVERIFY(s.canUndo());
        QVERIFY(!s.canRedo());
        QVERIFY(s.modified());
    }

    void editsWhileAnAnswerStreamsAreTheirOwnSteps()
    {
        auto engine = makeEngine(kAnswer, 20);
        Session s;
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QCOMPARE(s.addBox(QRectF(10, 10, 50, 40)), QStringLiteral("R1"));
        QVERIFY(s.send(QStringLiteral("<grounding> An image of"), QString()));
        QVERIFY2(!s.canUndo(), "the box drawn before the question waits for the answer");
        QTRY_VERIFY(!s.chat()->items().last().text.isEmpty());
        QCOMPARE(s.addBox(QRectF(300, 200, 60, 60)), QStringLiteral("R2"));
        QVERIFY(s.answering());
        QVERIFY2(s.canUndo(), "the user's own box undoes while the answer streams");
        QCOMPARE(s.undoText(), QStringLiteral("Draw box R2"));
        s.undo();
        QVERIFY(s.regions()->rowOf(QStringLiteral("R2")) < 0);
        QVERIFY(!s.canUndo());
        s.redo();
        QVERIFY(s.regions()->rowOf(QStringLiteral("R2")) >= 0);
        QTRY_VERIFY(!s.answering());
        QCOMPARE(s.chat()->items().last().text, QStringLiteral("An image of a red circle and a blue square."));
        QCOMPARE(s.regions()->rowCount(), 4);
        // undoing the answer leaves the box drawn while it streamed
        QCOMPARE(s.undoText(), QStringLiteral("Answer"));
        s.undo();
        QCOMPARE(s.chat()->rowCount(), 0);
        QVERIFY(s.regions()->rowOf(QStringLiteral("R1")) >= 0);
        QVERIFY(s.regions()->rowOf(QStringLiteral("R2")) >= 0);
        QCOMPARE(s.regions()->rowCount(), 2);
        // and the box undoes alone, leaving the conversation as it is
        s.redo();
        QCOMPARE(s.chat()->rowCount(), 2);
        s.undo();
        QCOMPARE(s.undoText(), QStringLiteral("Draw box R2"));
        s.undo();
        QCOMPARE(s.regions()->rowCount(), 1);
        QCOMPARE(s.chat()->rowCount(), 0);
        s.redo();
        s.redo();
        QCOMPARE(s.chat()->rowCount(), 2);
        QCOMPARE(s.regions()->rowCount(), 4);
        QCOMPARE(s.regions()->items()[1].id, QStringLiteral("R2"));
    }

    void unreadableImagesAreRefused()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("broken.png"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x89PNG\r\n\x1a\n garbage");
        f.close();
        Session s;
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(!s.addImagePath(bad));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(s.images()->rowCount(), 0);
    }

    // A PNG of a few KB that declares 30000 x 30000 pixels is refused from its header, naming the file, its
    // size and the limit. A session file that holds one gets that message on the canvas instead of a decode,
    // and a question about it is refused with it before the engine sees it: peak memory stays where it was.
    void decompressionBombsAreRefusedWithoutDecoding()
    {
        QTemporaryDir dir;
        const QString bomb = dir.filePath(QStringLiteral("bomb.png"));
        QVERIFY(gc::test::writeBombPng(bomb.toStdString(), 30000, 30000));
        QVERIFY(QFileInfo(bomb).size() < 1000000);
        auto engine = makeEngine(kAnswer);
        const long before = gc::test::peakRssKb();
        Session s;
        s.setEngine(engine.get());
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(!s.addImagePath(bomb));
        QCOMPARE(s.images()->rowCount(), 0);
        QCOMPARE(errors.count(), 1);
        const QString message = errors.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("“bomb.png” is 30000 × 30000 pixels (900.0 megapixels), more than the "
                                                 "limit of 179.0 megapixels")),
                 qPrintable(message));

        QString error;
        const QString json = QStringLiteral(R"({"format":"groundchat-session","version":1,"images":[{"path":"%1",)"
                                            R"("width":30000,"height":30000,"regions":[]}]})")
                                 .arg(bomb);
        QVERIFY2(s.fromJson(json.toUtf8(), &error, nullptr, dir.path()), qPrintable(error));
        QCOMPARE(s.currentImageProblem(), message);
        QVERIFY2(!s.images()->data(s.images()->index(0), int(ImageListModel::Role::WithinLimit)).toBool(),
                 "no thumbnail is decoded either");
        QVERIFY(!s.send(QStringLiteral("<grounding> An image of"), QString()));
        QCOMPARE(errors.last().first().toString(), message);
        QVERIFY(!s.answering());
        QVERIFY2(gc::test::peakRssKb() - before < 64 * 1024,
                 qPrintable(QStringLiteral("peak memory grew by %1 kB").arg(gc::test::peakRssKb() - before)));
    }

    void streamedAnswerCreatesOverlaysInOrder()
    {
        auto engine = makeEngine(kAnswer);
        Session s;
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        s.addBox(QRectF(80, 70, 141, 141));
        QCOMPARE(s.previewPrompt(QStringLiteral("what is @R1?"), QString()),
                 QStringLiteral("<grounding>Question: what is <phrase>this region</phrase><object><patch_index_0164>"
                                "<patch_index_0491></object>? Answer:"));
        QSignalSpy added(&s, &Session::regionAdded);
        QVERIFY(s.send(QStringLiteral("<grounding> An image of"), QString()));
        QVERIFY(s.answering());
        QVERIFY2(!s.canUndo(), "no undo while an answer streams");
        QTRY_VERIFY(!s.answering());
        QStringList modelIds;
        for (const QList<QVariant> &args : added)
            if (args.at(1).toBool() && !modelIds.contains(args.at(0).toString()))
                modelIds << args.at(0).toString();
        QCOMPARE(modelIds, (QStringList{QStringLiteral("A1"), QStringLiteral("A2")}));
        // the first region was reported while the answer was still streaming
        QVERIFY(added.count() >= 2);
        const ChatMessage answer = s.chat()->items().last();
        QCOMPARE(answer.text, QStringLiteral("An image of a red circle and a blue square."));
        QCOMPARE(answer.entities.size(), 2);
        const RegionItem circle = s.regions()->items()[1];
        QCOMPARE(circle.label, QStringLiteral("a red circle"));
        QVERIFY(circle.fromModel);
        QCOMPARE(circle.messageIndex, 1);
        // cell (4,5)-(11,15) of a 32x32 grid over 640x427: cell centres
        QCOMPARE(circle.box.left(), 4.5 / 32 * 640);
        QCOMPARE(circle.box.bottom(), 15.5 / 32 * 427);
        // hover links both ways
        s.hoverEntity(1, 1);
        QCOMPARE(s.highlightedRegions(), QStringList{QStringLiteral("A2")});
        s.hoverRegion(QStringLiteral("A1"));
        QCOMPARE(s.highlightedEntity(), QStringLiteral("1:0"));
        QVERIFY(s.chat()->richTextFor(1, 0).contains(QStringLiteral("underline")));
        // the whole turn is one undo step
        s.undo();
        QCOMPARE(s.chat()->rowCount(), 0);
        QCOMPARE(s.regions()->rowCount(), 1);
        s.redo();
        QCOMPARE(s.chat()->rowCount(), 2);
        QCOMPARE(s.regions()->rowCount(), 3);
    }

    void stopKeepsThePartialAnswer()
    {
        auto engine = makeEngine(kAnswer.repeated(20), 5);
        Session s;
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QVERIFY(s.send(QStringLiteral("<grounding> An image of"), QString()));
        QTRY_VERIFY(s.chat()->items().last().text.size() > 20);
        s.stop();
        QTRY_VERIFY(!s.answering());
        const ChatMessage m = s.chat()->items().last();
        QVERIFY(m.cancelled);
        QVERIFY(!m.text.isEmpty());
        QVERIFY(m.raw.size() < kAnswer.repeated(20).size());
        QVERIFY(s.regenerate());
        QVERIFY(s.answering());
        QCOMPARE(s.chat()->rowCount(), 2);
        QTRY_VERIFY(!s.chat()->items().last().text.isEmpty());
        s.stop();
        QTRY_VERIFY(!s.answering());
        QCOMPARE(s.chat()->rowCount(), 2);
    }

    void regenerateAnyAnswerWithTheConversationBeforeIt()
    {
        auto engine = makeEngine(kAnswer, 1);
        Session s;
        converse(s, engine.get(), {QStringLiteral("first?"), QStringLiteral("second?"), QStringLiteral("third?")});
        QCOMPARE(s.chat()->rowCount(), 6);
        const QList<ChatMessage> before = s.chat()->items();
        const int regionsBefore = s.regions()->rowCount();

        QVERIFY(s.regenerate(3)); // the answer to "second?"
        QTRY_VERIFY(!s.answering());
        QCOMPARE(CapturingBackend::lastPrompt, before[2].prompt);
        QCOMPARE(CapturingBackend::lastHistory.size(), 1);
        QCOMPARE(CapturingBackend::lastHistory[0].prompt, before[0].prompt);
        QCOMPARE(CapturingBackend::lastHistory[0].answer, QString::fromUtf8(before[1].raw));
        QCOMPARE(s.chat()->rowCount(), 4); // the third turn is dropped ...
        QCOMPARE(s.chat()->items()[3].text, before[3].text);
        QCOMPARE(s.undoText(), QStringLiteral("Answer"));
        s.undo(); // ... and comes back with one undo step
        QCOMPARE(s.chat()->rowCount(), 6);
        QCOMPARE(s.chat()->items()[5].raw, before[5].raw);
        QCOMPARE(s.regions()->rowCount(), regionsBefore);
    }

    // A model trained on single prompts (the demo model, Kosmos-2) gets each free-chat question on its own:
    // given the conversation whole it answers the earlier turns ("one." for four shapes).
    void singleTurnModelsGetEachQuestionAlone()
    {
        EngineController::setFactoryOverride([](const ModelSpec &, QString *) {
            auto b = std::make_unique<CapturingBackend>(QStringLiteral("kosmos2"), kAnswer, 1, 3);
            b->setMultiTurn(false);
            return b;
        });
        EngineController engine;
        engine.loadModel(QStringLiteral("fake"), QString());
        QTRY_COMPARE(engine.state(), EngineController::State::Ready);
        QVERIFY(!engine.modelMultiTurn());
        Session s;
        converse(s, &engine, {QStringLiteral("first?"), QStringLiteral("second?")});
        QCOMPARE(CapturingBackend::lastPrompt, s.chat()->items()[2].prompt);
        QVERIFY(CapturingBackend::lastHistory.isEmpty());
        EngineController::setFactoryOverride({});
    }

    void stopBeforeTheFirstWordOfARegenerateKeepsThePreviousAnswer()
    {
        auto engine = makeEngine(kAnswer, 1);
        Session s;
        converse(s, engine.get(), {QStringLiteral("first?"), QStringLiteral("second?")});
        const QList<ChatMessage> before = s.chat()->items();
        const int regionsBefore = s.regions()->rowCount();
        CapturingBackend::stall = true;
        QVERIFY(s.regenerate(1));
        QCOMPARE(s.chat()->rowCount(), 2);
        s.stop();
        QTRY_VERIFY(!s.answering());
        CapturingBackend::stall = false;
        QCOMPARE(s.chat()->rowCount(), 4);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(s.chat()->items()[i].raw, before[i].raw);
            QCOMPARE(s.chat()->items()[i].text, before[i].text);
            QVERIFY(!s.chat()->items()[i].cancelled);
        }
        QCOMPARE(s.regions()->rowCount(), regionsBefore);
        s.undo(); // no step of its own: undo takes back the second turn
        QCOMPARE(s.chat()->rowCount(), 2);
    }

    // A box drawn while a regenerate waits for its first word is the user's own step: stopping the regenerate
    // brings the replaced answer back without folding the box into an "Answer" step.
    void boxDrawnDuringAStoppedRegenerateStaysItsOwnStep()
    {
        auto engine = makeEngine(kAnswer, 1);
        Session s;
        converse(s, engine.get(), {QStringLiteral("first?"), QStringLiteral("second?")});
        const int regionsBefore = s.regions()->rowCount();
        CapturingBackend::stall = true;
        QVERIFY(s.regenerate(1));
        const QString box = s.addBox(QRectF(10, 10, 30, 30));
        s.stop();
        QTRY_VERIFY(!s.answering());
        CapturingBackend::stall = false;
        QCOMPARE(s.chat()->rowCount(), 4);
        QCOMPARE(s.regions()->rowCount(), regionsBefore + 1);
        s.undo(); // the box
        QCOMPARE(s.regions()->rowOf(box), -1);
        QCOMPARE(s.chat()->rowCount(), 4);
        s.undo(); // then the second turn
        QCOMPARE(s.chat()->rowCount(), 2);
    }

    void engineErrorsKeepTheConversation()
    {
        EngineController::setFactoryOverride([](const ModelSpec &, QString *) {
            auto b = std::make_unique<FakeBackend>(QStringLiteral("kosmos2"), QStringLiteral("x"));
            b->failNext(QStringLiteral("The engine ran out of memory."));
            return b;
        });
        EngineController engine;
        engine.loadModel(QStringLiteral("fake"), QString());
        QTRY_COMPARE(engine.state(), EngineController::State::Ready);
        Session s;
        s.setEngine(&engine);
        QVERIFY(s.addImagePath(kDemo));
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(s.send(QStringLiteral("hello"), QString()));
        QTRY_VERIFY(!s.answering());
        QCOMPARE(errors.count(), 1);
        QCOMPARE(s.chat()->rowCount(), 2);
        QCOMPARE(s.chat()->items()[1].error, QStringLiteral("The engine ran out of memory."));
    }

    void noModelIsAClearError()
    {
        Session s;
        QVERIFY(s.addImagePath(kDemo));
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(!s.send(QStringLiteral("hi"), QString()));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(s.chat()->rowCount(), 0);
    }

    void badModelFolderFailsClearly()
    {
        EngineController::setFactoryOverride({});
        EngineController engine;
        engine.loadModel(QStringLiteral("folder"), QStringLiteral("/nonexistent/model"));
        QTRY_COMPARE(engine.state(), EngineController::State::Failed);
        QVERIFY(!engine.errorText().isEmpty());
    }

    void saveOpenRoundTripAndRefuseDamage()
    {
        auto engine = makeEngine(kAnswer);
        QTemporaryDir dir;
        Session s;
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        s.addBox(QRectF(1, 2, 30, 40));
        s.addMark(QPointF(50, 60));
        QVERIFY(s.send(QStringLiteral("<grounding> An image of"), QString()));
        QTRY_VERIFY(!s.answering());
        const QString path = dir.filePath(QStringLiteral("a.gcsession"));
        QVERIFY(s.saveToPath(path));
        QVERIFY(!s.modified());

        Session t;
        QVERIFY(t.openPath(path));
        QCOMPARE(t.document(), s.document());
        QCOMPARE(t.images()->items(), s.images()->items());

        // a damaged file is refused and the open session stays as it was
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray bytes = f.readAll();
        f.resize(bytes.size() / 2);
        f.close();
        QSignalSpy errors(&t, &Session::errorOccurred);
        QVERIFY(!t.openPath(path));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(t.document(), s.document());
        QString error;
        QVERIFY(!t.fromJson(R"({"format":"groundchat-session","version":1,"images":[{"path":"x","width":5,"height":5,"regions":[{"id":"R1","kind":"blob","box":[0,0,1,1]}]}]})", &error));
        QVERIFY(error.contains(QStringLiteral("Region 1")));
        QCOMPARE(t.document(), s.document());
    }

    void embeddedImagesTravelWithTheSession()
    {
        QTemporaryDir dir;
        const QString image = dir.filePath(QStringLiteral("scene.png"));
        QVERIFY(QImage(kDemo).save(image));
        Session s;
        QVERIFY(s.addImagePath(image));
        s.addBox(QRectF(1, 1, 10, 10));
        s.setProperty("embedImages", true);
        const QString path = dir.filePath(QStringLiteral("e.gcsession"));
        QVERIFY(s.saveToPath(path));
        QFile::remove(image); // the session moves to a machine without the original file
        Session t;
        QVERIFY(t.openPath(path));
        const QString unpacked = t.images()->items()[0].path;
        QVERIFY(unpacked != image);
        QCOMPARE(QImage(unpacked).size(), QSize(640, 427));
        QCOMPARE(t.regions()->rowCount(), 1);
    }

    // A stranger's session may name any file as its image (/etc/hostname, a key): saved with "embed images" on,
    // only bytes that decode as an image travel in the file, and the user is told what stayed out.
    void embeddingCarriesOnlyImages()
    {
        QTemporaryDir dir;
        const QByteArray secret = "secret-host-name-4711\n";
        const QString hostname = dir.filePath(QStringLiteral("hostname"));
        writeFile(hostname, secret);
        writeFile(dir.filePath(QStringLiteral("s.gcsession")), sessionNaming(QStringLiteral("hostname"), QSize(10, 10)));
        Session s;
        QVERIFY(s.openPath(dir.filePath(QStringLiteral("s.gcsession"))));
        QVERIFY2(s.currentImageProblem().startsWith(QStringLiteral("Cannot read %1: ").arg(hostname)), qPrintable(s.currentImageProblem()));
        s.setProperty("embedImages", true);
        QSignalSpy errors(&s, &Session::errorOccurred);
        const QString out = dir.filePath(QStringLiteral("out.gcsession"));
        QVERIFY(s.saveToPath(out));
        const QByteArray saved = readFile(out);
        QVERIFY(!saved.contains(secret.toBase64()));
        QVERIFY(!saved.contains("secret-host-name"));
        QVERIFY(!saved.contains("\"data\""));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors[0][0].toString().contains(hostname), qPrintable(errors[0][0].toString()));
        // a photo is embedded as before
        const QString photo = dir.filePath(QStringLiteral("photo.jpg"));
        QVERIFY(QImage(kDemo).save(photo));
        Session p;
        QVERIFY(p.addImagePath(photo));
        p.setProperty("embedImages", true);
        QVERIFY(p.saveToPath(out));
        QVERIFY(readFile(out).contains(readFile(photo).toBase64()));
        // nor does a session carry other bytes in: embedded data that is no image is refused, not unpacked
        QJsonObject root = QJsonDocument::fromJson(sessionNaming(QStringLiteral("gone.png"))).object();
        QJsonArray images = root.value(QStringLiteral("images")).toArray();
        QJsonObject image = images[0].toObject();
        image.insert(QStringLiteral("data"), QString::fromLatin1(QByteArray("#!/bin/sh\nrm -rf ~\n").toBase64()));
        images[0] = image;
        root.insert(QStringLiteral("images"), images);
        writeFile(dir.filePath(QStringLiteral("carrier.gcsession")), QJsonDocument(root).toJson());
        QVERIFY(!s.openPath(dir.filePath(QStringLiteral("carrier.gcsession"))));
        QVERIFY2(s.lastError().contains(QStringLiteral("not an image")), qPrintable(s.lastError()));
    }

    // An export copies the images built into the app beside its files; a resource that is no image (the demo
    // session file here) is never copied, and the message says so. The CLI's export copies through the same
    // readEmbeddedImage (app/annotate/embedded_image.h).
    void exportsCopyOnlyBuiltInImages()
    {
        QTemporaryDir dir;
        Session s;
        QString error;
        QVERIFY2(s.fromJson(sessionNaming(QStringLiteral(":/demo/demo.gcsession")), &error), qPrintable(error));
        AnnotationIO io;
        QSignalSpy finished(&io, &AnnotationIO::finished);
        QVERIFY(io.exportSession(&s, QStringLiteral("coco"), QString(), QUrl::fromLocalFile(dir.filePath(QStringLiteral("coco.json"))), true));
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(finished[0][0].toBool());
        QVERIFY2(finished[0][1].toString().contains(QStringLiteral("not an image")), qPrintable(finished[0][1].toString()));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("coco.json"))));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("images/demo.gcsession"))));
    }

    // Images outside the session file's folder are not read (shown, sent, segmented, embedded) until the user
    // agrees; then they load, and their folder is trusted from then on.
    void imagesOutsideTheSessionFolderWaitForTheUser()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("session")) && QDir(dir.path()).mkpath(QStringLiteral("elsewhere")));
        const QString outside = dir.filePath(QStringLiteral("elsewhere/o.png"));
        QVERIFY(QImage(kDemo).save(outside));
        const QString file = dir.filePath(QStringLiteral("session/s.gcsession"));
        writeFile(file, sessionNaming(QStringLiteral("../elsewhere/o.png")));
        ReadWatch watch(outside);
        QVERIFY(watch.ok());
        auto engine = makeEngine(kAnswer);
        SegmentController segmenter;
        Session s;
        s.setEngine(engine.get());
        s.setSegmenter(&segmenter);
        s.setProperty("embedImages", true);
        QVERIFY(s.openPath(file));
        QCOMPARE(s.outsideImages(), QStringList{outside});
        QVERIFY(s.images()->items()[0].pending);
        QVERIFY(s.currentImageUrl().isEmpty());
        QVERIFY2(s.currentImageProblem().contains(outside), qPrintable(s.currentImageProblem()));
        QCOMPARE(s.regions()->rowCount(), 1); // the annotations are there all the same
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(!s.send(QStringLiteral("What is this?"), QString()));
        QVERIFY(!s.segment(QRectF(10, 10, 40, 40), {}));
        QVERIFY(!s.autoMarks(5));
        // the thumbnail strip asks the model every role of the image: none of them reads the file either
        for (const int role : s.images()->roleNames().keys())
            s.images()->data(s.images()->index(0), role);
        QCOMPARE(errors.count(), 3);
        QCOMPARE(s.chat()->rowCount(), 0);
        const QString copy = dir.filePath(QStringLiteral("session/copy.gcsession"));
        QVERIFY(s.saveToPath(copy));
        QVERIFY(!readFile(copy).contains("\"data\""));
        QCOMPARE(watch.reads(), 0);

        s.loadOutsideImages();
        QVERIFY(s.outsideImages().isEmpty());
        QCOMPARE(s.currentImageUrl(), QUrl::fromLocalFile(outside));
        QVERIFY(s.currentImageProblem().isEmpty());
        QVERIFY(s.trustedFolders().contains(dir.filePath(QStringLiteral("elsewhere"))));
        QVERIFY(s.saveToPath(copy));
        QVERIFY(readFile(copy).contains("\"data\""));
        QVERIFY(watch.reads() > 0);

        // the next time (the folders are the app's settings), it loads at once
        Session again;
        again.setTrustedFolders(s.trustedFolders());
        QVERIFY(again.openPath(file));
        QVERIFY(again.outsideImages().isEmpty());
        QCOMPARE(again.currentImageUrl(), QUrl::fromLocalFile(outside));
    }

    // A link in the session's folder that leads outside it is an outside image too.
    void linksOutOfTheSessionFolderWaitForTheUser()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("session")));
        const QString outside = dir.filePath(QStringLiteral("o.png"));
        QVERIFY(QImage(kDemo).save(outside));
        QVERIFY(QFile::link(outside, dir.filePath(QStringLiteral("session/link.png"))));
        writeFile(dir.filePath(QStringLiteral("session/s.gcsession")), sessionNaming(QStringLiteral("link.png")));
        Session s;
        QVERIFY(s.openPath(dir.filePath(QStringLiteral("session/s.gcsession"))));
        QCOMPARE(s.outsideImages(), QStringList{dir.filePath(QStringLiteral("session/link.png"))});
        QVERIFY(s.currentImageUrl().isEmpty());
    }

    // Relative image paths are relative to the session file (as labelme has it), wherever the app started.
    void relativeImagePathsFollowTheSessionFile()
    {
        QTemporaryDir dir;
        QVERIFY(QImage(kDemo).save(dir.filePath(QStringLiteral("s.png"))));
        writeFile(dir.filePath(QStringLiteral("s.gcsession")), sessionNaming(QStringLiteral("s.png")));
        const QString cwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(QDir::rootPath()));
        Session s;
        const bool opened = s.openPath(dir.filePath(QStringLiteral("s.gcsession")));
        QVERIFY(QDir::setCurrent(cwd));
        QVERIFY(opened);
        QCOMPARE(s.images()->items()[0].path, dir.filePath(QStringLiteral("s.png")));
        QCOMPARE(s.currentImageUrl(), QUrl::fromLocalFile(dir.filePath(QStringLiteral("s.png"))));
        QVERIFY(s.outsideImages().isEmpty());
        QVERIFY(s.currentImageProblem().isEmpty());
    }

    // A session that cannot be read says which file and where in it; an image that cannot be shown says why.
    void sessionProblemsSayWhatAndWhere()
    {
        QTemporaryDir dir;
        const QString cut = dir.filePath(QStringLiteral("cut.gcsession"));
        const QByteArray whole = sessionNaming(QStringLiteral("s.png"));
        const QByteArray half = whole.left(whole.size() / 2);
        writeFile(cut, half);
        Session s;
        QVERIFY(!s.openPath(cut));
        const QString where = QStringLiteral("%1 could not be opened: Line %2, column ").arg(cut).arg(half.count('\n') + 1);
        QVERIFY2(s.lastError().startsWith(where), qPrintable(s.lastError()));

        writeFile(dir.filePath(QStringLiteral("m.gcsession")), sessionNaming(QStringLiteral("missing.png")));
        QVERIFY(s.openPath(dir.filePath(QStringLiteral("m.gcsession"))));
        QCOMPARE(s.currentImageProblem(), QStringLiteral("Cannot read %1: file not found").arg(dir.filePath(QStringLiteral("missing.png"))));
        auto engine = makeEngine(kAnswer);
        s.setEngine(engine.get());
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(!s.send(QStringLiteral("What is this?"), QString()));
        QCOMPARE(errors.value(0).value(0).toString(), s.currentImageProblem());

        writeFile(dir.filePath(QStringLiteral("bad.png")), "not an image at all");
        writeFile(dir.filePath(QStringLiteral("b.gcsession")), sessionNaming(QStringLiteral("bad.png")));
        QVERIFY(s.openPath(dir.filePath(QStringLiteral("b.gcsession"))));
        QVERIFY2(s.currentImageProblem().startsWith(QStringLiteral("Cannot read %1: ").arg(dir.filePath(QStringLiteral("bad.png")))),
                 qPrintable(s.currentImageProblem()));
    }

    void generationOptionsReachTheRequest()
    {
        Session s;
        s.setGeneration({{QStringLiteral("maxNewTokens"), 9999}, {QStringLiteral("temperature"), 0.7}});
        QCOMPARE(s.generation().value(QStringLiteral("maxNewTokens")).toInt(), 4096);
        QCOMPARE(s.generation().value(QStringLiteral("temperature")).toDouble(), 0.7);
    }

    void citedMarksAreDrawnForTheModel()
    {
        EngineController::setFactoryOverride([](const ModelSpec &, QString *) {
            return std::make_unique<CapturingBackend>(QStringLiteral("kosmos2"), QStringLiteral("It is [1]."));
        });
        EngineController engine;
        engine.loadModel(QStringLiteral("fake"), QString());
        QTRY_COMPARE(engine.state(), EngineController::State::Ready);
        Session s;
        s.setEngine(&engine);
        QVERIFY(s.addImagePath(kDemo));
        s.addMark(QPointF(150, 140));
        QVERIFY(s.send(QStringLiteral("what is @1?"), QString()));
        QTRY_VERIFY(!s.answering());
        QCOMPARE(CapturingBackend::lastMarks.size(), 1);
        QCOMPARE(CapturingBackend::lastMarks[0].number, 1);
        // the model's copy has the number drawn at the mark: the red circle's centre is now dark
        // (the disc around the digit, left of the white "1")
        const QColor centre = CapturingBackend::lastImage.pixelColor(143, 140);
        QVERIFY2(centre.red() < 100, qPrintable(centre.name()));
        // and "[1]" in the answer links to mark 1
        QVERIFY(s.chat()->richTextFor(1, -1).contains(QStringLiteral("href=\"mark:1\"")));
        // a turn that cites no mark sends the image as it is
        QVERIFY(s.send(QStringLiteral("and the rest?"), QString()));
        QTRY_VERIFY(!s.answering());
        QVERIFY(CapturingBackend::lastMarks.isEmpty());
    }

    void autosaveBringsTheSessionBack()
    {
        QTemporaryDir dir;
        const QString autosave = dir.filePath(QStringLiteral("auto.gcsession"));
        {
            Session s;
            s.setAutosavePath(autosave);
            QVERIFY(s.addImagePath(kDemo));
            s.addBox(QRectF(10, 10, 20, 20));
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(autosave), 5000);
            // no clean shutdown: the file stays, as after a crash
        }
        Session restored;
        restored.setAutosavePath(autosave);
        QVERIFY(restored.hasAutosave());
        QVERIFY(restored.restoreAutosave());
        QCOMPARE(restored.regions()->rowCount(), 1);
        restored.discardAutosave();
        QVERIFY(!QFile::exists(autosave));
    }

    void autosaveKeepsTheFileNameAndTheLastEdit()
    {
        QTemporaryDir dir;
        const QString autosave = dir.filePath(QStringLiteral("auto.gcsession"));
        const QString file = dir.filePath(QStringLiteral("work.gcsession"));
        const auto autosavedRegions = [&] {
            QFile f(autosave);
            if (!f.open(QIODevice::ReadOnly))
                return -1;
            const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
            return int(root.value(QStringLiteral("images")).toArray().first().toObject().value(QStringLiteral("regions")).toArray().size());
        };
        {
            Session s;
            s.setAutosavePath(autosave);
            QVERIFY(s.addImagePath(kDemo));
            QVERIFY(s.saveToPath(file));
            s.addBox(QRectF(10, 10, 20, 20));
            // the crash came about a second after the box
            QTRY_COMPARE_WITH_TIMEOUT(autosavedRegions(), 1, 1000);
        }
        Session restored;
        restored.setAutosavePath(autosave);
        QVERIFY(restored.restoreAutosave());
        QCOMPARE(restored.filePath(), file);
        QVERIFY2(restored.modified(), "the box is not in the file yet");
        QCOMPARE(restored.regions()->rowCount(), 1);
        QVERIFY(restored.saveToPath(restored.filePath()));
        QVERIFY(!restored.modified());
    }

    void autosaveKeepsAnAnswerAsItStreams()
    {
        QTemporaryDir dir;
        const QString autosave = dir.filePath(QStringLiteral("auto.gcsession"));
        auto engine = makeEngine(kAnswer.repeated(5), 20);
        Session s;
        s.setEngine(engine.get());
        s.setAutosavePath(autosave);
        QVERIFY(s.addImagePath(kDemo));
        QVERIFY(s.send(QStringLiteral("<grounding> An image of"), QString()));
        const auto autosavedAnswer = [&] {
            QFile f(autosave);
            if (!f.open(QIODevice::ReadOnly))
                return QString();
            const QJsonArray messages = QJsonDocument::fromJson(f.readAll())
                                            .object().value(QStringLiteral("images")).toArray().first().toObject()
                                            .value(QStringLiteral("messages")).toArray();
            return messages.size() == 2 ? messages[1].toObject().value(QStringLiteral("text")).toString() : QString();
        };
        // a long answer reaches the autosave again and again while it streams, not only when it ends
        QString first;
        QTRY_VERIFY_WITH_TIMEOUT(!(first = autosavedAnswer()).isEmpty() && s.answering(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(autosavedAnswer() != first && s.answering(), 10000);
        Session restored;
        restored.setAutosavePath(autosave);
        QVERIFY(restored.restoreAutosave());
        QVERIFY2(restored.chat()->items().last().cancelled, "an answer cut by the crash reads as stopped");
        QTRY_VERIFY_WITH_TIMEOUT(!s.answering(), 20000);
    }

    void guiThreadKeepsServingEventsWhileTheEngineWorks()
    {
        // The engine streams a long answer; a 4 ms timer on the GUI thread measures how late it fires.
        auto engine = makeEngine(kAnswer.repeated(40), 1);
        Session s;
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QVector<qint64> lateness;
        QElapsedTimer clock;
        clock.start();
        qint64 expected = 4;
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        tick.setInterval(4);
        connect(&tick, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            lateness << std::max<qint64>(0, now - expected);
            expected = now + 4;
        });
        tick.start();
        QVERIFY(s.send(QStringLiteral("<grounding> An image of"), QString()));
        QTRY_VERIFY_WITH_TIMEOUT(!s.answering(), 60000);
        tick.stop();
        QVERIFY(lateness.size() > 10);
        std::sort(lateness.begin(), lateness.end());
        const qint64 p99 = lateness[qsizetype(double(lateness.size() - 1) * 0.99)];
        qInfo("GUI event latency while streaming: p99 %lld ms over %lld ticks, %d model regions",
              static_cast<long long>(p99), static_cast<long long>(lateness.size()), s.regions()->rowCount());
        QVERIFY(s.regions()->rowCount() >= 80);
    }
};

QTEST_MAIN(TestSession)
#include "tst_session.moc"
