// The grounding expert for models that cannot ground, end to end: a server model (the in-process OpenAI-compatible
// replay server) answers in plain text about a demo-world scene; the expert (the demo model) boxes the answer's
// phrases, the boxes are marked as the expert's and linked to the phrases, the run is recorded on the answer, and
// undo takes it with the answer (or on its own when asked for later). A stopped run leaves nothing; an answer with
// boxes of its own gets none.
#include "enginecontroller.h"
#include "remote_test_server.h"
#include "rgbimage.h"
#include "session.h"
#include "sessionexpert.h"

#include "core/geometry.h"
#include "demo/scene.h"
#include "demo/tasks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

namespace {

const QString kModel = QStringLiteral("Qwen/Qwen2.5-VL-7B-Instruct");
constexpr uint64_t kSceneSeed = 7;

QList<RegionItem> expertRegions(Session &s)
{
    QList<RegionItem> out;
    for (const RegionItem &r : s.regions()->items())
        if (r.source == QLatin1String("expert"))
            out << r;
    return out;
}

} // namespace

class TestSessionExpert : public QObject
{
    Q_OBJECT

    RemoteTestServer m_server;
    QTemporaryDir m_dir;
    QString m_image;
    gc::demo::Scene m_scene;
    QString m_answer;                   // what the server says: plain text naming the scene's objects
    std::map<QString, gc::Box> m_truth; // each phrase's object
    QString m_reply;                    // what the next chat request is answered with

    std::unique_ptr<EngineController> connectServer()
    {
        auto engine = std::make_unique<EngineController>();
        ModelSpec spec = ModelSpec::server(m_server.url(), kModel);
        spec.options = {{"apiKey", "sk-expert"}, {"connectTimeoutMs", 3000}, {"idleTimeoutMs", 5000}};
        engine->loadSpec(spec);
        [&] { QVERIFY(waitFor([&] { return engine->state() == EngineController::State::Ready; }, 10000)); }();
        return engine;
    }

    // A session on the scene talking to the replay server, with the demo model as its grounding expert.
    struct Setup {
        std::unique_ptr<EngineController> engine;
        Session session;
        SessionExpert expert;
    };
    std::unique_ptr<Setup> setUp(bool automatic)
    {
        auto setup = std::make_unique<Setup>();
        setup->engine = connectServer();
        setup->session.conversation()->setEngine(setup->engine.get());
        setup->expert.setSession(&setup->session);
        setup->expert.setModel(QStringLiteral("demo"));
        setup->expert.setAutomatic(automatic);
        [&] { QVERIFY(setup->session.addImagePath(m_image)); }();
        return setup;
    }

    // Sends a question and waits for the answer to end.
    void ask(Session &s)
    {
        QVERIFY(s.conversation()->send(QStringLiteral("What is in this picture?"), QString()));
        QVERIFY(waitFor([&] { return !s.conversation()->answering(); }, 10000));
        QCOMPARE(s.chat()->items().last().error, QString());
    }

    static bool waitForRun(SessionExpert &expert, QSignalSpy &finished)
    {
        return waitFor([&] { return finished.count() > 0 && !expert.running(); }, 120000);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GroundChatTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_session_expert"));
        QVERIFY(m_dir.isValid());
        m_scene = gc::demo::makeScene(kSceneSeed);
        m_image = m_dir.filePath(QStringLiteral("scene.png"));
        QVERIFY(toQImage(m_scene.image).save(m_image));
        // the objects of a kind of their own, named as a server model would write them
        std::map<std::pair<int, int>, int> kinds;
        for (const gc::demo::Object &o : m_scene.objects)
            ++kinds[{int(o.colour), int(o.shape)}];
        QStringList phrases;
        for (const gc::demo::Object &o : m_scene.objects)
            if (kinds[{int(o.colour), int(o.shape)}] == 1) {
                const QString p = QString::fromStdString(gc::demo::kindPhrase(o.colour, o.shape, 1));
                phrases << p;
                m_truth[p] = o.box;
            }
        QVERIFY2(phrases.size() >= 2, "the scene should name at least two objects");
        m_answer = QStringLiteral("In this picture I can see %1 and %2 on a plain background.")
                       .arg(phrases.mid(0, phrases.size() - 1).join(QStringLiteral(", ")), phrases.last());
        m_server.modelsReply = RemoteTestServer::models({kModel});
        m_server.onChat = [this](const QJsonObject &) {
            RemoteTestServer::Reply reply;
            reply.pieces = {RemoteTestServer::sse(RemoteTestServer::tokens(m_reply))};
            return reply;
        };
    }

    void init() { m_reply = m_answer; }

    // The acceptance test: a text-only server answer gets the expert's boxes, linked to its phrases.
    void textOnlyServerAnswerGetsExpertBoxes()
    {
        const auto setup = setUp(true);
        Session &s = setup->session;
        SessionExpert &expert = setup->expert;
        QSignalSpy finished(&expert, &SessionExpert::finished);
        const QList<ChatMessage> before = s.chat()->items();
        ask(s);
        QVERIFY2(expert.running() || finished.count() > 0, "an answer without boxes starts the expert");
        QVERIFY(waitForRun(expert, finished));
        QCOMPARE(finished.count(), 1);
        QVERIFY2(finished.first().first().toBool(), qPrintable(s.lastError()));

        const ChatMessage answer = s.chat()->items().last();
        QCOMPARE(answer.text, m_answer);
        const int row = int(s.chat()->items().size()) - 1;
        const QList<RegionItem> boxes = expertRegions(s);
        QVERIFY(!boxes.isEmpty());
        // linked to the phrases of the answer: an entity per boxed phrase, its span on the phrase's words
        QVERIFY(!answer.entities.isEmpty());
        QStringList linked;
        for (const QVariant &v : answer.entities) {
            const QVariantMap e = v.toMap();
            const QString phrase = e.value(QStringLiteral("phrase")).toString();
            const int b = e.value(QStringLiteral("spanBegin")).toInt(), end = e.value(QStringLiteral("spanEnd")).toInt();
            QCOMPARE(answer.text.mid(b, end - b), phrase);
            QVERIFY2(m_truth.count(phrase), qPrintable(phrase));
            for (const QString &id : e.value(QStringLiteral("regionIds")).toStringList())
                linked << id;
        }
        int onTheirObject = 0;
        for (const RegionItem &r : boxes) {
            QVERIFY(r.fromModel);
            QCOMPARE(r.messageIndex, row);
            QVERIFY(linked.contains(r.id));
            QCOMPARE(r.kind, QStringLiteral("box"));
            const gc::Box b{r.box.left(), r.box.top(), r.box.right(), r.box.bottom()};
            onTheirObject += gc::iou(b, m_truth.at(r.label)) >= 0.5;
        }
        std::printf("expert on the server's answer: %lld boxes, %d on their phrase's object (IoU >= 0.5), %zu phrases\n",
                    qlonglong(boxes.size()), onTheirObject, m_truth.size());
        QVERIFY2(onTheirObject * 2 >= int(m_truth.size()), "most phrases are boxed on their object");
        // the run, on the answer: what ran, how long, the boxes it made
        QCOMPARE(answer.tools.size(), 1);
        const ToolRun &run = answer.tools.first();
        QCOMPARE(run.tool, QStringLiteral("expert"));
        QVERIFY(run.ms > 0);
        QVERIFY(run.region.isNull());
        QCOMPARE(run.output.section(QLatin1Char('\n'), 0, 0), QStringLiteral("demo model"));
        QCOMPARE(run.regionIds.size(), boxes.size());
        for (const RegionItem &r : boxes)
            QVERIFY(run.regionIds.contains(r.id));

        // one undo takes the answer and its expert boxes together; redo brings both back
        QVERIFY(s.canUndo());
        s.undo();
        QCOMPARE(s.chat()->items(), before);
        QVERIFY(expertRegions(s).isEmpty());
        s.redo();
        QCOMPARE(s.chat()->items().last(), answer);
        QCOMPARE(expertRegions(s).size(), boxes.size());
    }

    // Tools ▸ Ground the answer: on demand, its own undo step after the answer's.
    void onDemandIsAStepOfItsOwn()
    {
        const auto setup = setUp(false);
        Session &s = setup->session;
        SessionExpert &expert = setup->expert;
        QSignalSpy finished(&expert, &SessionExpert::finished);
        ask(s);
        QVERIFY(!expert.running());
        QVERIFY(expertRegions(s).isEmpty());
        const ChatMessage plain = s.chat()->items().last();
        QVERIFY(expert.canGround(-1));
        QVERIFY(expert.groundAnswer(-1));
        QVERIFY2(!expert.groundAnswer(-1), "one run at a time");
        QVERIFY(waitForRun(expert, finished));
        QVERIFY(!expertRegions(s).isEmpty());
        QCOMPARE(s.undoText(), QStringLiteral("Ground the answer"));
        s.undo();
        QVERIFY(expertRegions(s).isEmpty());
        QCOMPARE(s.chat()->items().last(), plain);
        QVERIFY(s.chat()->items().last().tools.isEmpty());
    }

    // Tools ▸ Ground the answer is refused on an answer whose phrases all have boxes, and on one with some phrases
    // boxed grounds only the others.
    void onlyPhrasesWithoutBoxesAreGrounded()
    {
        const auto setup = setUp(true);
        Session &s = setup->session;
        SessionExpert &expert = setup->expert;
        QSignalSpy finished(&expert, &SessionExpert::finished);
        ask(s);
        QVERIFY(waitForRun(expert, finished));
        QVariantList entities = s.chat()->items().last().entities;
        QCOMPARE(entities.size(), qsizetype(m_truth.size())); // every phrase boxed
        QVERIFY(!expert.canGround(-1));
        QCOMPARE(expert.whyNotGround(-1), QStringLiteral("Every phrase of the answer has its boxes already."));
        const QString undoBefore = s.undoText();
        QVERIFY(!expert.groundAnswer(-1));
        QCOMPARE(s.lastError(), expert.whyNotGround(-1));
        QCOMPARE(s.undoText(), undoBefore);

        // the boxes of one phrase deleted: that phrase alone is grounded again
        const QVariantMap dropped = entities.first().toMap();
        const QString phrase = dropped.value(QStringLiteral("phrase")).toString();
        for (const QString &id : dropped.value(QStringLiteral("regionIds")).toStringList())
            s.deleteRegion(id);
        QStringList kept;
        for (const RegionItem &r : expertRegions(s))
            kept << r.id;
        QVERIFY(!kept.isEmpty());
        QVERIFY2(expert.canGround(-1), qPrintable(expert.whyNotGround(-1)));
        finished.clear();
        QVERIFY(expert.groundAnswer(-1));
        QVERIFY(waitForRun(expert, finished));
        QVERIFY2(finished.first().first().toBool(), qPrintable(s.lastError()));
        const ChatMessage answer = s.chat()->items().last();
        QCOMPARE(answer.tools.size(), 2);
        const QStringList lines = answer.tools.last().output.split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2); // the expert's name, then the one phrase
        QVERIFY2(lines[1].startsWith(phrase + QStringLiteral(": ")), qPrintable(lines[1]));
        for (const QString &id : answer.tools.last().regionIds) {
            QVERIFY(!kept.contains(id));
            QCOMPARE(s.region(id).value(QStringLiteral("label")).toString(), phrase);
        }
        for (const QString &id : kept)
            QVERIFY(!s.region(id).isEmpty());
        QVERIFY(!expert.canGround(-1));
    }

    void stoppedRunLeavesNothing()
    {
        const auto setup = setUp(false);
        Session &s = setup->session;
        SessionExpert &expert = setup->expert;
        QSignalSpy finished(&expert, &SessionExpert::finished);
        ask(s);
        const QString undoBefore = s.undoText();
        QVERIFY(expert.groundAnswer(-1));
        expert.cancel();
        QVERIFY(waitForRun(expert, finished));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(expertRegions(s).isEmpty());
        QVERIFY(s.chat()->items().last().tools.isEmpty());
        QCOMPARE(s.undoText(), undoBefore);
    }

    // Nothing to do: an answer with boxes of its own, or one that names nothing, does not start the expert.
    void answersThatNeedNoExpert()
    {
        const auto setup = setUp(true);
        Session &s = setup->session;
        SessionExpert &expert = setup->expert;
        m_reply = QStringLiteral("```json\n[{\"bbox_2d\": [10, 10, 60, 60], \"label\": \"red circle\"}]\n```");
        ask(s);
        QVERIFY(!expert.running());
        m_reply = QStringLiteral("Yes.");
        ask(s);
        QVERIFY(!expert.running());
        QVERIFY(expertRegions(s).isEmpty());
        QVERIFY2(!expert.groundAnswer(5), "no such answer");
        QVERIFY(!s.lastError().isEmpty());
    }

    // groundchat-cli ask --server … --expert demo: the same from the command line, in its JSON.
    void cliBoxesAPlainServerAnswer()
    {
        QProcess cli;
        cli.start(QStringLiteral(GC_CLI_PATH), {"ask", "--server", m_server.url(), "--model", kModel, "--image", m_image,
                                                "--prompt", "What is in this picture?", "--expert", "demo", "--json"});
        QVERIFY(waitFor([&] { return cli.state() == QProcess::NotRunning; }, 120000));
        QCOMPARE(cli.exitCode(), 0);
        const QByteArray out = cli.readAllStandardOutput().trimmed();
        const QJsonObject json = QJsonDocument::fromJson(out.mid(out.lastIndexOf('\n') + 1)).object();
        QCOMPARE(json["text"].toString(), m_answer);
        const QJsonArray entities = json["entities"].toArray();
        QVERIFY2(!entities.isEmpty(), out.constData());
        for (const QJsonValue &v : entities) {
            const QJsonObject e = v.toObject();
            QCOMPARE(e["source"].toString(), QStringLiteral("expert"));
            const QJsonArray span = e["span"].toArray();
            QCOMPARE(m_answer.mid(span[0].toInt(), span[1].toInt() - span[0].toInt()), e["phrase"].toString());
            QVERIFY(!e["boxes"].toArray().isEmpty());
            QCOMPARE(e["scores"].toArray().size(), e["boxes"].toArray().size());
        }
        const QJsonObject tool = json["tools"].toArray().first().toObject();
        QCOMPARE(tool["tool"].toString(), QStringLiteral("expert"));
        QCOMPARE(tool["expert"].toString(), QStringLiteral("demo model"));
        QVERIFY(tool["ms"].toDouble() > 0);

        QProcess bad;
        bad.start(QStringLiteral(GC_CLI_PATH), {"ask", "--server", m_server.url(), "--model", kModel, "--image", m_image,
                                                "--prompt", "Hi", "--expert", "owlv2"});
        QVERIFY(waitFor([&] { return bad.state() == QProcess::NotRunning; }, 20000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(bad.readAllStandardError().contains("--expert"));
    }
};

QTEST_MAIN(TestSessionExpert)
#include "tst_session_expert.moc"
