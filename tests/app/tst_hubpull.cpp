// Model downloads against a stand-in Hub on 127.0.0.1: the protocol, the Hugging Face cache layout, resume,
// checksums, gated repositories and the faults a real network has; then the CLI end to end.
#include "hub_test_server.h"
#include "hubpull.h"
#include "remote_test_server.h"
#include "runtime/architecture_check.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>

namespace {

const QString kFixture = QStringLiteral(GC_SOURCE_DIR "/tests/data/kosmos2-tiny-a");
const QString kRepo = QStringLiteral("microsoft/kosmos-2-tiny");

QByteArray read(const QString &path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

// Relative paths of every file under `folder` (links followed), except the ones under hidden folders.
QStringList filesUnder(const QString &folder)
{
    QStringList out;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(folder).relativeFilePath(it.next());
    out.sort();
    return out;
}

HubPull::ConfigCheck runtimeCheck()
{
    return [](const QByteArray &config) {
        return QString::fromStdString(gc::runtime::unsupportedArchitecture(config.toStdString()));
    };
}

} // namespace

class TestHubPull : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_cache;
    std::unique_ptr<HubTestServer> m_hub;

    HubPullOptions options(const QString &repo = kRepo) const
    {
        HubPullOptions o;
        o.repoId = repo;
        o.endpoint = m_hub->url();
        o.cacheDir = m_cache;
        o.backoffMs = 10;
        return o;
    }
    // Runs a pull to its end; returns its state.
    static HubPull::State run(HubPull &pull)
    {
        pull.start();
        waitFor([&] { return pull.state() == HubPull::State::Finished || pull.state() == HubPull::State::Failed ||
                             pull.state() == HubPull::State::Cancelled; },
                30000);
        return pull.state();
    }
    QString repoDir(const QString &repo = kRepo) const
    {
        return m_cache + QLatin1String("/models--") + QString(repo).replace(QLatin1Char('/'), QLatin1String("--"));
    }
    void expectSameFiles(const QString &folder)
    {
        QCOMPARE(filesUnder(folder), filesUnder(kFixture));
        for (const QString &f : filesUnder(kFixture))
            QVERIFY2(read(folder + QLatin1Char('/') + f) == read(kFixture + QLatin1Char('/') + f), qPrintable(f));
    }
    QString runCli(const QStringList &args, const QProcessEnvironment &env, int *exitCode, QByteArray *err = nullptr)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(GC_CLI_PATH), args);
        waitFor([&] { return p.state() == QProcess::NotRunning; }, 120000);
        *exitCode = p.exitCode();
        if (err)
            *err = p.readAllStandardError();
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

private slots:
    void init()
    {
        m_cache = m_tmp.path() + QLatin1String("/hub-") + QString::number(QRandomGenerator::global()->generate());
        m_hub = std::make_unique<HubTestServer>();
        // the copies a repository often carries beside its safetensors weights, none of which a pull fetches
        m_hub->addRepo(kRepo, kFixture, false,
                       {{QStringLiteral("pytorch_model.bin"), QByteArray(20000, 'b')},
                        {QStringLiteral("onnx/model.onnx"), QByteArray(20000, 'o')},
                        {QStringLiteral("tf_model.h5"), QByteArray(100, 't')},
                        {QStringLiteral("flax_model.msgpack"), QByteArray(100, 'f')},
                        {QStringLiteral("model.gguf"), QByteArray(100, 'g')}});
    }

    // refs/main names the commit; snapshots/{commit}/ links into blobs/ named by LFS sha256 or git blob
    // sha1, as huggingface_hub lays the cache out; the snapshot is the fixture byte for byte and nothing else.
    void pullWritesTheHuggingFaceCacheLayout()
    {
        HubPull pull(options(), runtimeCheck());
        QCOMPARE(run(pull), HubPull::State::Finished);
        const QString commit = m_hub->commitOf(kRepo);
        QCOMPARE(read(repoDir() + QLatin1String("/refs/main")), commit.toLatin1());
        const QString snapshot = repoDir() + QLatin1String("/snapshots/") + commit;
        QCOMPARE(pull.modelFolder(), snapshot);
        // relative links, as huggingface_hub makes them, so that the cache can move
        const QString configBlob = QString::fromLatin1(HubTestServer::gitBlobId(read(kFixture + QLatin1String("/config.json"))));
        QCOMPARE(QString::fromStdString(std::filesystem::read_symlink((snapshot + QLatin1String("/config.json")).toStdString())),
                 QLatin1String("../../blobs/") + configBlob);
        QVERIFY(QString::fromStdString(
                    std::filesystem::read_symlink((snapshot + QLatin1String("/processor/tokenizer_config.json")).toStdString()))
                    .startsWith(QLatin1String("../../../blobs/")));
        const QByteArray weights = read(kFixture + QLatin1String("/model.safetensors"));
        QVERIFY(QFileInfo::exists(
            repoDir() + QLatin1String("/blobs/") +
            QString::fromLatin1(QCryptographicHash::hash(weights, QCryptographicHash::Sha256).toHex())));
        expectSameFiles(snapshot);
        QCOMPARE(m_hub->requestsFor(QStringLiteral("pytorch_model.bin")), 0);
        QCOMPARE(m_hub->requestsFor(QStringLiteral("onnx/model.onnx")), 0);
        // config.json was asked for before anything else
        const int firstFile = int(std::find_if(m_hub->requests.begin(), m_hub->requests.end(),
                                               [](const QByteArray &r) { return r.contains("/resolve/"); }) -
                                  m_hub->requests.begin());
        QVERIFY(m_hub->requests.value(firstFile).endsWith("/config.json"));
    }

    // A config.json GroundChat cannot run stops the pull before the weights are asked for.
    void anUnknownArchitectureFailsBeforeTheWeights()
    {
        QTemporaryDir repo;
        QFile config(repo.filePath(QStringLiteral("config.json")));
        config.open(QIODevice::WriteOnly);
        config.write(R"({"model_type": "paligemma", "architectures": ["PaliGemmaForConditionalGeneration"]})");
        config.close();
        m_hub->addRepo(QStringLiteral("google/paligemma-tiny"), repo.path(), false,
                       {{QStringLiteral("model.safetensors"), QByteArray(50000, 'w')}});
        HubPull pull(options(QStringLiteral("google/paligemma-tiny")), runtimeCheck());
        QCOMPARE(run(pull), HubPull::State::Failed);
        QVERIFY2(pull.error().contains(QLatin1String("paligemma")) &&
                     pull.error().contains(QLatin1String("not supported")),
                 qPrintable(pull.error()));
        QCOMPARE(m_hub->requestsFor(QStringLiteral("model.safetensors")), 0);
        QVERIFY(!QFileInfo::exists(repoDir(QStringLiteral("google/paligemma-tiny")) + QLatin1String("/snapshots")));
    }

    // The connection drops in the middle of the weights: the pull goes on from the byte it had.
    void aCutConnectionIsResumedWithRange()
    {
        m_hub->cutAfter.insert(QStringLiteral("model.safetensors"), 300000);
        HubPull pull(options(), runtimeCheck());
        QCOMPARE(run(pull), HubPull::State::Finished);
        QVERIFY2(m_hub->ranges.contains("bytes=300000-"), m_hub->ranges.join(' ').constData());
        expectSameFiles(pull.modelFolder());
    }

    // A server that goes silent mid-file: the idle timeout ends that try and the next continues the file.
    void aStalledTransferTimesOutAndIsResumed()
    {
        m_hub->hangAfter.insert(QStringLiteral("model.safetensors"), 200000);
        HubPullOptions o = options();
        o.idleTimeoutMs = 500;
        HubPull pull(o, runtimeCheck());
        QCOMPARE(run(pull), HubPull::State::Finished);
        QVERIFY2(m_hub->ranges.contains("bytes=200000-"), m_hub->ranges.join(' ').constData());
        expectSameFiles(pull.modelFolder());
    }

    // A pull stopped half way (the app closed) leaves a partial file that the next pull continues.
    void aRestartContinuesThePartialFile()
    {
        m_hub->bytesPerSecond = 400000;
        {
            HubPull first(options(), runtimeCheck());
            first.start();
            QVERIFY(waitFor([&] { return first.fileCount() > 0 && first.doneBytes() > 250000; }, 20000));
            first.pause();
            QCOMPARE(first.state(), HubPull::State::Paused);
        }
        m_hub->bytesPerSecond = 0;
        m_hub->ranges.clear();
        HubPull second(options(), runtimeCheck());
        QCOMPARE(run(second), HubPull::State::Finished);
        QVERIFY2(std::any_of(m_hub->ranges.begin(), m_hub->ranges.end(),
                             [](const QByteArray &r) { return r.startsWith("bytes=") && r != "bytes=0-"; }),
                 m_hub->ranges.join(' ').constData());
        expectSameFiles(second.modelFolder());
    }

    void pauseAndResume()
    {
        m_hub->bytesPerSecond = 400000;
        HubPull pull(options(), runtimeCheck());
        pull.start();
        QVERIFY(waitFor([&] { return pull.doneBytes() > 100000; }, 20000));
        pull.pause();
        const qint64 paused = pull.doneBytes();
        waitFor([] { return false; }, 300); // the event loop runs on; a paused pull takes nothing in
        QCOMPARE(pull.doneBytes(), paused); // nothing moves while paused
        m_hub->bytesPerSecond = 0;
        pull.resume();
        QVERIFY(waitFor([&] { return pull.state() == HubPull::State::Finished; }, 20000));
        expectSameFiles(pull.modelFolder());
    }

    // A blob whose bytes do not match the listed sha256 is refused, named, and removed; no snapshot exists.
    void aCorruptBlobIsRefusedAndLeavesNothingLoadable()
    {
        m_hub->corrupt.insert(QStringLiteral("model.safetensors"));
        HubPull pull(options(), runtimeCheck());
        QCOMPARE(run(pull), HubPull::State::Failed);
        QVERIFY2(pull.error().contains(QLatin1String("Checksum mismatch for model.safetensors")), qPrintable(pull.error()));
        QVERIFY(!QFileInfo::exists(repoDir() + QLatin1String("/snapshots")));
        QVERIFY(!QFileInfo::exists(repoDir() + QLatin1String("/refs/main")));
        // neither the blob nor a partial file of the weights is left; other files' partials may stay to resume
        const QString sha = QString::fromLatin1(
            QCryptographicHash::hash(read(kFixture + QLatin1String("/model.safetensors")), QCryptographicHash::Sha256).toHex());
        for (const QString &f : filesUnder(repoDir()))
            QVERIFY2(!f.contains(sha), qPrintable(f));
    }

    // A gated repository says why without a token, before downloading; HF_TOKEN opens it; the token is in no
    // file the pull writes.
    void aGatedRepoNeedsAToken()
    {
        m_hub->addRepo(QStringLiteral("meta/gated-tiny"), kFixture, true);
        HubPull without(options(QStringLiteral("meta/gated-tiny")), runtimeCheck());
        qunsetenv("HF_TOKEN");
        QCOMPARE(run(without), HubPull::State::Failed);
        QVERIFY2(without.error().contains(QLatin1String("gated")) && without.error().contains(QLatin1String("HF_TOKEN")),
                 qPrintable(without.error()));
        QCOMPARE(m_hub->requestsFor(QStringLiteral("model.safetensors")), 0);

        HubPullOptions wrong = options(QStringLiteral("meta/gated-tiny"));
        wrong.token = QStringLiteral("hf_wrong");
        HubPull denied(wrong, runtimeCheck());
        QCOMPARE(run(denied), HubPull::State::Failed);
        QVERIFY2(denied.error().contains(QLatin1String("no access")), qPrintable(denied.error()));

        qputenv("HF_TOKEN", m_hub->token);
        HubPull with(options(QStringLiteral("meta/gated-tiny")), runtimeCheck());
        QCOMPARE(run(with), HubPull::State::Finished);
        qunsetenv("HF_TOKEN");
        QVERIFY(m_hub->authorizations.contains("Bearer " + m_hub->token));
        QVERIFY(!m_hub->storageAuthorizations.isEmpty());
        QVERIFY(!m_hub->storageAuthorizations.contains("")); // same origin: the token goes along
        expectSameFiles(with.modelFolder());
        QDirIterator all(m_cache, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (all.hasNext())
            QVERIFY(!read(all.next()).contains(m_hub->token));
    }

    // LFS storage on another origin (as the Hub's CDN is): the redirect is followed without the token.
    void theTokenStaysWithTheHubOnARedirectElsewhere()
    {
        m_hub->addRepo(QStringLiteral("meta/gated-tiny"), kFixture, true);
        m_hub->lfsOrigin = m_hub->url().replace(QLatin1String("127.0.0.1"), QLatin1String("localhost"));
        HubPullOptions o = options(QStringLiteral("meta/gated-tiny"));
        o.token = QString::fromLatin1(m_hub->token);
        HubPull pull(o, runtimeCheck());
        QCOMPARE(run(pull), HubPull::State::Finished);
        expectSameFiles(pull.modelFolder());
        QVERIFY(!m_hub->storageAuthorizations.isEmpty());
        for (const QByteArray &a : std::as_const(m_hub->storageAuthorizations))
            QVERIFY2(a.isEmpty(), a.constData());
        QVERIFY(m_hub->authorizations.contains("Bearer " + m_hub->token));
    }

    void serverErrorsAreRetriedAndMissingReposNamed()
    {
        m_hub->failNext = 3;
        HubPull pull(options(), runtimeCheck());
        QCOMPARE(run(pull), HubPull::State::Finished);
        QCOMPARE(m_hub->failNext, 0);

        HubPull missing(options(QStringLiteral("nobody/nothing")), runtimeCheck());
        QCOMPARE(run(missing), HubPull::State::Failed);
        QVERIFY2(missing.error().contains(QLatin1String("There is no model nobody/nothing")), qPrintable(missing.error()));

        HubPullOptions rev = options();
        rev.revision = QStringLiteral("v9");
        HubPull noRevision(rev, runtimeCheck());
        QCOMPARE(run(noRevision), HubPull::State::Failed);
        QVERIFY2(noRevision.error().contains(QLatin1String("no revision")), qPrintable(noRevision.error()));

        m_hub->failNext = 100;
        HubPullOptions few = options();
        few.retries = 2;
        few.cacheDir = m_cache + QLatin1String("-other");
        HubPull givesUp(few, runtimeCheck());
        QCOMPARE(run(givesUp), HubPull::State::Failed);
        QVERIFY2(givesUp.error().contains(QLatin1String("after 3 tries")), qPrintable(givesUp.error()));
    }

    void notEnoughDiskSpaceIsSaidBeforeDownloading()
    {
        m_hub->listedSize.insert(QStringLiteral("model.safetensors"), qint64(1) << 55);
        HubPull pull(options(), runtimeCheck());
        QCOMPARE(run(pull), HubPull::State::Failed);
        QVERIFY2(pull.error().contains(QLatin1String("Not enough disk space")), qPrintable(pull.error()));
        QCOMPARE(m_hub->requestsFor(QStringLiteral("config.json")), 0);
    }

    // Cancel on a slow server stops at once and removes the partial files.
    void cancelOnASlowServerRemovesThePartialFiles()
    {
        m_hub->bytesPerSecond = 100000;
        HubPull pull(options(), runtimeCheck());
        pull.start();
        QVERIFY(waitFor([&] { return pull.doneBytes() > 20000; }, 20000));
        pull.cancel();
        QCOMPARE(pull.state(), HubPull::State::Cancelled);
        for (const QString &f : filesUnder(repoDir()))
            QVERIFY2(!f.endsWith(QLatin1String(".incomplete")), qPrintable(f));
        QVERIFY(!QFileInfo::exists(repoDir() + QLatin1String("/snapshots")));
    }

    // --dir: a plain folder with the files under their own names, and nothing of the pull's own left in it.
    void aPlainFolderHoldsTheFilesThemselves()
    {
        HubPullOptions o = options();
        o.folder = m_tmp.path() + QLatin1String("/plain");
        HubPull pull(o, runtimeCheck());
        QCOMPARE(run(pull), HubPull::State::Finished);
        QCOMPARE(pull.modelFolder(), o.folder);
        expectSameFiles(o.folder);
        QVERIFY(!QFileInfo::exists(o.folder + QLatin1String("/.cache/huggingface/download")));
        QVERIFY(!QFileInfo(o.folder + QLatin1String("/config.json")).isSymLink());
    }

    // The acceptance path through the real CLI: pull, ls, ask --model on the snapshot, rm; the token given in
    // the environment shows in no output.
    void theCliPullsListsAsksAndRemoves()
    {
        m_hub->addRepo(QStringLiteral("meta/gated-tiny"), kFixture, true);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HF_HUB_CACHE"), m_cache);
        env.insert(QStringLiteral("HF_ENDPOINT"), m_hub->url());
        env.remove(QStringLiteral("HF_TOKEN"));
        int code = -1;
        QByteArray err;
        runCli({QStringLiteral("models"), QStringLiteral("pull"), QStringLiteral("meta/gated-tiny")}, env, &code, &err);
        QCOMPARE(code, 3);
        QVERIFY2(err.contains("gated") && err.contains("HF_TOKEN"), err.constData());

        env.insert(QStringLiteral("HF_TOKEN"), QString::fromLatin1(m_hub->token));
        const QString folder =
            runCli({QStringLiteral("models"), QStringLiteral("pull"), QStringLiteral("meta/gated-tiny")}, env, &code, &err);
        QVERIFY2(code == 0, err.constData());
        QVERIFY(!err.contains(m_hub->token) && !folder.toLatin1().contains(m_hub->token));
        QCOMPARE(folder, repoDir(QStringLiteral("meta/gated-tiny")) + QLatin1String("/snapshots/") +
                             m_hub->commitOf(QStringLiteral("meta/gated-tiny")));
        expectSameFiles(folder);

        const QString listed = runCli({QStringLiteral("models"), QStringLiteral("ls"), QStringLiteral("--json")}, env, &code);
        QCOMPARE(code, 0);
        const QJsonArray snapshots = QJsonDocument::fromJson(listed.toUtf8()).array();
        QCOMPARE(snapshots.size(), 1);
        const QJsonObject snapshot = snapshots.first().toObject();
        QCOMPARE(snapshot.value(QStringLiteral("repo")).toString(), QStringLiteral("meta/gated-tiny"));
        QCOMPARE(snapshot.value(QStringLiteral("refs")).toArray().first().toString(), QStringLiteral("main"));
        QCOMPARE(snapshot.value(QStringLiteral("architecture")).toString(), QStringLiteral("kosmos-2"));

        // --model takes the folder, or the repository id of a snapshot in the cache
        const QString answer = runCli({QStringLiteral("ask"), QStringLiteral("--model"), QStringLiteral("meta/gated-tiny"), QStringLiteral("--image"),
                                       kFixture + QLatin1String("/image0.png"), QStringLiteral("--prompt"),
                                       QStringLiteral("<grounding>An image of"), QStringLiteral("--max-new-tokens"),
                                       QStringLiteral("4"), QStringLiteral("--json")},
                                      env, &code, &err);
        QVERIFY2(code == 0, err.constData());
        QCOMPARE(QJsonDocument::fromJson(answer.toUtf8()).object().value(QStringLiteral("dialect")).toString(),
                 QStringLiteral("kosmos2"));

        runCli({QStringLiteral("models"), QStringLiteral("rm"), QStringLiteral("meta/gated-tiny")}, env, &code);
        QCOMPARE(code, 0);
        QVERIFY(!QFileInfo::exists(repoDir(QStringLiteral("meta/gated-tiny"))));
    }

    // models ls finds models wherever they are: the folders pull --dir wrote and the ones `models add` named are
    // remembered in the app's settings store, and a folder deleted since drops out without a word. The file
    // lists (pull's, ls --files') go by name.
    void theCliListsTheFoldersItPulledToAndWasGiven()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString config = m_tmp.path() + QLatin1String("/config-") + QString::number(QRandomGenerator::global()->generate());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
        env.insert(QStringLiteral("HF_HUB_CACHE"), m_cache);
        env.insert(QStringLiteral("HF_ENDPOINT"), m_hub->url());
        int code = -1;
        QByteArray err;
        const QString pulled = m_tmp.path() + QLatin1String("/pulled-") + QString::number(QRandomGenerator::global()->generate());
        QCOMPARE(runCli({QStringLiteral("models"), QStringLiteral("pull"), kRepo, QStringLiteral("--dir"), pulled}, env, &code, &err), pulled);
        QVERIFY2(code == 0, err.constData());
        QStringList announced;
        for (const QByteArray &line : err.split('\n'))
            if (line.startsWith("groundchat-cli:   "))
                announced << QString::fromUtf8(line.mid(18)).section(QLatin1Char(' '), 0, 0);
        QVERIFY2(announced.contains(QStringLiteral("config.json")) && announced.contains(QStringLiteral("model.safetensors")),
                 err.constData());
        QStringList sorted = announced;
        sorted.sort();
        QCOMPARE(announced, sorted);

        const QString mine = m_tmp.path() + QLatin1String("/mine-") + QString::number(QRandomGenerator::global()->generate());
        std::filesystem::copy(kFixture.toStdString(), mine.toStdString(), std::filesystem::copy_options::recursive);
        QCOMPARE(runCli({QStringLiteral("models"), QStringLiteral("add"), mine}, env, &code, &err), mine);
        QVERIFY2(code == 0, err.constData());
        runCli({QStringLiteral("models"), QStringLiteral("add"), m_tmp.path()}, env, &code, &err);
        QCOMPARE(code, 3);
        QVERIFY2(err.contains("no config.json"), err.constData());

        const auto listed = [&] {
            QMap<QString, QJsonObject> byFolder;
            const QString out = runCli({QStringLiteral("models"), QStringLiteral("ls"), QStringLiteral("--json")}, env, &code, &err);
            for (const QJsonValue &v : QJsonDocument::fromJson(out.toUtf8()).array())
                byFolder[v.toObject().value(QStringLiteral("folder")).toString()] = v.toObject();
            return byFolder;
        };
        QMap<QString, QJsonObject> found = listed();
        QVERIFY2(code == 0, err.constData());
        QCOMPARE(found.keys(), (QStringList{mine, pulled}));
        QCOMPARE(found[pulled].value(QStringLiteral("repo")).toString(), kRepo);
        QCOMPARE(found[pulled].value(QStringLiteral("commit")).toString(), m_hub->commitOf(kRepo));
        QCOMPARE(found[mine].value(QStringLiteral("repo")).toString(), QFileInfo(mine).fileName());
        QCOMPARE(found[mine].value(QStringLiteral("architecture")).toString(), QStringLiteral("kosmos-2"));
        QStringList files;
        for (const QJsonValue &f : found[mine].value(QStringLiteral("files")).toArray())
            files << f.toObject().value(QStringLiteral("name")).toString();
        QCOMPARE(files, filesUnder(kFixture));

        QVERIFY(QDir(mine).removeRecursively());
        found = listed();
        QCOMPARE(code, 0);
        QVERIFY2(err.isEmpty(), err.constData());
        QCOMPARE(found.keys(), QStringList{pulled});
    }
};

QTEST_GUILESS_MAIN(TestHubPull)
#include "tst_hubpull.moc"
