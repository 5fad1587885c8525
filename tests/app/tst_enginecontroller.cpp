// EngineController loading models: a load that fails keeps the model that was answering and says why in
// full, with "missing" when files are missing and "damaged" when they are there but broken.
#include "enginecontroller.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kAnswer = QStringLiteral("<grounding> An image of<phrase> a red circle</phrase>");
const QString kFixture = QStringLiteral(GC_SOURCE_DIR "/tests/data/kosmos2-tiny-a");
} // namespace

class TestEngineController : public QObject
{
    Q_OBJECT

    // What the controller answers for `prompt` now (the scripted engine answers kAnswer).
    static QString answerOf(EngineController &engine)
    {
        QString text;
        bool done = false;
        const QMetaObject::Connection delta = connect(&engine, &EngineController::answerDelta, &engine,
                                                      [&](quint64, const QByteArray &piece) { text += QString::fromUtf8(piece); });
        const QMetaObject::Connection finished =
            connect(&engine, &EngineController::answerFinished, &engine, [&] { done = true; });
        AskRequest request;
        request.image = QImage(64, 48, QImage::Format_RGB888);
        request.image.fill(Qt::gray);
        request.prompt = QStringLiteral("<grounding> An image of");
        if (engine.ask(request) != 0)
            [&] { QTRY_VERIFY(done); }();
        disconnect(delta);
        disconnect(finished);
        return text;
    }

    static void copyFolder(const QString &from, const QString &to)
    {
        QDir(to).mkpath(QStringLiteral("."));
        for (const QFileInfo &f : QDir(from).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
            if (f.isDir())
                copyFolder(f.filePath(), to + QLatin1Char('/') + f.fileName());
            else
                QFile::copy(f.filePath(), to + QLatin1Char('/') + f.fileName());
        }
    }

    static void loadAndWait(EngineController &engine, const ModelSpec &spec)
    {
        engine.loadSpec(spec);
        QCOMPARE(engine.state(), EngineController::State::Loading);
        QTRY_VERIFY(engine.state() != EngineController::State::Loading);
    }

private slots:
    void init() { EngineController::setFactoryOverride({}); }

    void aFolderWithoutAModelKeepsTheWorkingOne()
    {
        EngineController engine;
        loadAndWait(engine, ModelSpec::fake(QStringLiteral("kosmos2"), kAnswer));
        QCOMPARE(engine.state(), EngineController::State::Ready);
        const QString name = engine.modelName();

        QTemporaryDir empty;
        QSignalSpy failed(&engine, &EngineController::loadFailed);
        loadAndWait(engine, ModelSpec::localFolder(empty.path()));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(engine.state(), EngineController::State::Ready);
        QCOMPARE(engine.modelName(), name);
        QCOMPARE(engine.dialect(), QStringLiteral("kosmos2"));
        QVERIFY2(engine.loadError().contains(QStringLiteral("missing")), qPrintable(engine.loadError()));
        QVERIFY2(!engine.loadError().contains(QStringLiteral("damaged")), qPrintable(engine.loadError()));
        QVERIFY2(engine.loadErrorDetail().contains(QStringLiteral("no config.json (is this a Hugging Face model snapshot?)")),
                 qPrintable(engine.loadErrorDetail()));
        QCOMPARE(answerOf(engine), kAnswer); // the previous model still answers

        // a load that works clears the failure
        loadAndWait(engine, ModelSpec::fake(QStringLiteral("kosmos2"), kAnswer));
        QCOMPARE(engine.state(), EngineController::State::Ready);
        QVERIFY(engine.loadError().isEmpty());
        QVERIFY(engine.loadErrorDetail().isEmpty());
    }

    void truncatedWeightsAreDamagedAndSaySo()
    {
        QTemporaryDir dir;
        copyFolder(kFixture, dir.path());
        QFile weights(dir.filePath(QStringLiteral("model.safetensors")));
        QVERIFY(weights.open(QIODevice::ReadWrite));
        QVERIFY(weights.resize(weights.size() / 2));
        weights.close();

        EngineController engine;
        loadAndWait(engine, ModelSpec::fake(QStringLiteral("kosmos2"), kAnswer));
        loadAndWait(engine, ModelSpec::localFolder(dir.path()));
        QCOMPARE(engine.state(), EngineController::State::Ready);
        QVERIFY2(engine.loadError().contains(QStringLiteral("damaged")), qPrintable(engine.loadError()));
        QVERIFY2(engine.loadErrorDetail().contains(QStringLiteral("file truncated?")), qPrintable(engine.loadErrorDetail()));
        QCOMPARE(answerOf(engine), kAnswer);
    }

    void aFailedFirstLoadLeavesNoModel()
    {
        EngineController engine;
        QTemporaryDir empty;
        loadAndWait(engine, ModelSpec::localFolder(empty.path()));
        QCOMPARE(engine.state(), EngineController::State::Failed);
        QVERIFY(engine.modelName().isEmpty());
        QVERIFY(engine.loadError().contains(QStringLiteral("missing")));
        QVERIFY(engine.loadErrorDetail().contains(QStringLiteral("no config.json")));
    }

    void aCancelledLoadKeepsTheWorkingModel()
    {
        EngineController engine;
        loadAndWait(engine, ModelSpec::fake(QStringLiteral("kosmos2"), kAnswer));
        engine.loadFake(QStringLiteral("kosmos2"), QStringLiteral("other"));
        engine.cancelLoad(); // counts even when the engine thread has not begun this load yet
        QTRY_VERIFY(engine.state() != EngineController::State::Loading);
        QCOMPARE(engine.state(), EngineController::State::Ready);
        QCOMPARE(engine.loadError(), QStringLiteral("Loading was cancelled."));
        QCOMPARE(answerOf(engine), kAnswer);
    }
};

QTEST_MAIN(TestEngineController)
#include "tst_enginecontroller.moc"
