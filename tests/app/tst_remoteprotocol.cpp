// The OpenAI-compatible protocol without a network: SSE framing split at every byte, request bodies,
// deltas, error bodies, model lists, image payloads and the coordinate frame of downscaled images.
#include "openaiprotocol.h"
#include "sseparser.h"

#include "dialects/registry.h"

#include <QBuffer>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QList<SseParser::Event> parseInPieces(const QByteArray &bytes, const QList<qsizetype> &cuts)
{
    SseParser p;
    QList<SseParser::Event> out;
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        out += p.feed(QByteArrayView(bytes).sliced(from, cut - from));
        from = cut;
    }
    out += p.feed(QByteArrayView(bytes).sliced(from));
    return out;
}

QString dataOf(const QList<SseParser::Event> &events)
{
    QStringList parts;
    for (const auto &e : events)
        parts << QString::fromUtf8(e.type + "|" + e.data);
    return parts.join(QLatin1Char('#'));
}

} // namespace

class TestRemoteProtocol : public QObject
{
    Q_OBJECT
private slots:
    void sseEveryTwoCutsGiveTheSameEvents_data()
    {
        QTest::addColumn<QByteArray>("stream");
        // "\n", "\r\n" and bare "\r" line ends, a BOM, comments (keep-alives), multi-line data, an event
        // type, a field without a colon, and a multi-byte UTF-8 payload (Qwen3-VL's Chinese labels)
        QTest::newRow("lf") << QByteArray("data: {\"a\":1}\n\ndata: [DONE]\n\n");
        QTest::newRow("crlf") << QByteArray("\xEF\xBB\xBF: ping\r\ndata: {\"a\":\"\xE7\xB1\xB3\xE9\xA5\xAD\"}\r\n\r\n"
                                            "data: [DONE]\r\n\r\n");
        QTest::newRow("cr") << QByteArray("event: error\rdata: line1\rdata:line2\r\rdata\r\r");
        QTest::newRow("mixed") << QByteArray(": keep-alive\n\nid: 7\r\ndata: x\r\n\ndata:  two spaces\n\r\n");
    }
    void sseEveryTwoCutsGiveTheSameEvents()
    {
        QFETCH(QByteArray, stream);
        const QString whole = dataOf(parseInPieces(stream, {}));
        QVERIFY(!whole.isEmpty());
        for (qsizetype i = 0; i <= stream.size(); ++i)
            for (qsizetype j = i; j <= stream.size(); ++j)
                QCOMPARE(dataOf(parseInPieces(stream, {i, j})), whole);
        // and byte by byte
        QList<qsizetype> all;
        for (qsizetype i = 1; i < stream.size(); ++i)
            all << i;
        QCOMPARE(dataOf(parseInPieces(stream, all)), whole);
    }

    void sseFieldsAndTruncation()
    {
        SseParser p;
        auto events = p.feed("event: error\rdata: line1\rdata:line2\r\rdata\r\r");
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].type, QByteArray("error"));
        QCOMPARE(events[0].data, QByteArray("line1\nline2"));
        QCOMPARE(events[1].data, QByteArray(""));
        QVERIFY(!p.hasPartialEvent());
        events = p.feed("data: {\"choices\": [{\"delta\": {\"content\": \"he");
        QVERIFY(events.isEmpty());
        QVERIFY(p.hasPartialEvent()); // a stream ending here was cut off
        events = p.feed("\n");
        QVERIFY(events.isEmpty());
        QVERIFY(p.hasPartialEvent());
        // an event without data is dropped, as the SSE spec says
        SseParser q;
        QVERIFY(q.feed("id: 3\n\n").isEmpty());
    }

    void endpoints()
    {
        QCOMPARE(openai::endpoint(QUrl("http://h:8000"), "models").toString(), QString("http://h:8000/v1/models"));
        QCOMPARE(openai::endpoint(QUrl("http://h:8000/"), "models").toString(), QString("http://h:8000/v1/models"));
        QCOMPARE(openai::endpoint(QUrl("http://h:11434/v1"), "chat/completions").toString(),
                 QString("http://h:11434/v1/chat/completions"));
        QCOMPARE(openai::endpoint(QUrl("https://h/proxy/v1/"), "models").toString(), QString("https://h/proxy/v1/models"));
    }

    void requestBodyCarriesImageHistoryAndSettings()
    {
        openai::ChatRequest r;
        r.model = "Qwen/Qwen2.5-VL-7B-Instruct";
        r.imageDataUrl = "data:image/png;base64,AAAA";
        r.history = {{"first <|box_start|>(1,2),(3,4)<|box_end|>", "answer one"}};
        r.prompt = "second";
        r.generation.maxNewTokens = 77;
        const QJsonObject o = QJsonDocument::fromJson(openai::chatRequestBody(r)).object();
        QCOMPARE(o["model"].toString(), r.model);
        QCOMPARE(o["stream"].toBool(), true);
        QCOMPARE(o["max_tokens"].toInt(), 77);
        QCOMPARE(o["temperature"].toDouble(), 0.0);
        QVERIFY(!o.contains("top_k"));
        const QJsonArray m = o["messages"].toArray();
        QCOMPARE(m.size(), 3);
        const QJsonArray first = m[0]["content"].toArray();
        QCOMPARE(first[0]["type"].toString(), QString("image_url"));
        QCOMPARE(first[0]["image_url"]["url"].toString(), QString("data:image/png;base64,AAAA"));
        QCOMPARE(first[1]["text"].toString(), r.history[0].prompt);
        QCOMPARE(m[1]["role"].toString(), QString("assistant"));
        QCOMPARE(m[1]["content"].toString(), QString("answer one"));
        QCOMPARE(m[2]["content"].toString(), QString("second")); // the image goes once
        r.generation.temperature = 0.7;
        r.generation.topK = 20;
        r.generation.seed = 5;
        const QJsonObject s = QJsonDocument::fromJson(openai::chatRequestBody(r)).object();
        QCOMPARE(s["top_k"].toInt(), 20);
        QCOMPARE(s["seed"].toInt(), 5);
    }

    void chunksAndErrors()
    {
        // vLLM's delta chunk layout
        auto c = openai::parseStreamData(R"({"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]})");
        QCOMPARE(int(c.kind), int(openai::Chunk::Kind::Delta));
        QCOMPARE(c.content, QString("hi"));
        c = openai::parseStreamData(R"({"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":9}})");
        QCOMPARE(c.completionTokens, 9);
        QCOMPARE(int(openai::parseStreamData("[DONE]").kind), int(openai::Chunk::Kind::Done));
        QCOMPARE(int(openai::parseStreamData("{\"choices\": [{\"delta\": {\"content\": \"he").kind),
                 int(openai::Chunk::Kind::Malformed));
        c = openai::parseStreamData(R"({"error":{"message":"boom","type":"InternalServerError","code":500}})");
        QCOMPARE(int(c.kind), int(openai::Chunk::Kind::Error));
        QCOMPARE(c.error, QString("boom"));
        // error bodies: OpenAI/vLLM, vLLM's older form, Ollama, FastAPI, plain text
        QCOMPARE(openai::serverErrorMessage(R"({"error":{"message":"bad key","type":"invalid_request_error"}})"), QString("bad key"));
        QCOMPARE(openai::serverErrorMessage(R"({"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","code":404})"),
                 QString("The model `x` does not exist."));
        QCOMPARE(openai::serverErrorMessage(R"({"error":"model 'llava' not found"})"), QString("model 'llava' not found"));
        QCOMPARE(openai::serverErrorMessage(R"({"detail":[{"loc":["body"],"msg":"field required"}]})"), QString("field required"));
        QCOMPARE(openai::serverErrorMessage("Bad Gateway\n"), QString("Bad Gateway"));
        QVERIFY(openai::looksLikeNoVision("image input is not supported - hint: if this is unexpected, you may need to provide the mmproj"));
        QVERIFY(openai::looksLikeNoVision("Model does not support images. Please use a model that does."));
        QVERIFY(!openai::looksLikeNoVision("The model `x` does not exist."));
        c = openai::parseCompletion(R"({"choices":[{"index":0,"message":{"role":"assistant","content":"whole"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}})");
        QCOMPARE(c.content, QString("whole"));
    }

    void modelLists()
    {
        QStringList ids;
        QString error;
        QVERIFY(openai::parseModelList(R"({"object":"list","data":[{"id":"a","object":"model"},{"id":"b"}]})", &ids, &error));
        QCOMPARE(ids, QStringList({"a", "b"}));
        QVERIFY(!openai::parseModelList("<html>", &ids, &error));
        QVERIFY(!openai::parseModelList(R"({"models":[]})", &ids, &error));
    }

    void imagesGoAsTheyAreUnlessDownscaled()
    {
        QTemporaryDir dir;
        QImage image(640, 427, QImage::Format_RGB32);
        image.fill(Qt::darkCyan);
        const QString path = dir.filePath("photo.png");
        QVERIFY(image.save(path));
        QString error;
        auto p = openai::encodeImage(image, path, 0, &error);
        QVERIFY(!p.reencoded);
        QVERIFY(p.dataUrl.startsWith("data:image/png;base64,"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QByteArray::fromBase64(p.dataUrl.mid(22)), f.readAll());
        p = openai::encodeImage(image, path, 320, &error);
        QVERIFY(p.reencoded);
        QCOMPARE(p.sentSize, QSize(320, 214));
        QVERIFY(p.dataUrl.startsWith("data:image/jpeg;base64,"));
        const QImage back = QImage::fromData(QByteArray::fromBase64(p.dataUrl.mid(23)));
        QCOMPARE(back.size(), QSize(320, 214));
    }

    void downscaledFrameForAbsoluteCoordinates()
    {
        const gc::Dialect *qwen25 = gc::dialects::find("qwen2.5-vl");
        const gc::Dialect *qwen3 = gc::dialects::find("qwen3-vl");
        QCOMPARE(openai::sentSize({640, 427}, 0), QSize(640, 427));
        QCOMPARE(openai::sentSize({640, 427}, 1024), QSize(640, 427));
        QCOMPARE(openai::inputFrameFor(*qwen25, {640, 427}, 0), QSize()); // the dialect derives 644x420
        // 320x214 sent; the server's smart resize makes it 308x224 (factor 28)
        QCOMPARE(openai::inputFrameFor(*qwen25, {640, 427}, 320), QSize(308, 224));
        QCOMPARE(openai::inputFrameFor(*qwen3, {640, 427}, 320), QSize()); // 0-1000: no frame needed
    }
};

QTEST_GUILESS_MAIN(TestRemoteProtocol)
#include "tst_remoteprotocol.moc"
