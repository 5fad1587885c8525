// The remote engine against an OpenAI-compatible server in this process (127.0.0.1): streamed answers
// split at awkward byte boundaries replaying real model outputs, every fault, cancel, the model list and
// the command line.
#include "remote_test_server.h"
#include "remotebackend.h"
#include "remotemodellist.h"
#include "remoteserversettings.h"
#include "serverorigin.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Real outputs of real models, from their own documentation (the same texts tests/data/dialect-examples.jsonl
// records with their provenance):
// Qwen3-VL, QwenLM/Qwen3-VL cookbooks/omni_recognition.ipynb@96588727 cell 6 (0-1000 coordinates, Chinese
// labels: multi-byte UTF-8 for the splitter to cut).
const QString kQwen3Food = QString::fromUtf8(
    "```json\n[\n\t{\"bbox_2d\": [0, 614, 224, 825], \"name_zh\": \"米饭\", \"name_en\": \"Rice\"},\n"
    "\t{\"bbox_2d\": [266, 126, 695, 343], \"name_zh\": \"土豆胡萝卜排骨汤\", \"name_en\": \"Potato Carrot Pork Rib Soup\"},\n"
    "\t{\"bbox_2d\": [562, 359, 946, 593], \"name_zh\": \"西红柿炒鸡蛋\", \"name_en\": \"Tomato Scrambled Eggs\"}\n]\n```");
// DeepSeek-VL2, deepseek-ai/DeepSeek-VL2 README.md@ef9f91e2 l.168 (visual grounding example).
const QString kDeepSeekGiraffe = QStringLiteral("<|ref|>The giraffe at the back.<|/ref|><|det|>[[580, 270, 999, 900]]<|/det|>");
// Qwen2.5-VL, QwenLM/Qwen2.5-VL cookbooks/spatial_understanding.ipynb §8 (plain-text box format).
const QString kQwen25Cakes = QStringLiteral("43,378,996,957 cakes");
// Florence-2-base, huggingface/transformers tests/models/florence2/test_modeling_florence2.py@001f85b3
// (<OPEN_VOCABULARY_DETECTION>wheels; the server's detokenizer drops the special tokens).
const QString kFlorenceWheels = QStringLiteral("wheels<loc_144><loc_570><loc_870><loc_778>wheels<loc_711><loc_573><loc_866><loc_774>");

const QString kDemo = QStringLiteral(GC_SOURCE_DIR "/resources/images/demo-shapes.png");

struct Outcome {
    bool ok = false;
    QString text, error, detail;
    AnswerStats stats;
    qint64 ms = 0;
};

RemoteOptions optionsFor(const QString &url, const QString &model)
{
    RemoteOptions o;
    o.baseUrl = QUrl(url);
    o.model = model;
    o.connectTimeoutMs = 2000;
    o.idleTimeoutMs = 3000;
    return o;
}

Outcome ask(RemoteBackend &backend, const QString &prompt = QStringLiteral("Locate every object"),
            const std::function<bool(const QString &)> &abortWhen = {})
{
    Outcome out;
    AskRequest request;
    request.imageKey = kDemo;
    request.image = QImage(kDemo);
    request.prompt = prompt;
    QElapsedTimer t;
    t.start();
    out.ok = backend.generate(
        request, [&](const std::string &piece) { out.text += QString::fromStdString(piece); },
        [&] { return abortWhen && abortWhen(out.text); }, &out.stats, &out.error, &out.detail);
    out.ms = t.elapsed();
    return out;
}

} // namespace

class TestRemoteBackend : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the settings store of this test, not the user's
        QCoreApplication::setOrganizationName(QStringLiteral("GroundChatTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_remotebackend"));
        QSettings().clear();
    }

    void realAnswersStreamThroughAwkwardSplits_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<bool>("crlf");
        QTest::newRow("qwen3-vl") << "Qwen/Qwen3-VL-8B-Instruct" << kQwen3Food << "qwen3-vl" << false;
        QTest::newRow("deepseek-vl2") << "deepseek-ai/deepseek-vl2-small" << kDeepSeekGiraffe << "deepseek-vl2" << true;
        QTest::newRow("qwen2.5-vl (ollama name)") << "qwen2.5vl:7b" << kQwen25Cakes << "qwen2.5-vl" << false;
        QTest::newRow("florence-2") << "microsoft/Florence-2-base" << kFlorenceWheels << "florence2" << true;
    }
    void realAnswersStreamThroughAwkwardSplits()
    {
        QFETCH(QString, model);
        QFETCH(QString, answer);
        QFETCH(QString, dialect);
        QFETCH(bool, crlf);
        for (quint32 seed : {1u, 2u, 3u}) {
            RemoteTestServer server;
            server.modelsReply = RemoteTestServer::models({"other", model});
            RemoteTestServer::Reply reply;
            reply.pieces = RemoteTestServer::splitAwkwardly(
                RemoteTestServer::sse(RemoteTestServer::tokens(answer), true, true, crlf), 61, seed);
            server.chatReplies << reply;
            RemoteOptions o = optionsFor(server.url(), model);
            o.apiKey = QStringLiteral("sk-test");
            RemoteBackend backend(o);
            QString error, detail;
            QVERIFY2(backend.load([](double, const QString &) {}, [] { return false; }, &error, &detail), qPrintable(error));
            QCOMPARE(backend.dialectId(), dialect);
            const Outcome out = ask(backend);
            QVERIFY2(out.ok, qPrintable(out.error + " / " + out.detail));
            QCOMPARE(out.text, answer);
            QCOMPARE(out.stats.promptTokens, 321);
            QCOMPARE(out.stats.generatedTokens, int(RemoteTestServer::tokens(answer).size()));
            QCOMPARE(server.authorizations.value(0), QByteArray("Bearer sk-test"));
            const QJsonObject req = server.chatRequests.value(0);
            QCOMPARE(req["model"].toString(), model);
            QVERIFY(req["stream"].toBool());
            // the demo PNG goes byte for byte
            const QString url = req["messages"][0]["content"][0]["image_url"]["url"].toString();
            QVERIFY(url.startsWith("data:image/png;base64,"));
            QCOMPARE(QImage::fromData(QByteArray::fromBase64(url.mid(22).toLatin1())).size(), QSize(640, 427));
        }
    }

    void followUpsResendTheConversation()
    {
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::models({"Qwen/Qwen2.5-VL-7B-Instruct"});
        RemoteTestServer::Reply reply;
        reply.pieces << RemoteTestServer::sse({"two ", "cakes"});
        server.chatReplies << reply;
        RemoteBackend backend(optionsFor(server.url(), "Qwen/Qwen2.5-VL-7B-Instruct"));
        AskRequest request;
        request.imageKey = kDemo;
        request.image = QImage(kDemo);
        request.prompt = "first";
        AnswerStats stats;
        QString e, d;
        const auto sink = [](const std::string &) {};
        const auto never = [] { return false; };
        QVERIFY(backend.generate(request, sink, never, &stats, &e, &d));
        request.prompt = "second";
        request.continueConversation = true; // no history given: the backend's own turns are used
        QVERIFY(backend.generate(request, sink, never, &stats, &e, &d));
        QCOMPARE(server.chatRequests.size(), 2);
        const QJsonArray m = server.chatRequests[1]["messages"].toArray();
        QCOMPARE(m.size(), 3);
        QCOMPARE(m[0]["content"][1]["text"].toString(), QString("first"));
        QCOMPARE(m[1]["content"].toString(), QString("two cakes"));
        QCOMPARE(m[2]["content"].toString(), QString("second"));
    }

    void aServerThatIgnoresStreamingStillAnswers()
    {
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::models({"m"});
        RemoteTestServer::Reply reply;
        reply.contentType = "application/json";
        reply.pieces << R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"whole answer"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2}})";
        server.chatReplies << reply;
        RemoteBackend backend(optionsFor(server.url(), "m"));
        const Outcome out = ask(backend);
        QVERIFY2(out.ok, qPrintable(out.error));
        QCOMPARE(out.text, QString("whole answer"));
        QCOMPARE(out.stats.generatedTokens, 2);
    }

    void faults_data()
    {
        using R = RemoteTestServer::Reply;
        QTest::addColumn<R>("reply");
        QTest::addColumn<QString>("expected");   // part of the user message
        QTest::addColumn<QString>("partial");    // text streamed before the fault
        R r;
        // (a plain string: moc's tokenizer takes the apostrophe in a raw string for a character literal)
        r = RemoteTestServer::error(400, "{\"object\":\"error\",\"message\":\"This model\'s maximum context length is "
                                         "32768 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}");
        QTest::newRow("http 400 (vLLM body)") << r << "HTTP 400): This model's maximum context length is 32768 tokens." << "";
        r = RemoteTestServer::error(500, R"({"error":{"message":"CUDA out of memory","type":"InternalServerError","code":500}})");
        QTest::newRow("http 500") << r << "HTTP 500): CUDA out of memory" << "";
        r = RemoteTestServer::error(401, R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}})");
        QTest::newRow("http 401") << r << "refused the API key (HTTP 401): Incorrect API key provided" << "";
        r = RemoteTestServer::error(502, "<html><body>Bad Gateway</body></html>");
        r.contentType = "text/html";
        QTest::newRow("http 502 from a proxy") << r << "HTTP 502): <html><body>Bad Gateway</body></html>" << "";
        r = RemoteTestServer::error(400, R"({"error":{"code":400,"message":"image input is not supported - hint: if this is unexpected, you may need to provide the mmproj","type":"invalid_request_error"}})");
        QTest::newRow("no vision (llama.cpp wording)") << r << "does not take images" << "";
        r = RemoteTestServer::error(200, R"({"error":{"message":"model is overloaded","type":"server_error"}})");
        QTest::newRow("200 with an error body") << r << "The server reported an error: model is overloaded" << "";
        r = R();
        r.pieces << RemoteTestServer::sse({"[{\"bbox", "_2d\""}, false, false)
                 << "data: {\"error\":{\"message\":\"engine died\",\"code\":500}}\n\n";
        QTest::newRow("error inside the stream") << r << "The server reported an error: engine died" << "[{\"bbox_2d\"";
        r = R();
        r.pieces << RemoteTestServer::sse({"partial"}, false, false) << "data: {\"choices\": [{\"delta\": {\"content\": \"he\n\n";
        QTest::newRow("malformed SSE") << r << "stream that could not be read" << "partial";
        r = R();
        r.pieces << RemoteTestServer::sse({"cut ", "off"}, false, false) << "data: {\"choi";
        QTest::newRow("truncated SSE") << r << "before the answer was complete. The answer so far is kept." << "cut off";
        r = R();
        r.pieces << RemoteTestServer::sse({"lost ", "here"}, false, false);
        r.end = R::End::Reset;
        // a reset can reach the client as a plain end of stream when it comes right after the last data (a busy
        // machine), so either wording is right; what matters is that the partial answer is kept and said so
        QTest::newRow("disconnect mid-stream") << r << "The answer so far is kept." << "lost here";
        r = R();
        r.pieces << RemoteTestServer::sse({"slow"}, false, false);
        r.end = R::End::Hang;
        QTest::newRow("idle timeout") << r << "sent nothing for" << "slow";
    }
    void faults()
    {
        QFETCH(RemoteTestServer::Reply, reply);
        QFETCH(QString, expected);
        QFETCH(QString, partial);
        RemoteTestServer server;
        server.chatReplies << reply;
        RemoteOptions o = optionsFor(server.url(), "Qwen/Qwen2.5-VL-7B-Instruct");
        o.idleTimeoutMs = 400;
        RemoteBackend backend(o);
        const Outcome out = ask(backend);
        QVERIFY(!out.ok);
        QVERIFY2(out.error.contains(expected), qPrintable(out.error));
        QCOMPARE(out.text, partial);
        QVERIFY(!out.error.contains("sk-")); // no secrets in messages
    }

    void connectionRefused()
    {
        quint16 port;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        } // closed: nothing listens there now
        RemoteBackend backend(optionsFor(QStringLiteral("http://127.0.0.1:%1").arg(port), "m"));
        QString error, detail;
        QVERIFY(!backend.load([](double, const QString &) {}, [] { return false; }, &error, &detail));
        QVERIFY2(error.contains("refused the connection"), qPrintable(error));
        const Outcome out = ask(backend);
        QVERIFY(out.error.contains("refused the connection"));
    }

    void connectTimeout()
    {
        // A listener whose accept queue is full (backlog 0, never accepted) drops further SYNs: the
        // connection can then neither succeed nor fail, as with an unreachable host.
        const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
        QCOMPARE(::listen(listener, 0), 0);
        socklen_t len = sizeof addr;
        ::getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len);
        QList<int> fillers;
        for (int i = 0; i < 4; ++i) {
            const int c = ::socket(AF_INET, SOCK_STREAM, 0);
            ::fcntl(c, F_SETFL, O_NONBLOCK);
            ::connect(c, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
            fillers << c;
        }
        QTest::qWait(100);
        RemoteOptions o = optionsFor(QStringLiteral("http://127.0.0.1:%1").arg(ntohs(addr.sin_port)), "m");
        o.connectTimeoutMs = 500;
        RemoteBackend backend(o);
        const Outcome out = ask(backend);
        for (int c : fillers)
            ::close(c);
        ::close(listener);
        QVERIFY(!out.ok);
        QVERIFY2(out.error.contains("did not accept the connection"), qPrintable(out.error));
        QVERIFY2(out.ms < 3000, qPrintable(QString::number(out.ms)));
    }

    void cancelClosesTheStreamAtOnce()
    {
        RemoteTestServer server;
        RemoteTestServer::Reply reply;
        reply.pieces << RemoteTestServer::sse({"[{\"bbox_2d\": [1, 2, 3, 4], ", "\"label\": \"cake\"}"}, false, false);
        reply.end = RemoteTestServer::Reply::End::Hang; // a server still generating
        server.chatReplies << reply;
        RemoteBackend backend(optionsFor(server.url(), "Qwen/Qwen2.5-VL-7B-Instruct"));
        QElapsedTimer sinceAbort;
        const Outcome out = ask(backend, "x", [&](const QString &text) {
            if (!text.endsWith("}"))
                return false;
            if (!sinceAbort.isValid())
                sinceAbort.start();
            return true;
        });
        QVERIFY(out.ok); // a cancel is not an error
        QCOMPARE(out.text, QString("[{\"bbox_2d\": [1, 2, 3, 4], \"label\": \"cake\"}"));
        QVERIFY2(sinceAbort.elapsed() < 200, qPrintable(QString::number(sinceAbort.elapsed())));
        QVERIFY(waitFor([&] { return server.clientsGone == 1; }, 2000)); // the server saw the connection close
    }

    void loadChecksTheModelAndTheKey()
    {
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::models({"llava:13b", "qwen2.5vl:7b"});
        QString error, detail;
        RemoteBackend missing(optionsFor(server.url(), "InternVL3-8B"));
        QVERIFY(!missing.load([](double, const QString &) {}, [] { return false; }, &error, &detail));
        QVERIFY2(error.contains("does not offer the model \"InternVL3-8B\". It offers: llava:13b, qwen2.5vl:7b"), qPrintable(error));
        RemoteBackend tagless(optionsFor(server.url(), "llava")); // Ollama's ":latest" is not required
        server.modelsReply = RemoteTestServer::models({"llava:latest"});
        QVERIFY(tagless.load([](double, const QString &) {}, [] { return false; }, &error, &detail));
        server.modelsReply = RemoteTestServer::error(401, R"({"error":{"message":"Invalid API key"}})");
        RemoteBackend keyed(optionsFor(server.url(), "m"));
        QVERIFY(!keyed.load([](double, const QString &) {}, [] { return false; }, &error, &detail));
        QVERIFY(error.contains("refused the API key (HTTP 401): Invalid API key"));
        RemoteOptions o = optionsFor(server.url(), "m");
        o.dialect = "internvl"; // the user's override wins over the name
        server.modelsReply = RemoteTestServer::models({"m"});
        RemoteBackend overridden(o);
        QVERIFY(overridden.load([](double, const QString &) {}, [] { return false; }, &error, &detail));
        QCOMPARE(overridden.dialectId(), QString("internvl"));
    }

    void modelListForThePicker()
    {
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::models({"Qwen/Qwen2.5-VL-72B-Instruct", "OpenGVLab/InternVL3-8B", "llama3"});
        RemoteServerSettings settings;
        settings.setApiKey(server.url(), "sk-list");
        RemoteModelList list;
        QAbstractItemModelTester tester(&list, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy refreshed(&list, &RemoteModelList::refreshed);
        list.setServerUrl(server.url() + "/v1/");
        list.refresh();
        QVERIFY(list.loading());
        QVERIFY(refreshed.wait(5000));
        QVERIFY(!list.loading());
        QCOMPARE(list.errorText(), QString());
        QCOMPARE(list.rowCount(), 3);
        const auto role = [&](int row, RemoteModelList::Role r) { return list.data(list.index(row), int(r)).toString(); };
        QCOMPARE(role(0, RemoteModelList::Role::ModelId), QString("Qwen/Qwen2.5-VL-72B-Instruct"));
        QCOMPARE(role(0, RemoteModelList::Role::Dialect), QString("qwen2.5-vl"));
        QCOMPARE(role(1, RemoteModelList::Role::Dialect), QString("internvl"));
        QCOMPARE(role(2, RemoteModelList::Role::Dialect), QString()); // no table entry: the UI asks
        QCOMPARE(role(0, RemoteModelList::Role::OwnedBy), QString("vllm"));
        QCOMPARE(server.authorizations.value(0), QByteArray("Bearer sk-list"));
        // errors are a property, and the list empties
        server.modelsReply = RemoteTestServer::error(403, R"({"error":"forbidden"})");
        list.refresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(list.rowCount(), 0);
        QVERIFY2(list.errorText().contains("HTTP 403"), qPrintable(list.errorText()));
    }

    void settingsKeepKeysOutOfSpecsUntilLoad()
    {
        RemoteServerSettings settings;
        settings.remember("http://127.0.0.1:8000/", "Qwen/Qwen2.5-VL-7B-Instruct");
        QCOMPARE(settings.servers().value(0), QString("http://127.0.0.1:8000"));
        QCOMPARE(settings.lastModel("http://127.0.0.1:8000"), QString("Qwen/Qwen2.5-VL-7B-Instruct"));
        settings.setMaxImageSide(1024);
        ModelSpec spec = ModelSpec::server("http://127.0.0.1:8000", "Qwen/Qwen2.5-VL-7B-Instruct");
        RemoteServerSettings::completeSpec(&spec);
        QVERIFY(!spec.options.contains("apiKey")); // read from ApiKeyStore by the load itself (tst_apikeystore)
        QCOMPARE(spec.options["maxImageSide"].toInt(), 1024);
        QCOMPARE(spec.options["connectTimeoutMs"].toInt(), 10000);
        settings.forget("http://127.0.0.1:8000");
        QVERIFY(settings.servers().isEmpty());
        settings.setMaxImageSide(0);
    }

    void commandLineAsksTheServer()
    {
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::models({"Qwen/Qwen2.5-VL-7B-Instruct"});
        // the process_bbox.ipynb instance (see tst_remotesession): a box in the 644x420 frame
        const QString answer = QStringLiteral("```json\n[\n\t{\"bbox_2d\": [147, 134, 619, 407], \"label\": \"bowl\"}\n]\n```");
        RemoteTestServer::Reply reply;
        reply.pieces = RemoteTestServer::splitAwkwardly(RemoteTestServer::sse(RemoteTestServer::tokens(answer)), 23, 9);
        server.chatReplies << reply;
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("GC_TEST_KEY", "sk-cli");
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(GC_CLI_PATH),
                  {"ask", "--server", server.url(), "--model", "Qwen/Qwen2.5-VL-7B-Instruct", "--api-key-env", "GC_TEST_KEY",
                   "--image", kDemo, "--prompt", "Locate the bowl, output its bbox coordinates using JSON format.",
                   "--json", "--concurrency", "4"});
        QVERIFY(waitFor([&] { return cli.state() == QProcess::NotRunning; }, 20000));
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(cli.exitCode() == 0, err.constData());
        const QJsonObject out = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        QCOMPARE(out["raw"].toString(), answer);
        QCOMPARE(out["dialect"].toString(), QString("qwen2.5-vl"));
        QCOMPARE(server.authorizations.value(1), QByteArray("Bearer sk-cli"));
        const QString dump = QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact));
        QVERIFY2(dump.contains("bowl"), qPrintable(dump));
        // the box in original-image pixels: 147/644*640 = 146.1 ... 407/420*427 = 413.8
        const QJsonArray entities = out["entities"].toArray();
        QCOMPARE(entities.size(), 1);
        const QJsonArray box = entities[0]["boxes"][0].toArray();
        QVERIFY2(box.size() == 4, qPrintable(dump));
        QVERIFY(qAbs(box[0].toDouble() - 146.1) < 0.5 && qAbs(box[3].toDouble() - 413.8) < 0.5);

        // a fault reaches the exit status and stderr
        server.chatReplies = {RemoteTestServer::error(500, R"({"error":{"message":"boom"}})")};
        cli.start(QStringLiteral(GC_CLI_PATH), {"ask", "--server", server.url(), "--model", "Qwen/Qwen2.5-VL-7B-Instruct",
                                                "--image", kDemo, "--prompt", "x"});
        QVERIFY(waitFor([&] { return cli.state() == QProcess::NotRunning; }, 20000));
        QCOMPARE(cli.exitCode(), 3);
        QVERIFY(cli.readAllStandardError().contains("HTTP 500): boom"));
    }

    // The model name travels as it is, whatever characters it holds: a '|' once split it (tst_modelchoice has
    // the address).
    void commandLineKeepsAModelNameWithABar()
    {
        RemoteTestServer server;
        const QString model = QStringLiteral("team|vision-7b");
        server.modelsReply = RemoteTestServer::models({model});
        RemoteTestServer::Reply reply;
        reply.pieces = {RemoteTestServer::sse(RemoteTestServer::tokens(QStringLiteral("a bowl")))};
        server.chatReplies << reply;
        QProcess cli;
        cli.start(QStringLiteral(GC_CLI_PATH), {"ask", "--server", server.url(), "--model", model, "--image", kDemo, "--prompt", "What is it?", "--json"});
        QVERIFY(waitFor([&] { return cli.state() == QProcess::NotRunning; }, 20000));
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(cli.exitCode() == 0, err.constData());
        QCOMPARE(server.chatRequests.size(), 1);
        QCOMPARE(server.chatRequests[0]["model"].toString(), model);
    }

    // A server that answers 307 to another host must not get the key or the image sent on there (Qt keeps
    // raw headers and re-posts the body on a 307); a redirect within the server is followed with both.
    void redirectsNeverTakeTheKeyToAnotherServer()
    {
        RemoteTestServer elsewhere{QHostAddress(QStringLiteral("127.0.0.2"))};
        elsewhere.modelsReply = RemoteTestServer::models({"m"});
        elsewhere.chatReplies << RemoteTestServer::Reply{200, "text/event-stream", {RemoteTestServer::sse({"stolen"})}};
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::redirect(307, elsewhere.url().toUtf8() + "/v1/models");
        server.chatReplies << RemoteTestServer::redirect(307, elsewhere.url().toUtf8() + "/v1/chat/completions");
        RemoteOptions o = optionsFor(server.url(), "m");
        o.apiKey = "sk-secret";
        QString error, detail;
        RemoteBackend loading(o);
        QVERIFY(!loading.load([](double, const QString &) {}, [] { return false; }, &error, &detail));
        QVERIFY2(error.contains(server.url()) && error.contains(elsewhere.url()), qPrintable(error));
        RemoteBackend asking(o); // straight to the answer, as after a load from a server without a model list
        const Outcome out = ask(asking);
        QVERIFY(!out.ok);
        QVERIFY2(out.error.contains(elsewhere.url()), qPrintable(out.error));

        RemoteServerSettings settings;
        settings.setApiKey(server.url(), "sk-secret");
        RemoteModelList list;
        QSignalSpy refreshed(&list, &RemoteModelList::refreshed);
        list.setServerUrl(server.url());
        list.refresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(list.rowCount(), 0);
        QVERIFY2(list.errorText().contains(elsewhere.url()), qPrintable(list.errorText()));
        settings.forget(server.url());
        QCOMPARE(server.authorizations.size(), 3);
        QCOMPARE(elsewhere.authorizations.size(), 0);
        QCOMPARE(elsewhere.chatRequests.size(), 0);

        // a move within the same server keeps the key and the body
        server.byPath["/old/v1/models"] = RemoteTestServer::redirect(308, "/v1/models");
        server.byPath["/old/v1/chat/completions"] = RemoteTestServer::redirect(307, "/v1/chat/completions");
        server.modelsReply = RemoteTestServer::models({"m"});
        server.chatReplies = {RemoteTestServer::Reply{200, "text/event-stream", {RemoteTestServer::sse({"here"})}}};
        o.baseUrl = QUrl(server.url() + "/old/v1");
        RemoteBackend moved(o);
        QVERIFY2(moved.load([](double, const QString &) {}, [] { return false; }, &error, &detail), qPrintable(error));
        const Outcome followed = ask(moved);
        QVERIFY2(followed.ok, qPrintable(followed.error));
        QCOMPARE(followed.text, QString("here"));
        QCOMPARE(server.authorizations.mid(3), QList<QByteArray>(4, "Bearer sk-secret"));
        QCOMPARE(server.chatRequests.size(), 2); // the refused one above, and this one with its body
        QCOMPARE(server.chatRequests[1]["model"].toString(), QString("m"));
    }

    void commandLineRefusesRedirectsElsewhereAndWarnsOfPlainTextKeys()
    {
        RemoteTestServer elsewhere{QHostAddress(QStringLiteral("127.0.0.2"))};
        elsewhere.modelsReply = RemoteTestServer::models({"m"});
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::redirect(307, elsewhere.url().toUtf8() + "/v1/models");
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("GC_TEST_KEY", "sk-cli");
        cli.setProcessEnvironment(env);
        const auto run = [&](const QString &url) {
            cli.start(QStringLiteral(GC_CLI_PATH), {"ask", "--server", url, "--model", "m", "--api-key-env", "GC_TEST_KEY",
                                                    "--image", kDemo, "--prompt", "x", "--connect-timeout", "0.3"});
            return waitFor([&] { return cli.state() == QProcess::NotRunning; }, 20000);
        };
        QVERIFY(run(server.url()));
        QCOMPARE(cli.exitCode(), 3);
        const QByteArray refused = cli.readAllStandardError();
        QVERIFY2(refused.contains(elsewhere.url().toUtf8()) && !refused.contains("unencrypted"), refused.constData());
        QCOMPARE(elsewhere.authorizations.size(), 0);
        // TEST-NET-1 (RFC 5737) is never a real host: only the warning matters, before the connection fails
        QVERIFY(run(QStringLiteral("http://192.0.2.1:9")));
        const QList<QByteArray> lines = cli.readAllStandardError().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[0].startsWith("warning: ") && lines[0].contains("http://192.0.2.1:9 unencrypted"), lines[0].constData());
        QCOMPARE(ServerOrigin::plainTextKeyWarning(QUrl("https://192.0.2.1")), QString());
        QCOMPARE(ServerOrigin::plainTextKeyWarning(QUrl("http://localhost:8000")), QString());
        QCOMPARE(ServerOrigin::plainTextKeyWarning(QUrl("http://[::1]:8000")), QString());
    }

    // SSE comments are keep-alives: each resets the idle timeout, so only an overall deadline ends a
    // server that sends nothing else (here about 30 s of them, one every 150 ms).
    void keepAlivesAloneMeetTheAnswerDeadline()
    {
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::models({"m"});
        RemoteTestServer::Reply keepAlive;
        keepAlive.pieces = QList<QByteArray>(200, ": keep-alive\n\n");
        keepAlive.pauseMs = 150;
        server.chatReplies << keepAlive;
        QProcess cli;
        cli.start(QStringLiteral(GC_CLI_PATH), {"ask", "--server", server.url(), "--model", "m", "--image", kDemo,
                                                "--prompt", "x", "--idle-timeout", "3", "--timeout", "1"});
        QVERIFY(waitFor([&] { return cli.state() == QProcess::NotRunning; }, 20000));
        QCOMPARE(cli.exitCode(), 3);
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(err.contains("The answer did not finish within 1 second"), err.constData());
        RemoteServerSettings settings;
        settings.setAnswerTimeoutSeconds(7);
        ModelSpec spec = ModelSpec::server(server.url(), QStringLiteral("m"));
        RemoteServerSettings::completeSpec(&spec);
        settings.setAnswerTimeoutSeconds(0);
        RemoteOptions o;
        QString error;
        QVERIFY(RemoteOptions::fromSpec(spec, &o, &error));
        QCOMPARE(o.answerTimeoutMs, 7000);
    }

    void commandLinePrintsTheAnswerOfACutStream()
    {
        RemoteTestServer server;
        server.modelsReply = RemoteTestServer::models({"Qwen/Qwen2.5-VL-7B-Instruct"});
        const QString partial = QStringLiteral("[{\"bbox_2d\": [147, 134, 619, 407], \"label\": \"bowl\"}");
        RemoteTestServer::Reply reply;
        reply.pieces << RemoteTestServer::sse(RemoteTestServer::tokens(partial), false, false);
        reply.end = RemoteTestServer::Reply::End::Reset;
        server.chatReplies << reply;
        QProcess cli;
        cli.start(QStringLiteral(GC_CLI_PATH), {"ask", "--server", server.url(), "--model", "Qwen/Qwen2.5-VL-7B-Instruct",
                                                "--image", kDemo, "--prompt", "Locate the bowl.", "--json"});
        QVERIFY(waitFor([&] { return cli.state() == QProcess::NotRunning; }, 20000));
        QCOMPARE(cli.exitCode(), 3);
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(err.contains("The answer so far is kept."), err.constData());
        const QJsonObject out = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        QCOMPARE(out["raw"].toString(), partial);
        QVERIFY2(out["error"].toString().contains("The answer so far is kept."), qPrintable(out["error"].toString()));
        QCOMPARE(out["entities"].toArray().size(), 1); // the box that came before the cut
    }
};

QTEST_MAIN(TestRemoteBackend)
#include "tst_remotebackend.moc"
