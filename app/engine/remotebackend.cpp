#include "remotebackend.h"

#include "blockingreply.h"
#include "openaiprotocol.h"
#include "serverorigin.h"
#include "sseparser.h"

#include "core/coords.h"
#include "dialects/registry.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <cmath>

namespace {

constexpr qsizetype kMaxBodyBytes = 4 << 20; // error pages and non-streamed answers are far smaller
// The dialect for a model name no table entry knows: Qwen2.5-VL's JSON is what most open grounding
// models served this way write, and it leaves plain prose untouched.
constexpr char kFallbackDialect[] = "qwen2.5-vl";

int intOption(const QVariantMap &options, const char *key, int fallback)
{
    bool ok = false;
    const int v = options.value(QLatin1String(key)).toInt(&ok);
    return ok ? v : fallback;
}

struct UniqueReply {
    QNetworkReply *reply;
    ~UniqueReply() { delete reply; }
};

} // namespace

bool RemoteOptions::fromSpec(const ModelSpec &spec, RemoteOptions *out, QString *error)
{
    RemoteOptions o;
    o.baseUrl = QUrl::fromUserInput(spec.serverUrl.trimmed());
    o.model = spec.modelName.trimmed();
    o.dialect = spec.dialect.trimmed();
    if (!o.baseUrl.isValid() || o.baseUrl.host().isEmpty()
        || (o.baseUrl.scheme() != QLatin1String("http") && o.baseUrl.scheme() != QLatin1String("https"))) {
        *error = RemoteBackend::tr("The server address \"%1\" is not an http:// or https:// address.")
                     .arg(spec.serverUrl.trimmed());
        return false;
    }
    if (o.model.isEmpty()) {
        *error = RemoteBackend::tr("Choose one of the server's models.");
        return false;
    }
    const QVariantMap &opt = spec.options;
    o.apiKey = opt.value(QStringLiteral("apiKey")).toString();
    o.connectTimeoutMs = intOption(opt, "connectTimeoutMs", o.connectTimeoutMs);
    o.idleTimeoutMs = intOption(opt, "idleTimeoutMs", o.idleTimeoutMs);
    o.maxImageSide = intOption(opt, "maxImageSide", o.maxImageSide);
    o.answerTimeoutMs = intOption(opt, "answerTimeoutMs", o.answerTimeoutMs);
    *out = o;
    return true;
}

RemoteBackend::RemoteBackend(RemoteOptions options) : m_options(std::move(options)) {}

RemoteBackend::~RemoteBackend() = default;

QString RemoteBackend::displayName() const
{
    const QUrl &u = m_options.baseUrl;
    return QStringLiteral("%1 · %2").arg(m_options.model, u.port() > 0 ? QStringLiteral("%1:%2").arg(u.host()).arg(u.port())
                                                                        : u.host());
}

QNetworkAccessManager *RemoteBackend::network()
{
    // made on first use, so that it belongs to the thread that runs the backend
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    return m_network.get();
}

QNetworkReply *RemoteBackend::send(const QString &path, const QByteArray *body)
{
    QNetworkRequest request(openai::endpoint(m_options.baseUrl, path));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    ServerOrigin::guard(&request);
    if (!m_options.apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_options.apiKey.toUtf8());
    QNetworkReply *reply = nullptr;
    if (!body) {
        reply = network()->get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Accept", "text/event-stream, application/json");
        reply = network()->post(request, *body);
    }
    ServerOrigin::watch(reply);
    return reply;
}

QString RemoteBackend::networkError(QNetworkReply *reply, bool gotAnswer, QString *detail) const
{
    const QString server = m_options.baseUrl.toString(QUrl::RemoveUserInfo | QUrl::RemovePath);
    *detail = QStringLiteral("%1 (%2)").arg(reply->errorString()).arg(int(reply->error()));
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return tr("The server at %1 refused the connection. Is it running, and is the address right?").arg(server);
    case QNetworkReply::HostNotFoundError:
        return tr("The server's address %1 could not be found.").arg(server);
    case QNetworkReply::SslHandshakeFailedError:
        return tr("A secure connection to %1 could not be made.").arg(server);
    default:
        break;
    }
    if (gotAnswer)
        return tr("The connection to the server was lost during the answer. The answer so far is kept.");
    return tr("The connection to the server at %1 failed.").arg(server);
}

QString RemoteBackend::httpError(int status, const QByteArray &body, QString *detail) const
{
    const QString message = openai::serverErrorMessage(body);
    *detail = QStringLiteral("HTTP %1: %2").arg(status).arg(message);
    if (openai::looksLikeNoVision(message))
        return tr("The model %1 does not take images. Choose a vision model on this server.").arg(m_options.model);
    if (status == 401 || status == 403)
        return tr("The server refused the API key (HTTP %1): %2").arg(status).arg(message);
    if (status == 404)
        return tr("The server does not know this model or address (HTTP %1): %2").arg(status).arg(message);
    return tr("The server answered with an error (HTTP %1): %2").arg(status).arg(message);
}

bool RemoteBackend::load(const Progress &progress, const ShouldAbort &abort, QString *error, QString *detail)
{
    if (!m_options.dialect.isEmpty()) {
        const gc::Dialect *d = gc::dialects::find(m_options.dialect.toStdString());
        if (!d) {
            *error = tr("There is no region dialect called \"%1\".").arg(m_options.dialect);
            return false;
        }
        m_dialect = QString::fromStdString(d->info().id);
    } else {
        const gc::Dialect *d = gc::dialects::forModelName(m_options.model.toStdString());
        m_dialect = QString::fromLatin1(d ? d->info().id.c_str() : kFallbackDialect);
    }
    progress(0, tr("Connecting to the server"));
    UniqueReply r{send(QStringLiteral("models"), nullptr)};
    QByteArray body;
    BlockingReply::Limits limits{m_options.connectTimeoutMs, m_options.idleTimeoutMs, m_options.answerTimeoutMs};
    const BlockingReply::End end = BlockingReply::run(r.reply, limits, abort, [&](const QByteArray &b) {
        body += b;
        return body.size() <= kMaxBodyBytes;
    });
    const QString server = m_options.baseUrl.toString(QUrl::RemoveUserInfo | QUrl::RemovePath);
    switch (end) {
    case BlockingReply::End::Aborted: *error = tr("Loading was cancelled."); return false;
    case BlockingReply::End::ConnectTimeout:
        *error = tr("The server at %1 did not accept the connection within %n second(s).", nullptr,
                    m_options.connectTimeoutMs / 1000).arg(server);
        return false;
    case BlockingReply::End::IdleTimeout:
        *error = tr("The server at %1 did not answer within %n second(s).", nullptr, m_options.idleTimeoutMs / 1000)
                     .arg(server);
        return false;
    case BlockingReply::End::Deadline:
        *error = tr("The server at %1 did not answer within %n second(s).", nullptr, m_options.answerTimeoutMs / 1000)
                     .arg(server);
        return false;
    case BlockingReply::End::Stopped:
        *error = tr("The server's model list is too large to read.");
        return false;
    case BlockingReply::End::Finished: break;
    }
    if (const QString refused = ServerOrigin::refusal(r.reply); !refused.isEmpty()) {
        *error = refused;
        return false;
    }
    const int status = r.reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        *error = networkError(r.reply, false, detail);
        return false;
    }
    if (status == 404 || status == 405) {
        progress(1, QString()); // a server without a model list: the first answer will tell
        return true;
    }
    if (status >= 400) {
        *error = httpError(status, body, detail);
        return false;
    }
    QString why;
    if (!openai::parseModelList(body, &m_serverModels, &why)) {
        *error = tr("%1 does not look like an OpenAI-compatible server.").arg(server);
        *detail = why;
        return false;
    }
    // Ollama names carry a tag and resolve a bare name to ":latest"
    const bool offered = m_serverModels.isEmpty() || m_serverModels.contains(m_options.model)
                         || m_serverModels.contains(m_options.model + QLatin1String(":latest"));
    if (!offered) {
        *error = tr("The server does not offer the model \"%1\". It offers: %2.")
                     .arg(m_options.model, m_serverModels.join(QLatin1String(", ")));
        return false;
    }
    progress(1, QString());
    return true;
}

int RemoteBackend::inputSide() const
{
    if (m_options.maxImageSide > 0)
        return m_options.maxImageSide;
    const gc::Dialect *d = gc::dialects::find(m_dialect.toStdString());
    if (d && d->info().caps.needsInputSize)
        return int(std::sqrt(double(gc::coords::SmartResizeLimits{}.maxPixels)));
    return kServerInputSide;
}

InputFrame RemoteBackend::inputFrame() const
{
    return [dialect = gc::dialects::find(m_dialect.toStdString()), maxSide = m_options.maxImageSide](const QSize &original) {
        return dialect ? openai::inputFrameFor(*dialect, original, maxSide) : QSize();
    };
}

bool RemoteBackend::generate(const AskRequest &request, const OnText &onText, const ShouldAbort &abort,
                             AnswerStats *stats, QString *error, QString *detail)
{
    QElapsedTimer timer;
    timer.start();
    // The image: encoded once per image and reused by the follow-up turns. A marked copy (Set-of-Mark) is
    // not the file's content: it goes from its pixels, and a turn with marks never reuses a plain image.
    const QString sourcePath = request.marks.isEmpty() ? request.imageKey : QString();
    const qint64 cacheKey = sourcePath.isEmpty() ? request.image.cacheKey() : 0;
    if (m_imageDataUrl.isEmpty() || request.imageKey != m_imageKey || cacheKey != m_imageCacheKey) {
        QString why;
        const openai::ImagePayload payload = openai::encodeImage(request.image, sourcePath, m_options.maxImageSide, &why);
        if (payload.dataUrl.isEmpty()) {
            *error = tr("The image could not be prepared for sending.");
            *detail = why;
            return false;
        }
        m_imageDataUrl = payload.dataUrl;
        m_imageKey = request.imageKey;
        m_imageCacheKey = cacheKey;
    }
    openai::ChatRequest chat;
    chat.model = m_options.model;
    chat.imageDataUrl = m_imageDataUrl;
    chat.prompt = request.prompt;
    chat.generation = request.generation;
    if (!request.history.isEmpty())
        chat.history = request.history;
    else if (request.continueConversation && m_conversationKey == request.imageKey)
        chat.history = m_turns;
    const QByteArray body = openai::chatRequestBody(chat);
    UniqueReply r{send(QStringLiteral("chat/completions"), &body)};

    enum class Mode { Unknown, Stream, Body } mode = Mode::Unknown;
    SseParser parser;
    QByteArray whole;
    QString answer;
    QString finishReason;
    bool done = false;
    int chunks = 0;
    QString failure, failureDetail;
    const auto onEvent = [&](const SseParser::Event &event) {
        if (done)
            return true;
        const openai::Chunk c = event.type == "error" ? openai::Chunk{openai::Chunk::Kind::Error, {}, {},
                                                                      openai::serverErrorMessage(event.data)}
                                                      : openai::parseStreamData(event.data);
        switch (c.kind) {
        case openai::Chunk::Kind::Done: done = true; return true;
        case openai::Chunk::Kind::Error:
            failure = openai::looksLikeNoVision(c.error)
                          ? tr("The model %1 does not take images. Choose a vision model on this server.").arg(m_options.model)
                          : tr("The server reported an error: %1").arg(c.error);
            failureDetail = QString::fromUtf8(event.data.left(500));
            return false;
        case openai::Chunk::Kind::Malformed:
            failure = tr("The server sent a stream that could not be read.");
            failureDetail = QStringLiteral("%1: %2").arg(c.error, QString::fromUtf8(event.data.left(200)));
            return false;
        case openai::Chunk::Kind::Delta: break;
        }
        if (c.promptTokens >= 0)
            stats->promptTokens = c.promptTokens;
        if (c.completionTokens >= 0)
            stats->generatedTokens = c.completionTokens;
        if (!c.finishReason.isEmpty())
            finishReason = c.finishReason;
        if (!c.content.isEmpty()) {
            if (answer.isEmpty())
                stats->timeToFirstTokenMs = double(timer.nsecsElapsed()) / 1e6;
            answer += c.content;
            ++chunks;
            onText(c.content.toStdString());
        }
        return true;
    };
    const auto onBytes = [&](const QByteArray &bytes) {
        if (mode == Mode::Unknown) {
            const int status = r.reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray type = r.reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
            mode = status < 400 && type.contains("event-stream") ? Mode::Stream : Mode::Body;
        }
        if (mode == Mode::Body) {
            whole += bytes;
            return whole.size() <= kMaxBodyBytes;
        }
        for (const SseParser::Event &event : parser.feed(bytes))
            if (!onEvent(event))
                return false;
        return true;
    };
    const BlockingReply::Limits limits{m_options.connectTimeoutMs, m_options.idleTimeoutMs, m_options.answerTimeoutMs};
    const BlockingReply::End end = BlockingReply::run(r.reply, limits, abort, onBytes);

    const auto finishStats = [&] {
        if (stats->generatedTokens == 0)
            stats->generatedTokens = chunks; // servers without usage send about one token per chunk
        const double decodeSecs = (double(timer.nsecsElapsed()) / 1e6 - stats->timeToFirstTokenMs) / 1e3;
        stats->tokensPerSecond = stats->generatedTokens > 1 && decodeSecs > 0 ? (stats->generatedTokens - 1) / decodeSecs : 0;
        m_turns = chat.history;
        m_turns.append({request.prompt, answer});
        m_conversationKey = request.imageKey;
    };
    const QString server = m_options.baseUrl.toString(QUrl::RemoveUserInfo | QUrl::RemovePath);
    const QString kept = answer.isEmpty() ? QString() : QLatin1Char(' ') + tr("The answer so far is kept.");
    switch (end) {
    case BlockingReply::End::Aborted: finishStats(); return true;
    case BlockingReply::End::Stopped:
        *error = failure.isEmpty() ? tr("The server's answer is too large to read.") : failure + kept;
        *detail = failureDetail;
        return false;
    case BlockingReply::End::ConnectTimeout:
        *error = tr("The server at %1 did not accept the connection within %n second(s).", nullptr,
                    m_options.connectTimeoutMs / 1000).arg(server);
        return false;
    case BlockingReply::End::IdleTimeout:
        *error = tr("The server sent nothing for %n second(s).", nullptr, m_options.idleTimeoutMs / 1000) + kept;
        *detail = QStringLiteral("idle timeout %1 ms").arg(m_options.idleTimeoutMs);
        return false;
    case BlockingReply::End::Deadline:
        *error = tr("The answer did not finish within %n second(s).", nullptr, m_options.answerTimeoutMs / 1000) + kept;
        *detail = QStringLiteral("answer deadline %1 ms").arg(m_options.answerTimeoutMs);
        return false;
    case BlockingReply::End::Finished: break;
    }
    if (const QString refused = ServerOrigin::refusal(r.reply); !refused.isEmpty()) {
        *error = refused;
        return false;
    }
    const int status = r.reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 400) {
        *error = httpError(status, whole, detail);
        return false;
    }
    if (status == 0 || (r.reply->error() != QNetworkReply::NoError && mode != Mode::Stream)) {
        *error = networkError(r.reply, !answer.isEmpty(), detail);
        return false;
    }
    if (mode == Mode::Body) {
        // a server that ignored "stream" (or a proxy in between) answered with one JSON body
        const openai::Chunk c = openai::parseCompletion(whole);
        if (c.kind == openai::Chunk::Kind::Error) {
            *error = openai::looksLikeNoVision(c.error)
                         ? tr("The model %1 does not take images. Choose a vision model on this server.").arg(m_options.model)
                         : tr("The server reported an error: %1").arg(c.error);
            *detail = QString::fromUtf8(whole.left(500));
            return false;
        }
        if (c.kind != openai::Chunk::Kind::Delta) {
            *error = tr("%1 did not answer like an OpenAI-compatible server.").arg(server);
            *detail = QStringLiteral("%1: %2").arg(c.error, QString::fromUtf8(whole.left(200)));
            return false;
        }
        stats->timeToFirstTokenMs = double(timer.nsecsElapsed()) / 1e6;
        stats->promptTokens = std::max(0, c.promptTokens);
        stats->generatedTokens = std::max(0, c.completionTokens);
        answer = c.content;
        onText(c.content.toStdString());
        finishStats();
        return true;
    }
    if (r.reply->error() != QNetworkReply::NoError) {
        *error = networkError(r.reply, !answer.isEmpty(), detail) ;
        if (answer.isEmpty())
            *error = tr("The connection to the server was lost before the answer began.");
        return false;
    }
    if (!done && finishReason.isEmpty()) {
        *error = tr("The server ended the stream before the answer was complete.") + kept;
        *detail = parser.hasPartialEvent() ? QStringLiteral("stream cut inside an event") : QStringLiteral("no [DONE]");
        return false;
    }
    finishStats();
    return true;
}
