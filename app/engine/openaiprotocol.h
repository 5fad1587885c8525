#pragma once

#include "modelbackend.h"

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace gc {
class Dialect;
}

// The OpenAI chat-completions wire format as vLLM, SGLang, llama.cpp's server, Ollama and LM Studio speak
// it: request bodies, streamed deltas, error bodies and model lists. Pure functions, no networking, so the
// protocol is tested without a server.
namespace openai {

// "http://host:8000", "http://host:8000/", "http://host:11434/v1" -> ".../v1/<path>"; servers are given
// with or without the /v1 suffix in their own docs, so both are accepted.
[[nodiscard]] QUrl endpoint(const QUrl &base, const QString &path);

// The size an image is sent at: longest side at most maxSide (0 = unchanged). Only ever shrinks.
[[nodiscard]] QSize sentSize(const QSize &original, int maxSide);

// The coordinate frame an absolute-coordinate dialect (Qwen2.5-VL) answers in when the image was sent
// downscaled: the server's smart resize of the sent size. Empty when the dialect needs no frame or the
// image went as is (the dialect then derives the frame from the original size itself).
[[nodiscard]] QSize inputFrameFor(const gc::Dialect &dialect, const QSize &original, int maxSide);

struct ImagePayload {
    QByteArray dataUrl; // "data:image/png;base64,..."
    QSize sentSize;
    bool reencoded = false;
};
// The image as a data URL. The file's own bytes go unchanged when they can (no downscale, a format
// servers decode, no EXIF rotation the server would not apply); otherwise it is re-encoded: PNG when it
// has alpha, else high-quality JPEG. Empty dataUrl and *error on failure.
[[nodiscard]] ImagePayload encodeImage(const QImage &image, const QString &sourcePath, int maxSide, QString *error);

struct ChatRequest {
    QString model;
    QByteArray imageDataUrl;   // attached to the first user turn
    QList<ChatTurn> history;   // earlier turns, oldest first
    QString prompt;            // this turn
    GenerationSettings generation;
    bool stream = true;
};
[[nodiscard]] QByteArray chatRequestBody(const ChatRequest &request);

// One "data:" payload of the stream (or a whole non-streamed response body).
struct Chunk {
    enum class Kind { Delta, Done, Error, Malformed };
    Kind kind = Kind::Delta;
    QString content;       // text to append (may be empty: role-only or usage-only chunks)
    QString finishReason;  // "stop", "length", ... when this chunk ends the choice
    QString error;         // server's message for Kind::Error
    int promptTokens = -1; // from "usage" when present
    int completionTokens = -1;
};
[[nodiscard]] Chunk parseStreamData(const QByteArray &data);
// A non-streamed body: choices[0].message.content, or an error object.
[[nodiscard]] Chunk parseCompletion(const QByteArray &body);

// The human-readable message inside an error body ({"error":{"message":..}}, {"error":".."},
// {"message":..}, {"detail":..}, or plain text), shortened for display.
[[nodiscard]] QString serverErrorMessage(const QByteArray &body);
// Whether a server's error message says that the model takes no images.
[[nodiscard]] bool looksLikeNoVision(const QString &message);

// GET /v1/models: the model ids in server order; false and *error when the body is not a model list.
[[nodiscard]] bool parseModelList(const QByteArray &body, QStringList *ids, QString *error);

} // namespace openai
