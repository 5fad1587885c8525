// Set-of-Mark: the image a model in the app is shown when a question cites a mark is the image the CLI's
// `marks --out` writes for the same marks, pixel for pixel, and a remote server receives that image too.
#include "enginecontroller.h"
#include "fakebackend.h"
#include "remote_test_server.h"
#include "session_fixture.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kDemoFile = QStringLiteral(GC_SOURCE_DIR "/resources/images/demo-shapes.png"); // for the CLI
constexpr int kMarks = 8;

// Remembers the image the model was given.
class ImageCapturingBackend : public FakeBackend
{
public:
    using FakeBackend::FakeBackend;
    static inline QImage lastImage;
    bool generate(const AskRequest &request, const OnText &onText, const ShouldAbort &abort, AnswerStats *stats,
                  QString *error, QString *detail) override
    {
        lastImage = request.image;
        return FakeBackend::generate(request, onText, abort, stats, error, detail);
    }
};

// What `groundchat-cli marks --max N --out` writes for the demo image.
QImage cliMarkedImage(const QString &dir)
{
    const QString out = dir + QStringLiteral("/marked.png");
    QProcess cli;
    cli.start(QStringLiteral(GC_CLI_PATH), {QStringLiteral("marks"), QStringLiteral("--image"), kDemoFile, QStringLiteral("--max"),
                                            QString::number(kMarks), QStringLiteral("--out"), out});
    if (!cli.waitForFinished(60000) || cli.exitCode() != 0)
        return {};
    return QImage(out);
}

// The session's automatic marks on the demo image, as the menu makes them.
bool placeAutomaticMarks(Session &s, EngineController &engine, SegmentController &segmenter)
{
    s.conversation()->setEngine(&engine);
    s.masks()->setSegmenter(&segmenter);
    if (!s.addImagePath(kDemoFile) || !s.masks()->autoMarks(kMarks))
        return false;
    QElapsedTimer t;
    t.start();
    // they come all at once
    while (s.regions()->items().isEmpty() && t.elapsed() < 60000)
        QTest::qWait(20);
    return s.regions()->items().size() >= 3;
}

QImage rgb(const QImage &image) { return image.convertToFormat(QImage::Format_RGB888); }

// Mean absolute difference per channel, over images of one size.
double meanDifference(const QImage &a, const QImage &b)
{
    const QImage x = rgb(a), y = rgb(b);
    double sum = 0;
    for (int row = 0; row < x.height(); ++row)
        for (int i = 0; i < x.width() * 3; ++i)
            sum += std::abs(int(x.constScanLine(row)[i]) - int(y.constScanLine(row)[i]));
    return sum / (double(x.width()) * x.height() * 3);
}

} // namespace

class TestMarkedImage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QImage m_cli;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GroundChatTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_markedimage"));
        QVERIFY(m_dir.isValid());
        m_cli = cliMarkedImage(m_dir.path());
        QVERIFY(!m_cli.isNull());
    }

    void theModelSeesWhatTheCliWouldSend()
    {
        auto engine = makeEngineWith(
            [] { return std::make_unique<ImageCapturingBackend>(QStringLiteral("kosmos2"), QStringLiteral("It is [3].")); });
        SegmentController segmenter;
        Session s;
        QVERIFY(placeAutomaticMarks(s, *engine, segmenter));
        QVERIFY(s.conversation()->send(QStringLiteral("what is @3?"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(ImageCapturingBackend::lastImage.size(), m_cli.size());
        QCOMPARE(rgb(ImageCapturingBackend::lastImage), rgb(m_cli));
    }

    void aServerReceivesTheMarkedImage()
    {
        EngineController::setFactoryOverride({});
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::models({QStringLiteral("som-model")});
        QImage received;
        server.onChat = [&](const QJsonObject &request) {
            const QString url = request["messages"][0]["content"][0]["image_url"]["url"].toString();
            received = QImage::fromData(QByteArray::fromBase64(url.mid(url.indexOf(',') + 1).toLatin1()));
            RemoteTestServer::Reply reply;
            reply.pieces = {RemoteTestServer::sse(RemoteTestServer::tokens(QStringLiteral("It is [3].")))};
            return reply;
        };
        EngineController engine;
        ModelSpec spec = ModelSpec::server(server.url(), QStringLiteral("som-model"), QStringLiteral("kosmos2"));
        spec.options = {{"connectTimeoutMs", 3000}, {"idleTimeoutMs", 5000}};
        engine.loadSpec(spec);
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineController::State::Ready, 10000);
        SegmentController segmenter;
        Session s;
        QVERIFY(placeAutomaticMarks(s, engine, segmenter));
        // a plain question first: the image the server keeps for the conversation is the file
        QVERIFY(s.conversation()->send(QStringLiteral("what is this?"), QString()));
        QTRY_VERIFY_WITH_TIMEOUT(!s.conversation()->answering(), 10000);
        QCOMPARE(rgb(received), rgb(QImage(kDemoFile)));
        // then the marks: the server gets the marked image (through its lossy encoding), not the file
        QVERIFY(s.conversation()->send(QStringLiteral("what is @3?"), QString()));
        QTRY_VERIFY_WITH_TIMEOUT(!s.conversation()->answering(), 10000);
        QCOMPARE(received.size(), m_cli.size());
        const double toMarked = meanDifference(received, m_cli), toPlain = meanDifference(received, QImage(kDemoFile));
        QVERIFY2(toMarked < 1.0 && toMarked * 4 < toPlain, qPrintable(QStringLiteral("%1 vs %2").arg(toMarked).arg(toPlain)));
    }
};

QTEST_MAIN(TestMarkedImage)
#include "tst_markedimage.moc"
