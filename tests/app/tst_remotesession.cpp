// The app path end to end: Session -> EngineController -> engine thread -> RemoteBackend -> a server in
// this process. A Qwen2.5-VL answer in the coordinates of the server's smart-resized input lands on the
// right pixels of a non-square image, also when GroundChat sends the image downscaled first.
#include "bomb_png.h"
#include "enginecontroller.h"
#include "remote_test_server.h"
#include "session.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace {

const QString kDemo = QStringLiteral(GC_SOURCE_DIR "/resources/images/demo-shapes.png"); // 640x427
const QString kModel = QStringLiteral("Qwen/Qwen2.5-VL-7B-Instruct");

// The box of QwenLM/Qwen2.5-VL cookbooks/process_bbox.ipynb (as tests/engine/test_dialect_qwen25vl.cpp
// quotes it): a 640x428 image is smart-resized to 644x420 and the model answers [147, 134, 619, 407] in
// that frame, which is [146, 137, 615, 415] in the image. The demo image is 640x427, whose frame is also
// 644x420; in its pixels the box is [146.1, 136.2, 615.2, 413.8].
const double kTruth[4] = {147.0 / 644 * 640, 134.0 / 420 * 427, 619.0 / 644 * 640, 407.0 / 420 * 427};

QSize sentImageSize(const QJsonObject &request)
{
    const QString url = request["messages"][0]["content"][0]["image_url"]["url"].toString();
    const qsizetype comma = url.indexOf(',');
    return QImage::fromData(QByteArray::fromBase64(url.mid(comma + 1).toLatin1())).size();
}

// What Qwen2.5-VL answers for the image it was given: the true box in its own input frame, the smart
// resize of the received image (factor 28), rounded as the model writes integers.
QString qwenAnswerFor(const QSize &received)
{
    const auto frameSide = [](int v) { return std::max(28, int(std::lround(v / 28.0)) * 28); };
    const int fw = frameSide(received.width()), fh = frameSide(received.height());
    const auto at = [](double v, double full, int frame) { return int(std::lround(v / full * frame)); };
    return QStringLiteral("```json\n[\n\t{\"bbox_2d\": [%1, %2, %3, %4], \"label\": \"bowl\"}\n]\n```")
        .arg(at(kTruth[0], 640, fw))
        .arg(at(kTruth[1], 427, fh))
        .arg(at(kTruth[2], 640, fw))
        .arg(at(kTruth[3], 427, fh));
}

} // namespace

class TestRemoteSession : public QObject
{
    Q_OBJECT

    RemoteTestServer m_server;
    QSize m_lastReceived;

    std::unique_ptr<EngineController> connect(int maxImageSide)
    {
        auto engine = std::make_unique<EngineController>();
        ModelSpec spec = ModelSpec::server(m_server.url(), kModel);
        spec.options = {{"apiKey", "sk-session"}, {"maxImageSide", maxImageSide}, {"connectTimeoutMs", 3000}, {"idleTimeoutMs", 5000}};
        engine->loadSpec(spec);
        [&] { QVERIFY(waitFor([&] { return engine->state() == EngineController::State::Ready; }, 10000)); }();
        return engine;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GroundChatTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_remotesession"));
        m_server.modelsReply = RemoteTestServer::models({kModel});
        m_server.onChat = [this](const QJsonObject &request) {
            m_lastReceived = sentImageSize(request);
            RemoteTestServer::Reply reply;
            reply.pieces = RemoteTestServer::splitAwkwardly(
                RemoteTestServer::sse(RemoteTestServer::tokens(qwenAnswerFor(m_lastReceived))), 40, 4);
            return reply;
        };
    }

    void boxesLandOnTheImage_data()
    {
        QTest::addColumn<int>("maxImageSide");
        QTest::addColumn<QSize>("received");
        QTest::newRow("sent as is (frame 644x420)") << 0 << QSize(640, 427);
        QTest::newRow("downscaled to 320x214 (frame 308x224)") << 320 << QSize(320, 214);
    }
    void boxesLandOnTheImage()
    {
        QFETCH(int, maxImageSide);
        QFETCH(QSize, received);
        auto engine = connect(maxImageSide);
        QCOMPARE(engine->dialect(), QString("qwen2.5-vl"));
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QCOMPARE(s.currentImageSize(), QSize(640, 427));
        QVERIFY(s.conversation()->send(QStringLiteral("Locate the bowl, output its bbox coordinates using JSON format."), QString()));
        QVERIFY(waitFor([&] { return !s.conversation()->answering(); }, 10000));
        QCOMPARE(m_lastReceived, received);
        QList<RegionItem> answers;
        for (const RegionItem &r : s.regions()->items())
            if (r.fromModel)
                answers << r;
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers[0].label, QString("bowl"));
        const QRectF b = answers[0].box;
        // within the rounding of the model's integers in the smaller frame
        const double tol = maxImageSide ? 2.5 : 1.0;
        QVERIFY2(qAbs(b.left() - kTruth[0]) < tol && qAbs(b.top() - kTruth[1]) < tol && qAbs(b.right() - kTruth[2]) < tol
                     && qAbs(b.bottom() - kTruth[3]) < tol,
                 qPrintable(QStringLiteral("%1,%2,%3,%4").arg(b.left()).arg(b.top()).arg(b.right()).arg(b.bottom())));
        QCOMPARE(s.chat()->items().last().error, QString());
    }

    void userRegionsAndHistoryUseTheSameFrame()
    {
        auto engine = connect(320);
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        const int before = int(m_server.chatRequests.size());
        QVERIFY(s.conversation()->send(QStringLiteral("Locate the bowl"), QString()));
        QVERIFY(waitFor([&] { return !s.conversation()->answering(); }, 10000));
        const QString firstRaw = QString::fromUtf8(s.chat()->items().last().raw);
        // a user box written for the model: in the 308x224 frame the server's model sees
        s.addBox(QRectF(QPointF(kTruth[0], kTruth[1]), QPointF(kTruth[2], kTruth[3])));
        const QString prompt = s.conversation()->previewPrompt(QStringLiteral("What is in @R1?"), QString());
        QVERIFY2(prompt.contains("70") && prompt.contains("296") && prompt.contains("217"), qPrintable(prompt));
        QVERIFY(s.conversation()->send(QStringLiteral("What is in @R1?"), QString()));
        QVERIFY(waitFor([&] { return !s.conversation()->answering(); }, 10000));
        QCOMPARE(int(m_server.chatRequests.size()), before + 2);
        const QJsonArray m = m_server.chatRequests.last()["messages"].toArray();
        QCOMPARE(m.size(), 3);
        QCOMPARE(m[0]["content"][1]["text"].toString(), QString("Locate the bowl"));
        QCOMPARE(m[1]["content"].toString(), firstRaw);
        QCOMPARE(m[2]["content"].toString(), prompt);
    }

    // A decompression bomb in a session is neither decoded nor encoded for the server: the question fails
    // with the pixel limit's message before the engine sees it, no request goes out, and peak memory stays where it was.
    void decompressionBombIsNotSent()
    {
        QTemporaryDir dir;
        const QString bomb = dir.filePath(QStringLiteral("bomb.png"));
        QVERIFY(gc::test::writeBombPng(bomb.toStdString(), 30000, 30000));
        auto engine = connect(0);
        const long before = gc::test::peakRssKb();
        const int requests = int(m_server.chatRequests.size());
        Session s;
        s.conversation()->setEngine(engine.get());
        QString error;
        const QString json = QStringLiteral(R"({"format":"groundchat-session","version":1,"images":[{"path":"%1",)"
                                            R"("width":30000,"height":30000,"regions":[]}]})")
                                 .arg(bomb);
        QVERIFY2(s.file()->fromJson(json.toUtf8(), &error, nullptr, dir.path()), qPrintable(error));
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(!s.conversation()->send(QStringLiteral("Locate the bowl"), QString()));
        QVERIFY(!s.conversation()->answering());
        const QString failure = errors.value(0).value(0).toString();
        QVERIFY2(failure.contains(QStringLiteral("30000 × 30000 pixels")) && failure.contains(QStringLiteral("179.0 megapixels")),
                 qPrintable(failure));
        QCOMPARE(int(m_server.chatRequests.size()), requests);
        QVERIFY2(gc::test::peakRssKb() - before < 64 * 1024,
                 qPrintable(QStringLiteral("peak memory grew by %1 kB").arg(gc::test::peakRssKb() - before)));
    }

    void stopKeepsThePartialRemoteAnswer()
    {
        RemoteTestServer slow;
        slow.modelsReply = RemoteTestServer::models({kModel});
        RemoteTestServer::Reply reply;
        reply.pieces << RemoteTestServer::sse({"[{\"bbox_2d\": [10, 10, 100, 100], \"label\": \"cup\"}, "}, false, false);
        reply.end = RemoteTestServer::Reply::End::Hang;
        slow.chatReplies << reply;
        EngineController engine;
        ModelSpec spec = ModelSpec::server(slow.url(), kModel);
        spec.options = {{"apiKey", ""}, {"maxImageSide", 0}, {"connectTimeoutMs", 3000}, {"idleTimeoutMs", 30000}};
        engine.loadSpec(spec);
        QVERIFY(waitFor([&] { return engine.state() == EngineController::State::Ready; }, 10000));
        Session s;
        s.conversation()->setEngine(&engine);
        QVERIFY(s.addImagePath(kDemo));
        QVERIFY(s.conversation()->send(QStringLiteral("Detect"), QString()));
        QVERIFY(waitFor([&] { return s.chat()->items().last().raw.contains("cup"); }, 10000));
        s.conversation()->stop();
        QVERIFY(waitFor([&] { return !s.conversation()->answering(); }, 2000));
        QVERIFY(s.chat()->items().last().cancelled);
        // the model list's connection and the stopped answer's, which the engine closed
        QVERIFY(waitFor([&] { return slow.clientsGone == 2; }, 2000));
    }
};

QTEST_MAIN(TestRemoteSession)
#include "tst_remotesession.moc"
