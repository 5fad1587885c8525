// Tiled turns against a server (app/engine/tiledask.h): the crops go as requests of their own, a few at once and
// never more, each answer read in its crop's frame and merged into the image's pixels; Stop ends them all.
#include "enginecontroller.h"
#include "remote_test_server.h"
#include "session.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kDemo = QStringLiteral(GC_SOURCE_DIR "/resources/images/demo-shapes.png"); // 640x427
const QString kModel = QStringLiteral("kosmos-2-patch14-224");
// a box at the same cells of every crop: (4, 5) to (5, 6) of Kosmos-2's 32x32 grid
const QString kAnswer =
    QStringLiteral("<phrase> a red circle</phrase><object><patch_index_0164><patch_index_0197></object>.");

QSize sentImageSize(const QJsonObject &request)
{
    const QString url = request["messages"][0]["content"][0]["image_url"]["url"].toString();
    return QImage::fromData(QByteArray::fromBase64(url.mid(url.indexOf(',') + 1).toLatin1())).size();
}

} // namespace

class TestRemoteTiles : public QObject
{
    Q_OBJECT

    RemoteTestServer m_server;
    bool m_hang = false;

    std::unique_ptr<EngineController> connectServer()
    {
        auto engine = std::make_unique<EngineController>();
        ModelSpec spec = ModelSpec::server(m_server.url(), kModel, QStringLiteral("kosmos2"));
        spec.options = {{"connectTimeoutMs", 3000}, {"idleTimeoutMs", 20000}};
        engine->loadSpec(spec);
        [&] { QVERIFY(waitFor([&] { return engine->state() == EngineController::State::Ready; }, 10000)); }();
        return engine;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GroundChatTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_remotetiles"));
        m_server.modelsReply = RemoteTestServer::models({kModel});
        m_server.onChat = [this](const QJsonObject &) {
            RemoteTestServer::Reply reply;
            reply.pieces = {RemoteTestServer::sse(RemoteTestServer::tokens(kAnswer))};
            if (m_hang)
                reply.end = RemoteTestServer::Reply::End::Hang;
            return reply;
        };
    }

    void eachCropIsARequestAndItsBoxLandsOnTheImage()
    {
        auto engine = connectServer();
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        s.conversation()->setTiling(QStringLiteral("tiled")); // a server does not say its input: 2x2 and the whole
        m_server.chatRequests.clear();
        QVERIFY(s.conversation()->send(QStringLiteral("a red circle"), QString()));
        QVERIFY(waitFor([&] { return !s.conversation()->answering(); }, 20000));
        const ChatMessage answer = s.chat()->items().last();
        QCOMPARE(answer.error, QString());
        QCOMPARE(answer.tilesTotal, 5);
        QCOMPARE(int(m_server.chatRequests.size()), 5);
        QList<QSize> sent;
        for (const QJsonObject &r : m_server.chatRequests)
            sent << sentImageSize(r);
        QVERIFY2(sent.contains(QSize(640, 427)), "the whole image");
        QCOMPARE(sent.count(QSize(356, 237)), 4); // 640 / (2 - 0.2) wide, 427 / 1.8 high
        // one box per tile, each the crop's cells (4.5 / 32 of it) from its corner; the whole image's box lies
        // inside the first tile, which saw that part larger and found its circle elsewhere: it is not kept
        QList<double> lefts;
        for (const RegionItem &r : s.regions()->items())
            if (r.fromModel)
                lefts << r.box.left();
        QCOMPARE(lefts.size(), 4);
        const double cell = 4.5 / 32;
        const auto has = [&lefts](double x) {
            return std::any_of(lefts.begin(), lefts.end(), [x](double l) { return std::abs(l - x) < 1e-6; });
        };
        for (const double x : {cell * 356, 284 + cell * 356})
            QVERIFY2(has(x), qPrintable(QString::number(x)));
        QVERIFY(!has(cell * 640));
    }

    void autoTilesALargeImageForAServerToo()
    {
        // A server does not say what it sees an image at: Auto takes about a megapixel (RemoteBackend::inputSide),
        // so a large image is looked at in tiles as with a model in this process, and a small one whole.
        QTemporaryDir dir;
        const QString large = dir.filePath(QStringLiteral("large.png"));
        QImage image(2600, 1400, QImage::Format_RGB888);
        image.fill(Qt::white);
        QVERIFY(image.save(large));
        auto engine = connectServer();
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(large));
        QCOMPARE(s.conversation()->tiling(), QStringLiteral("auto"));
        m_server.chatRequests.clear();
        QVERIFY(s.conversation()->send(QString(), QStringLiteral("grounded-caption")));
        QVERIFY(waitFor([&] { return !s.conversation()->answering(); }, 20000));
        QCOMPARE(s.chat()->items().last().error, QString());
        QCOMPARE(s.chat()->items().last().tilesTotal, 3); // 2 x 1 tiles of at most twice 1024 pixels, and the whole
        QCOMPARE(int(m_server.chatRequests.size()), 3);

        QVERIFY(s.addImagePath(kDemo));
        m_server.chatRequests.clear();
        QVERIFY(s.conversation()->send(QString(), QStringLiteral("grounded-caption")));
        QVERIFY(waitFor([&] { return !s.conversation()->answering(); }, 20000));
        QCOMPARE(s.chat()->items().last().tilesTotal, 0);
        QCOMPARE(int(m_server.chatRequests.size()), 1);
    }

    void aFewCropsAreAskedAtOnceAndStopEndsThem()
    {
        auto engine = connectServer();
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        s.conversation()->setTiling(QStringLiteral("tiled"));
        m_server.chatRequests.clear();
        m_hang = true; // no answer ends: only the crops asked at once reach the server
        QVERIFY(s.conversation()->send(QStringLiteral("a red circle"), QString()));
        QVERIFY(waitFor([&] { return m_server.chatRequests.size() >= 3; }, 10000));
        QVERIFY(!waitFor([&] { return m_server.chatRequests.size() > 3; }, 500));
        s.conversation()->stop();
        QVERIFY(waitFor([&] { return !s.conversation()->answering(); }, 10000));
        m_hang = false;
        const ChatMessage answer = s.chat()->items().last();
        QVERIFY(answer.cancelled);
        QCOMPARE(answer.error, QString());
        QCOMPARE(answer.tilesDone, 0);
        QCOMPARE(int(m_server.chatRequests.size()), 3);
    }

    void commandLineAsksTheTilesToo()
    {
        m_server.chatRequests.clear();
        QProcess cli;
        cli.start(QStringLiteral(GC_CLI_PATH), {"ask", "--server", m_server.url(), "--model", kModel, "--dialect", "kosmos2",
                                                "--image", kDemo, "--prompt", "a red circle", "--tiles", "2", "--json"});
        QVERIFY(waitFor([&] { return cli.state() == QProcess::NotRunning; }, 20000));
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(cli.exitCode() == 0, err.constData());
        QVERIFY(err.contains("tile 5 of 5"));
        QCOMPARE(int(m_server.chatRequests.size()), 5);
        const QJsonObject out = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        QCOMPARE(out["tiles"].toObject()["crops"].toInt(), 5);
        QCOMPARE(out["entities"].toArray().size(), 1);
        QCOMPARE(out["entities"][0]["boxes"].toArray().size(), 4); // the tiles' (the whole image's is inside one)

        QProcess bad;
        bad.start(QStringLiteral(GC_CLI_PATH), {"ask", "--server", m_server.url(), "--model", kModel, "--image", kDemo,
                                                "--prompt", "x", "--tiles", "many"});
        QVERIFY(waitFor([&] { return bad.state() == QProcess::NotRunning; }, 20000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(bad.readAllStandardError().contains("--tiles must be auto or a number of tiles a side from 1 to 8"));
    }
};

QTEST_MAIN(TestRemoteTiles)
#include "tst_remotetiles.moc"
