#pragma once

#include "modelbackend.h"

#include <QCoreApplication>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

// Where and how to reach an OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama, LM Studio).
struct RemoteOptions {
    QUrl baseUrl;
    QString model;
    QString apiKey;       // sent as a bearer token; empty = none
    QString dialect;      // empty = picked from the model name
    int connectTimeoutMs = 10000;
    int idleTimeoutMs = 120000; // a large image's prefill can keep a slow server quiet for a while
    int maxImageSide = 0;       // 0 = send images as they are
    int answerTimeoutMs = 0;    // the longest a whole answer may take; 0 = no limit

    // From a ModelSpec of kind Server and its options. False + *error (translated) when the URL or the
    // model is missing.
    static bool fromSpec(const ModelSpec &spec, RemoteOptions *out, QString *error);
};

// A model served over the OpenAI chat-completions protocol, streamed with server-sent events. Runs on
// the engine thread; every call blocks in a local event loop that also watches the abort flag.
class RemoteBackend : public ModelBackend
{
    Q_DECLARE_TR_FUNCTIONS(RemoteBackend)
public:
    explicit RemoteBackend(RemoteOptions options);
    ~RemoteBackend() override;

    [[nodiscard]] QString displayName() const override;
    [[nodiscard]] QString dialectId() const override { return m_dialect; }
    // The server's processor resizes what it receives: openai::inputFrameFor, after the downscale to
    // maxImageSide.
    [[nodiscard]] InputFrame inputFrame() const override;
    // What Auto's tile grid follows (set after load(), which picks the dialect): what it is sent at most when
    // that is set; else, for a family whose server resizes by a known rule (Qwen2.5-VL's smart resize), the
    // side of the largest frame that rule gives; else kServerInputSide. So Auto tiles a large image for a
    // server as it does for a model in this process.
    [[nodiscard]] int inputSide() const override;
    // About what a served vision model sees an image at when it does not say (LLaVA-NeXT's 672, InternVL's 448
    // tiles, the 768 short side of the hosted APIs): a megapixel.
    static constexpr int kServerInputSide = 1024;
    // Tiles are separate requests: a few at once, so a server that batches answers them together without
    // one user's turn filling its queue.
    [[nodiscard]] int tileLanes() const override { return 3; }
    // Reaches the server and checks that it offers the model (GET /v1/models).
    bool load(const Progress &progress, const ShouldAbort &abort, QString *error, QString *detail) override;
    bool generate(const AskRequest &request, const OnText &onText, const ShouldAbort &abort, AnswerStats *stats,
                  QString *error, QString *detail) override;

    [[nodiscard]] const RemoteOptions &options() const { return m_options; }
    // The models the server offers, as load() found them (empty when it has no list).
    [[nodiscard]] QStringList serverModels() const { return m_serverModels; }

private:
    QNetworkAccessManager *network();
    QNetworkReply *send(const QString &path, const QByteArray *body);
    // The user-facing error for a failed exchange.
    QString networkError(QNetworkReply *reply, bool gotAnswer, QString *detail) const;
    QString httpError(int status, const QByteArray &body, QString *detail) const;

    RemoteOptions m_options;
    QString m_dialect;
    QStringList m_serverModels;
    std::unique_ptr<QNetworkAccessManager> m_network;
    // the last image's encoding: follow-up turns resend the same data URL without re-reading the file
    QString m_imageKey;
    qint64 m_imageCacheKey = 0;
    QByteArray m_imageDataUrl;
    // turns of the current conversation, for callers that pass no history
    QString m_conversationKey;
    QList<ChatTurn> m_turns;
};
