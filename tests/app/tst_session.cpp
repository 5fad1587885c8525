// Session against a scripted engine (no libtorch): drawing, undo/redo, streaming answers into overlays,
// cancel, files, autosave, and the GUI thread staying responsive while the engine works.
#include "enginecontroller.h"
#include "fakebackend.h"
#include "session.h"

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

namespace {
const QString kAnswer = QStringLiteral(
    "<grounding> An image of<phrase> a red circle</phrase><object><patch_index_0164><patch_index_0491></object>"
    " and<phrase> a blue square</phrase><object><patch_index_0059><patch_index_0529></object>.");
const QString kDemo = QStringLiteral(":/demo/images/demo-shapes.png");
} // namespace

// Remembers what the engine was asked, to check what the model gets to see.
class CapturingBackend : public FakeBackend
{
public:
    using FakeBackend::FakeBackend;
    static inline QList<QPair<int, QPointF>> lastMarks;
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

    std::unique_ptr<EngineController> makeEngine(const QString &answer, int msPerPiece = 2)
    {
        EngineController::setFactoryOverride([answer, msPerPiece](const ModelSpec &, QString *) {
            return std::make_unique<CapturingBackend>(QStringLiteral("kosmos2"), answer, msPerPiece, 3);
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
        // Kosmos-2 answers a referring expression with regions only: the phrase was the user's.
        auto engine = makeEngine(QStringLiteral("<object><patch_index_0164><patch_index_0491></object>"));
        Session s;
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QCOMPARE(s.previewPrompt(QStringLiteral("the red circle"), QStringLiteral("refer")),
                 QStringLiteral("<grounding><phrase>the red circle</phrase>"));
        QVERIFY(s.send(QStringLiteral("the red circle"), QStringLiteral("refer")));
        QTRY_VERIFY(!s.answering());
        const ChatMessage answer = s.chat()->items().last();
        QCOMPARE(answer.text, QStringLiteral("the red circle"));
        QCOMPARE(answer.entities.size(), 1);
        const QVariantMap entity = answer.entities.first().toMap();
        QCOMPARE(entity.value(QStringLiteral("spanBegin")).toInt(), 0);
        QCOMPARE(entity.value(QStringLiteral("spanEnd")).toInt(), 14);
        QCOMPARE(s.regions()->items().size(), 1);
        QCOMPARE(s.regions()->items().first().label, QStringLiteral("the red circle"));
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

    void streamedAnswerCreatesOverlaysInOrder()
    {
        auto engine = makeEngine(kAnswer);
        Session s;
        s.setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        s.addBox(QRectF(80, 70, 141, 141));
        QCOMPARE(s.previewPrompt(QStringLiteral("what is @R1?"), QString()),
                 QStringLiteral("what is <phrase>this region</phrase><object><patch_index_0164><patch_index_0491></object>?"));
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
        QCOMPARE(CapturingBackend::lastMarks[0].first, 1);
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
