#include "openaiprotocol.h"

#include "core/coords.h"
#include "dialects/dialect.h"

#include <QBuffer>
#include <QFile>
#include <QImageReader>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace openai {

QUrl endpoint(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString p = url.path();
    while (p.endsWith(QLatin1Char('/')))
        p.chop(1);
    static const QRegularExpression versioned(QStringLiteral("/v\\d+$"));
    if (!versioned.match(p).hasMatch())
        p += QLatin1String("/v1");
    url.setPath(p + QLatin1Char('/') + path);
    return url;
}

QSize sentSize(const QSize &original, int maxSide)
{
    const int longest = std::max(original.width(), original.height());
    if (maxSide <= 0 || longest <= maxSide || original.isEmpty())
        return original;
    const double s = double(maxSide) / longest;
    return {std::max(1, int(std::lround(original.width() * s))), std::max(1, int(std::lround(original.height() * s)))};
}

QSize inputFrameFor(const gc::Dialect &dialect, const QSize &original, int maxSide)
{
    if (!dialect.info().caps.needsInputSize)
        return {};
    const QSize sent = sentSize(original, maxSide);
    if (sent == original)
        return {};
    // The server's processor applies its own smart resize to what it received (qwen-vl-utils defaults,
    // which vLLM, SGLang and llama.cpp's Qwen2.5-VL preprocessing share).
    const auto frame = gc::coords::smartResize({sent.width(), sent.height()});
    return frame ? QSize(frame->width, frame->height) : QSize();
}

namespace {

QByteArray mimeForFormat(const QByteArray &format)
{
    const QByteArray f = format.toLower();
    if (f == "png")
        return "image/png";
    if (f == "jpeg" || f == "jpg")
        return "image/jpeg";
    if (f == "webp")
        return "image/webp";
    if (f == "gif")
        return "image/gif";
    return {}; // anything else (bmp, tiff, pnm...) is re-encoded: not every server's decoder takes it
}

QByteArray dataUrl(const QByteArray &mime, const QByteArray &bytes)
{
    return "data:" + mime + ";base64," + bytes.toBase64();
}

} // namespace

ImagePayload encodeImage(const QImage &image, const QString &sourcePath, int maxSide, QString *error)
{
    ImagePayload out;
    out.sentSize = sentSize(image.size(), maxSide);
    if (out.sentSize == image.size() && !sourcePath.isEmpty() && !sourcePath.startsWith(QLatin1Char(':'))) {
        QImageReader reader(sourcePath);
        const QByteArray mime = mimeForFormat(reader.format());
        // the server would not apply EXIF orientation; the user sees (and drew on) the rotated image
        if (!mime.isEmpty() && reader.transformation() == QImageIOHandler::TransformationNone
            && reader.size() == image.size()) {
            QFile f(sourcePath);
            if (f.open(QIODevice::ReadOnly)) {
                out.dataUrl = dataUrl(mime, f.readAll());
                return out;
            }
        }
    }
    if (image.isNull()) {
        *error = QStringLiteral("no image to send");
        return out;
    }
    const QImage scaled = out.sentSize == image.size()
                              ? image
                              : image.scaled(out.sentSize, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const bool alpha = scaled.hasAlphaChannel();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, alpha ? "png" : "jpeg");
    if (!alpha)
        writer.setQuality(95); // grounding needs edges; the size saving of lower qualities is small
    if (!writer.write(alpha ? scaled : scaled.convertToFormat(QImage::Format_RGB888))) {
        *error = writer.errorString();
        return out;
    }
    out.dataUrl = dataUrl(alpha ? "image/png" : "image/jpeg", bytes);
    out.reencoded = true;
    return out;
}

QByteArray chatRequestBody(const ChatRequest &r)
{
    QJsonArray messages;
    const auto userTurn = [&](const QString &text, bool withImage) {
        if (!withImage)
            return QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), text}};
        // image first, as the model cards' examples put it
        QJsonArray content{
            QJsonObject{{QStringLiteral("type"), QStringLiteral("image_url")},
                        {QStringLiteral("image_url"),
                         QJsonObject{{QStringLiteral("url"), QString::fromLatin1(r.imageDataUrl)}}}},
            QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}}};
        return QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), content}};
    };
    bool imageSent = r.imageDataUrl.isEmpty();
    for (const ChatTurn &t : r.history) {
        messages.append(userTurn(t.prompt, !imageSent));
        imageSent = true;
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                    {QStringLiteral("content"), t.answer}});
    }
    messages.append(userTurn(r.prompt, !imageSent));

    QJsonObject body{{QStringLiteral("model"), r.model},
                     {QStringLiteral("messages"), messages},
                     {QStringLiteral("stream"), r.stream},
                     {QStringLiteral("temperature"), r.generation.temperature}};
    if (r.generation.maxNewTokens > 0) // else the server's own limit, as a local model's own
        body.insert(QStringLiteral("max_tokens"), r.generation.maxNewTokens);
    if (r.stream) // token counts arrive in a last chunk; servers that do not know the option ignore it
        body.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
    if (r.generation.temperature > 0) {
        body.insert(QStringLiteral("top_p"), r.generation.topP);
        if (r.generation.topK > 0) // not in OpenAI's schema, but vLLM, SGLang, llama.cpp and Ollama read it
            body.insert(QStringLiteral("top_k"), r.generation.topK);
        if (r.generation.seed != 0)
            body.insert(QStringLiteral("seed"), r.generation.seed);
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

namespace {

QString errorText(const QJsonValue &error)
{
    if (error.isString())
        return error.toString();
    const QJsonObject o = error.toObject();
    QString m = o.value(QStringLiteral("message")).toString();
    if (m.isEmpty())
        m = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    return m;
}

// The error a JSON body carries, if any: OpenAI's {"error":...}, vLLM's older {"object":"error",...}.
bool bodyError(const QJsonObject &o, QString *message)
{
    if (o.contains(QStringLiteral("error")) && !o.value(QStringLiteral("error")).isNull()) {
        *message = errorText(o.value(QStringLiteral("error")));
        return true;
    }
    if (o.value(QStringLiteral("object")).toString() == QLatin1String("error")) {
        *message = o.value(QStringLiteral("message")).toString();
        return true;
    }
    return false;
}

void readUsage(const QJsonObject &o, Chunk *c)
{
    const QJsonObject usage = o.value(QStringLiteral("usage")).toObject();
    if (usage.isEmpty())
        return;
    c->promptTokens = usage.value(QStringLiteral("prompt_tokens")).toInt(-1);
    c->completionTokens = usage.value(QStringLiteral("completion_tokens")).toInt(-1);
}

Chunk parseObject(const QByteArray &bytes, const QString &contentKey)
{
    Chunk c;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        c.kind = Chunk::Kind::Malformed;
        c.error = pe.error != QJsonParseError::NoError ? pe.errorString() : QStringLiteral("not a JSON object");
        return c;
    }
    const QJsonObject o = doc.object();
    if (bodyError(o, &c.error)) {
        c.kind = Chunk::Kind::Error;
        return c;
    }
    readUsage(o, &c);
    const QJsonValue choices = o.value(QStringLiteral("choices"));
    if (!choices.isArray() && !o.contains(QStringLiteral("usage"))) {
        c.kind = Chunk::Kind::Malformed;
        c.error = QStringLiteral("no \"choices\" in the response");
        return c;
    }
    const QJsonObject choice = choices.toArray().first().toObject();
    c.content = choice.value(contentKey).toObject().value(QStringLiteral("content")).toString();
    c.finishReason = choice.value(QStringLiteral("finish_reason")).toString();
    return c;
}

} // namespace

Chunk parseStreamData(const QByteArray &data)
{
    if (data.trimmed() == "[DONE]") {
        Chunk c;
        c.kind = Chunk::Kind::Done;
        return c;
    }
    return parseObject(data, QStringLiteral("delta"));
}

Chunk parseCompletion(const QByteArray &body) { return parseObject(body, QStringLiteral("message")); }

QString serverErrorMessage(const QByteArray &body)
{
    QString m;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        if (!bodyError(o, &m)) {
            const QJsonValue detail = o.value(QStringLiteral("detail")); // FastAPI validation errors
            if (detail.isString())
                m = detail.toString();
            else if (detail.isArray())
                m = detail.toArray().first().toObject().value(QStringLiteral("msg")).toString();
            else
                m = o.value(QStringLiteral("message")).toString();
        }
    }
    if (m.isEmpty())
        m = QString::fromUtf8(body).simplified(); // plain text or an HTML page from a proxy
    constexpr qsizetype kMax = 300;
    if (m.size() > kMax)
        m = m.left(kMax) + QChar(0x2026);
    return m;
}

bool looksLikeNoVision(const QString &message)
{
    // Wordings of vLLM, llama.cpp's server, Ollama and LM Studio for a text-only model given an image.
    static const QRegularExpression re(
        QStringLiteral("not (a )?multimodal|multimodal (input|data|is) .*not supported|does not support (image|vision)"
                       "|image input is not supported|images? (are|is) not supported|not support(ed)? images?"
                       "|mmproj|no vision|image_url.*not supported"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(message).hasMatch();
}

bool parseModelList(const QByteArray &body, QStringList *ids, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = pe.errorString();
        return false;
    }
    const QJsonValue data = doc.object().value(QStringLiteral("data"));
    if (!data.isArray()) {
        *error = QStringLiteral("no \"data\" list in the response");
        return false;
    }
    ids->clear();
    for (const QJsonValue &m : data.toArray()) {
        const QString id = m.toObject().value(QStringLiteral("id")).toString();
        if (!id.isEmpty())
            ids->append(id);
    }
    return true;
}

} // namespace openai
