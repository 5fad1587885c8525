// Each backend reports its own input frame (how its model resizes an image), and the session maps the
// model's absolute coordinates with it, whatever the backend: the local model from its architecture's
// preprocessing, a server from the protocol's rule after the downscale, a scripted engine as told.
#include "enginecontroller.h"
#include "fakebackend.h"
#include "remote_test_server.h"
#include "session_fixture.h"

#include <QStandardPaths>
#include <QtTest>

namespace {

const QString kFixture = QStringLiteral(GC_SOURCE_DIR "/tests/data/kosmos2-tiny-a");

} // namespace

class TestInputFrame : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GroundChatTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_inputframe"));
    }
    void init() { EngineController::setFactoryOverride({}); }

    void theLocalModelReportsItsPreprocessing()
    {
        EngineController engine;
        engine.loadFolder(kFixture);
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineController::State::Ready, 30000);
        // the fixture's processor resizes and crops every image to 28x28, whatever its shape
        QCOMPARE(engine.inputFrame(QSize(640, 427)), QSize(28, 28));
        QCOMPARE(engine.inputFrame(QSize(100, 900)), QSize(28, 28));
    }

    void aServerReportsTheProtocolsFrame()
    {
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::models({QStringLiteral("Qwen/Qwen2.5-VL-7B-Instruct")});
        const auto connect = [&](int maxImageSide) {
            auto engine = std::make_unique<EngineController>();
            ModelSpec spec = ModelSpec::server(server.url(), QStringLiteral("Qwen/Qwen2.5-VL-7B-Instruct"));
            spec.options = {{"maxImageSide", maxImageSide}, {"connectTimeoutMs", 3000}, {"idleTimeoutMs", 5000}};
            engine->loadSpec(spec);
            return engine;
        };
        // downscaled to 320x214, which the server's smart resize makes 308x224
        auto downscaling = connect(320);
        QTRY_COMPARE_WITH_TIMEOUT(downscaling->state(), EngineController::State::Ready, 10000);
        QCOMPARE(downscaling->inputFrame(QSize(640, 427)), QSize(308, 224));
        // sent as is: the dialect derives the frame from the image itself
        auto asIs = connect(0);
        QTRY_COMPARE_WITH_TIMEOUT(asIs->state(), EngineController::State::Ready, 10000);
        QCOMPARE(asIs->inputFrame(QSize(640, 427)), QSize());
    }

    void theSessionMapsWithTheBackendsFrame()
    {
        // a Qwen2.5-VL answer in a 320x200 frame, half the demo image's width and under half its height
        auto engine = makeEngineWith([] {
            auto b = std::make_unique<FakeBackend>(
                QStringLiteral("qwen2.5-vl"), QStringLiteral("```json\n[{\"bbox_2d\": [32, 20, 160, 100], \"label\": \"bowl\"}]\n```"));
            b->setInputFrame([](const QSize &) { return QSize(320, 200); });
            return b;
        });
        Session s;
        openDemo(s, engine.get());
        QVERIFY(s.conversation()->send(QStringLiteral("Locate the bowl"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        QList<RegionItem> answers;
        for (const RegionItem &r : s.regions()->items())
            if (r.fromModel)
                answers << r;
        QCOMPARE(answers.size(), 1);
        const QRectF b = answers[0].box;
        const QRectF want(QPointF(32.0 / 320 * 640, 20.0 / 200 * 427), QPointF(160.0 / 320 * 640, 100.0 / 200 * 427));
        QVERIFY2(qAbs(b.left() - want.left()) < 0.5 && qAbs(b.top() - want.top()) < 0.5 && qAbs(b.right() - want.right()) < 0.5
                     && qAbs(b.bottom() - want.bottom()) < 0.5,
                 qPrintable(QStringLiteral("%1,%2,%3,%4").arg(b.left()).arg(b.top()).arg(b.right()).arg(b.bottom())));
        // and a region the user draws goes to the model in the same frame
        s.addBox(want);
        const QString prompt = s.conversation()->previewPrompt(QStringLiteral("What is in @R1?"), QString());
        QVERIFY2(prompt.contains(QStringLiteral("[32, 20, 160, 100]")), qPrintable(prompt));
    }
};

QTEST_MAIN(TestInputFrame)
#include "tst_inputframe.moc"
