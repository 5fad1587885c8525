// The model the user chose, as the settings keep it, and which model loads when the app starts: the startup
// policy as a table, then the chooser that carries it out against the real engine and model folders.
#include "demomodel.h"
#include "enginecontroller.h"
#include "modelchooser.h"
#include "pixelbudgetsetting.h"
#include "remotebackend.h"
#include "startuppolicy.h"
#include "weightformatlist.h"

#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kFixture = QStringLiteral(GC_SOURCE_DIR "/tests/data/kosmos2-tiny-a");
const QString kGone = QStringLiteral("/nonexistent/groundchat-model");
} // namespace

class TestModelChoice : public QObject
{
    Q_OBJECT

    static void waitForLoad(EngineController &engine)
    {
        QTRY_VERIFY_WITH_TIMEOUT(engine.state() != EngineController::State::Loading, 30000);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the settings store of this test, not the user's
        QCoreApplication::setOrganizationName(QStringLiteral("GroundChatTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_modelchoice"));
        QVERIFY2(!demoModelPath().isEmpty(), "the demo model is part of the source tree");
    }
    void init() { QSettings().clear(); }

    void savedAndReadBack_data()
    {
        QTest::addColumn<ModelChoice>("choice");
        QTest::newRow("none") << ModelChoice();
        QTest::newRow("demo") << ModelChoice::demo();
        QTest::newRow("folder") << ModelChoice::localFolder(kFixture);
        QTest::newRow("server") << ModelChoice::server(QStringLiteral("http://127.0.0.1:8000"), QStringLiteral("Qwen/Qwen2.5-VL-7B-Instruct"));
        QTest::newRow("server with a bar in the name")
            << ModelChoice::server(QStringLiteral("http://gpu:8000/v1"), QStringLiteral("team|model"));
    }
    void savedAndReadBack()
    {
        QFETCH(ModelChoice, choice);
        QSettings settings;
        ModelChoice::demo().save(settings);
        choice.save(settings);
        QCOMPARE(ModelChoice::load(settings), choice);
    }

    // what the views wrote before the choice moved out of them
    void readsTheKeysTheViewsWrote_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("remoteSpec");
        QTest::addColumn<ModelChoice>("expected");
        QTest::newRow("never chosen") << QString() << QString() << QString() << ModelChoice();
        QTest::newRow("demo") << QStringLiteral("demo") << QString() << QString() << ModelChoice::demo();
        QTest::newRow("folder") << QStringLiteral("folder") << kFixture << QString() << ModelChoice::localFolder(kFixture);
        QTest::newRow("remote") << QStringLiteral("remote") << QString() << QStringLiteral("http://gpu:8000|llava")
                                << ModelChoice::server(QStringLiteral("http://gpu:8000"), QStringLiteral("llava"));
        QTest::newRow("remote without a model") << QStringLiteral("remote") << QString() << QStringLiteral("http://gpu:8000")
                                                << ModelChoice();
    }
    void readsTheKeysTheViewsWrote()
    {
        QFETCH(QString, kind);
        QFETCH(QString, folder);
        QFETCH(QString, remoteSpec);
        QFETCH(ModelChoice, expected);
        QSettings settings;
        if (!kind.isEmpty())
            settings.setValue(QStringLiteral("ui/modelKind"), kind);
        settings.setValue(QStringLiteral("ui/modelFolder"), folder);
        settings.setValue(QStringLiteral("ui/remoteSpec"), remoteSpec);
        QCOMPARE(ModelChoice::load(settings), expected);
        // a new choice replaces them
        ModelChoice::demo().save(settings);
        QVERIFY(!settings.contains(QStringLiteral("ui/modelKind")));
        QVERIFY(!settings.contains(QStringLiteral("ui/remoteSpec")));
        QCOMPARE(ModelChoice::load(settings), ModelChoice::demo());
    }

    void equalityAndSpecs()
    {
        QCOMPARE(ModelChoice::localFolder(kFixture + QStringLiteral("/")), ModelChoice::localFolder(kFixture));
        QVERIFY(ModelChoice::localFolder(kFixture) != ModelChoice::demo());
        QVERIFY(ModelChoice::server(QStringLiteral("http://a:1"), QStringLiteral("m")) !=
                ModelChoice::server(QStringLiteral("http://a:1"), QStringLiteral("n")));
        QVERIFY(ModelChoice::server(QStringLiteral("http://a:1"), QString()).isNone());
        QVERIFY(ModelChoice::localFolder(QString()).isNone());

        QCOMPARE(ModelChoice::demo().toSpec().kind, ModelSpec::Kind::Folder);
        QCOMPARE(ModelChoice::demo().toSpec().folder, demoModelPath());
        QCOMPARE(ModelChoice::localFolder(kFixture).toSpec().folder, kFixture);
        const ModelSpec remote = ModelChoice::server(QStringLiteral("http://gpu:8000"), QStringLiteral("llava")).toSpec();
        QCOMPARE(remote.kind, ModelSpec::Kind::Server);
        QCOMPARE(remote.serverUrl, QStringLiteral("http://gpu:8000"));
        QCOMPARE(remote.modelName, QStringLiteral("llava"));

        QCOMPARE(ModelChoice::demo().displayName(), QStringLiteral("Demo model"));
        QCOMPARE(ModelChoice::localFolder(kFixture).displayName(), QStringLiteral("kosmos2-tiny-a"));
        QCOMPARE(ModelChoice::server(QStringLiteral("http://gpu:8000/v1"), QStringLiteral("llava")).displayName(),
                 QStringLiteral("llava on gpu:8000"));
    }

    // The server's address and the model's name reach the backend as they were chosen, and come back from the
    // settings store so: nothing joins them into one string to split again.
    void aServerChoiceKeepsEveryCharacter_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("model");
        QTest::newRow("bar in the name") << QStringLiteral("http://gpu:8000") << QStringLiteral("team|vision");
        QTest::newRow("bars in the name") << QStringLiteral("http://gpu:8000/v1") << QStringLiteral("a|b|c");
        QTest::newRow("bar in the address") << QStringLiteral("http://gpu:8000/v1?route=a|b") << QStringLiteral("llava");
    }
    void aServerChoiceKeepsEveryCharacter()
    {
        QFETCH(QString, url);
        QFETCH(QString, model);
        const ModelChoice choice = ModelChoice::server(url, model);
        RemoteOptions options;
        QString error;
        QVERIFY2(RemoteOptions::fromSpec(choice.toSpec(), &options, &error), qPrintable(error));
        QCOMPARE(options.baseUrl, QUrl::fromUserInput(url));
        QCOMPARE(options.model, model);
        QVERIFY(options.dialect.isEmpty()); // picked from the name, not from a piece of it
        QSettings settings;
        choice.save(settings);
        const ModelChoice back = ModelChoice::load(settings);
        QCOMPARE(back.serverUrl(), url);
        QCOMPARE(back.modelName(), model);
    }

    // A folder's weight formats with the memory each needs; the one chosen is remembered for that folder
    // alone, the load uses it, and switching it reloads the model (a cancelled switch keeps the one loaded).
    void aWeightFormatIsRememberedPerFolderAndLoaded()
    {
        WeightFormatList formats;
        QSignalSpy listed(&formats, &WeightFormatList::listChanged);
        formats.setFolder(kFixture);
        QVERIFY(formats.loading());
        QVERIFY(listed.wait(10000));
        QVERIFY2(formats.errorText().isEmpty(), qPrintable(formats.errorText()));
        QStringList names;
        QList<qint64> bytes;
        for (int i = 0; i < formats.rowCount(); ++i) {
            names << formats.formatAt(i);
            bytes << formats.data(formats.index(i), int(WeightFormatList::Role::Bytes)).toLongLong();
        }
        QCOMPARE(names, (QStringList{"f32", "bf16", "f16", "q8", "q4"}));
        QVERIFY(bytes[0] > bytes[3] && bytes[3] > bytes[4]);
        QCOMPARE(formats.data(formats.index(3), int(WeightFormatList::Role::Memory)).toString(),
                 WeightFormatList::memoryText(bytes[3]));
        QCOMPARE(formats.chosen(), QStringLiteral("f32"));
        QCOMPARE(formats.chosenRow(), 0);

        WeightFormatList other; // another view of the folder (Settings beside the model dialog) follows the pick
        QSignalSpy otherListed(&other, &WeightFormatList::listChanged);
        other.setFolder(kFixture);
        QVERIFY(otherListed.wait(10000));
        QSignalSpy otherChosen(&other, &WeightFormatList::chosenChanged);
        formats.choose(QStringLiteral("q8"));
        QCOMPARE(formats.chosenRow(), 3);
        QCOMPARE(otherChosen.count(), 1);
        QCOMPARE(other.chosenRow(), 3);
        QCOMPARE(WeightFormatList::remembered(kFixture + QStringLiteral("/")), QStringLiteral("q8"));
        QCOMPARE(WeightFormatList::remembered(demoModelPath()), QStringLiteral("f32"));
        formats.choose(QStringLiteral("q5")); // not one of the rows
        QCOMPARE(formats.chosen(), QStringLiteral("q8"));

        EngineController engine;
        engine.load(ModelChoice::localFolder(kFixture));
        waitForLoad(engine);
        QCOMPARE(engine.state(), EngineController::State::Ready);
        QCOMPARE(engine.modelFolder(), kFixture);
        QCOMPARE(engine.weights(), QStringLiteral("q8"));
        QCOMPARE(engine.weightBytes(), bytes[3]);

        engine.reloadWeights(QStringLiteral("q4"));
        QCOMPARE(engine.state(), EngineController::State::Loading);
        waitForLoad(engine);
        QCOMPARE(engine.weights(), QStringLiteral("q4"));
        QCOMPARE(engine.weightBytes(), bytes[4]);

        // Cancel during a reload keeps the working model. The fixture's f32 weights are memory-mapped, so that load
        // can be over before the Cancel reaches the engine thread (CI saw it once on a busy machine); then the new
        // format is what is loaded. Either way the engine says which it holds. tst_enginecontroller's
        // aCancelledLoadKeepsTheWorkingModel proves a Cancel that arrives in time, on a load that takes steps.
        engine.reloadWeights(QStringLiteral("f32"));
        engine.cancelLoad();
        waitForLoad(engine);
        QCOMPARE(engine.state(), EngineController::State::Ready);
        if (engine.loadError().isEmpty()) {
            QCOMPARE(engine.weights(), QStringLiteral("f32"));
            QCOMPARE(engine.weightBytes(), bytes[0]);
        } else {
            QCOMPARE(engine.loadError(), QStringLiteral("Loading was cancelled."));
            QCOMPARE(engine.weights(), QStringLiteral("q4"));
            QCOMPARE(engine.weightBytes(), bytes[4]);
        }
    }

    // Qwen2.5-VL's min/max pixels: the folder's own at first, a choice remembered per folder and loaded with the
    // model (its input frame shrinks with the budget), the image's token count for any bounds.
    void aPixelBudgetIsRememberedPerFolderAndLoaded()
    {
        const QString qwen = QStringLiteral(GC_SOURCE_DIR "/tests/data/qwen25vl-tiny-a");
        PixelBudgetSetting budget;
        QSignalSpy read(&budget, &PixelBudgetSetting::budgetChanged);
        budget.setFolder(qwen);
        QTRY_VERIFY_WITH_TIMEOUT(!budget.loading(), 10000);
        QVERIFY(budget.applies());
        QCOMPARE(budget.defaultMinPixels(), qint64(256));
        QCOMPARE(budget.defaultMaxPixels(), qint64(4096));
        QCOMPARE(budget.tokenPixels(), qint64(64)); // 4-pixel patches merged 2 x 2
        QCOMPARE(budget.maxPixels(), qint64(4096));
        QVERIFY(budget.isDefault());
        budget.setImageSize(QSize(120, 90));
        const int full = budget.tokensFor(256, 4096), small = budget.tokensFor(256, 1024);
        QVERIFY2(small > 0 && small < full, qPrintable(QStringLiteral("%1 < %2").arg(small).arg(full)));
        QVERIFY(!budget.choose(2048, 1024)); // the minimum above the maximum
        QVERIFY(!budget.choose(16, 1024));   // below one token
        QVERIFY(budget.isDefault());

        PixelBudgetSetting other; // another view of the folder follows the choice
        other.setFolder(qwen + QStringLiteral("/"));
        QTRY_VERIFY_WITH_TIMEOUT(!other.loading(), 10000);
        QSignalSpy otherChosen(&other, &PixelBudgetSetting::chosenChanged);
        QVERIFY(budget.choose(256, 1024));
        QCOMPARE(otherChosen.count(), 1);
        QCOMPARE(other.maxPixels(), qint64(1024));
        QCOMPARE(PixelBudgetSetting::remembered(qwen), (QPair<qint64, qint64>(256, 1024)));

        EngineController engine;
        engine.load(ModelChoice::localFolder(qwen));
        waitForLoad(engine);
        QCOMPARE(engine.state(), EngineController::State::Ready);
        const QSize frame = engine.inputFrame(QSize(120, 90));
        QVERIFY2(frame.width() * frame.height() <= 1024, qPrintable(QStringLiteral("%1x%2").arg(frame.width()).arg(frame.height())));
        QCOMPARE(frame.width() / 8 * (frame.height() / 8), small);

        budget.reset();
        QVERIFY(budget.isDefault());
        engine.reloadPixelBudget();
        QCOMPARE(engine.state(), EngineController::State::Loading);
        waitForLoad(engine);
        const QSize back = engine.inputFrame(QSize(120, 90));
        QCOMPARE(back.width() / 8 * (back.height() / 8), full);
        engine.reloadPixelBudget(); // the same budget: nothing to load
        QCOMPARE(engine.state(), EngineController::State::Ready);
    }

    void startupPolicy_data()
    {
        QTest::addColumn<QString>("commandLine");
        QTest::addColumn<ModelChoice>("remembered");
        QTest::addColumn<bool>("demoInstalled");
        QTest::addColumn<bool>("folderExists");
        QTest::addColumn<ModelChoice>("load");
        QTest::addColumn<ModelChoice>("fallback");
        QTest::addColumn<bool>("notice");
        const ModelChoice none;
        const ModelChoice demo = ModelChoice::demo();
        const ModelChoice folder = ModelChoice::localFolder(kFixture);
        const ModelChoice server = ModelChoice::server(QStringLiteral("http://gpu:8000"), QStringLiteral("llava"));
        QTest::newRow("first start") << QString() << none << true << false << demo << none << false;
        QTest::newRow("first start, no demo model") << QString() << none << false << false << none << none << false;
        QTest::newRow("demo last") << QString() << demo << true << false << demo << none << false;
        QTest::newRow("demo last, since uninstalled") << QString() << demo << false << false << none << none << false;
        QTest::newRow("folder last") << QString() << folder << true << true << folder << demo << false;
        QTest::newRow("folder last, no demo model") << QString() << folder << false << true << folder << none << false;
        QTest::newRow("folder last, gone") << QString() << folder << true << false << demo << none << true;
        // nothing to stand in: the folder is tried, and its load error says what is missing
        QTest::newRow("folder last, gone, no demo model") << QString() << folder << false << false << folder << none << false;
        QTest::newRow("server last") << QString() << server << true << false << server << demo << false;
        QTest::newRow("server last, no demo model") << QString() << server << false << false << server << none << false;
        QTest::newRow("command line") << kGone << server << true << false << ModelChoice::localFolder(kGone) << none << false;
        QTest::newRow("command line on a first start") << kFixture << none << true << false << folder << none << false;
    }
    void startupPolicy()
    {
        QFETCH(QString, commandLine);
        QFETCH(ModelChoice, remembered);
        QFETCH(bool, demoInstalled);
        QFETCH(bool, folderExists);
        QFETCH(ModelChoice, load);
        QFETCH(ModelChoice, fallback);
        QFETCH(bool, notice);
        const StartupPlan plan = planStartup(commandLine, remembered, demoInstalled, folderExists);
        QCOMPARE(plan.load, load);
        QCOMPARE(plan.fallback, fallback);
        QCOMPARE(!plan.notice.isEmpty(), notice);
        if (notice)
            QVERIFY2(plan.notice.contains(remembered.folder()), qPrintable(plan.notice));
    }

    // A pick is remembered once it loads; one that fails leaves the remembered choice and the working model.
    void aPickIsRememberedOnlyOnceItLoads()
    {
        EngineController engine;
        ModelChooser chooser;
        chooser.setEngine(&engine);
        QSignalSpy chosen(&chooser, &ModelChooser::chosen);
        chooser.chooseFolder(QUrl::fromLocalFile(kFixture));
        waitForLoad(engine);
        QCOMPARE(engine.state(), EngineController::State::Ready);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chooser.remembered(), ModelChoice::localFolder(kFixture));

        QTemporaryDir empty;
        chooser.chooseFolder(QUrl::fromLocalFile(empty.path()));
        waitForLoad(engine);
        QVERIFY(!engine.loadError().isEmpty());
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chooser.remembered(), ModelChoice::localFolder(kFixture));
        // a server that is not there
        chooser.chooseServer(QStringLiteral("http://127.0.0.1:9"), QStringLiteral("llava"));
        waitForLoad(engine);
        QVERIFY(!engine.loadError().isEmpty());
        QCOMPARE(chooser.remembered(), ModelChoice::localFolder(kFixture));

        // what the next start reads
        QCOMPARE(ModelChooser().remembered(), ModelChoice::localFolder(kFixture));
        QCOMPARE(ModelChoice::load(QSettings()), ModelChoice::localFolder(kFixture));
    }

    // The remembered model fails at startup: the demo model answers and the notice says why.
    void aRememberedModelThatFailsGivesWayToTheDemo()
    {
        QTemporaryDir broken; // a folder, but no model in it
        QSettings settings;
        ModelChoice::localFolder(broken.path()).save(settings);
        settings.sync();
        EngineController engine;
        ModelChooser chooser;
        chooser.setEngine(&engine);
        chooser.start({});
        QTRY_VERIFY_WITH_TIMEOUT(engine.state() == EngineController::State::Ready, 30000);
        QVERIFY2(chooser.notice().contains(QFileInfo(broken.path()).fileName()), qPrintable(chooser.notice()));
        QVERIFY2(chooser.notice().contains(QStringLiteral("missing")), qPrintable(chooser.notice()));
        QCOMPARE(engine.loadError(), QString());
        QVERIFY2(engine.modelName().contains(QStringLiteral("demo"), Qt::CaseInsensitive), qPrintable(engine.modelName()));
        QCOMPARE(chooser.remembered(), ModelChoice::localFolder(broken.path()));
    }

    // The remembered folder is gone: the demo model answers at once, the choice stays for when it is back.
    void aRememberedFolderThatIsGoneGivesWayToTheDemo()
    {
        QSettings settings;
        ModelChoice::localFolder(kGone).save(settings);
        settings.sync();
        EngineController engine;
        ModelChooser chooser;
        chooser.setEngine(&engine);
        chooser.start({});
        QVERIFY2(chooser.notice().contains(kGone), qPrintable(chooser.notice()));
        waitForLoad(engine);
        QCOMPARE(engine.state(), EngineController::State::Ready);
        QCOMPARE(chooser.remembered(), ModelChoice::localFolder(kGone));
    }

    // The model asked for on the command line is what the user wants now: its failure stays on screen.
    void aCommandLineModelThatFailsStaysFailed()
    {
        EngineController engine;
        ModelChooser chooser;
        chooser.setEngine(&engine);
        chooser.start(kGone);
        waitForLoad(engine);
        QCOMPARE(engine.state(), EngineController::State::Failed);
        QCOMPARE(chooser.notice(), QString());
        QCOMPARE(chooser.remembered(), ModelChoice());
    }
};

QTEST_GUILESS_MAIN(TestModelChoice)
#include "tst_modelchoice.moc"
