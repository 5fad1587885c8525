#pragma once

#include "enginecontroller.h"

#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <map>
#include <memory>

class Session;
struct ChatMessage;

namespace gc {
class Dialect;
struct PromptRegion;
struct SizeI;
struct Entity;
}
struct ToolRun;

// The turns a model sees before the user's turn `userRow`: none for a task preset (a conversation of its own)
// or a model trained on single prompts; else those since the last preset turn, each answer as the model wrote it.
[[nodiscard]] QList<ChatTurn> turnsBefore(const QList<ChatMessage> &messages, int userRow, bool multiTurn);

// The conversation part of a Session: turns sent to the engine with their cited regions written in the
// dialect, answers streamed into the image's document (their regions as overlays), each turn one undo step.
// Its messages are the session's: Session::tr, the context the catalogues have them under.
class SessionConversation : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A part of a Session: session.conversation")
    Q_PROPERTY(EngineController *engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(QString dialect READ dialect NOTIFY dialectChanged)
    Q_PROPERTY(bool answering READ answering NOTIFY answeringChanged)
    // Generation options for the next answers: maxNewTokens, temperature, topP, topK, seed, noRepeatNgramSize.
    Q_PROPERTY(QVariantMap generation READ generation WRITE setGeneration NOTIFY generationChanged)
    // How the next turns look at the image: "auto" (tiles when it is much larger than the model's input and the
    // task lists objects), "whole" or "tiled" (core/tiling.h). A turn citing regions or marks is always whole.
    Q_PROPERTY(QString tiling READ tiling WRITE setTiling NOTIFY tilingChanged)

public:
    explicit SessionConversation(Session &session);
    ~SessionConversation() override;

    [[nodiscard]] EngineController *engine() const { return m_engine; }
    void setEngine(EngineController *engine);
    [[nodiscard]] QString dialect() const;
    [[nodiscard]] bool answering() const { return !m_streams.empty(); }
    [[nodiscard]] QVariantMap generation() const;
    void setGeneration(const QVariantMap &options);
    [[nodiscard]] QString tiling() const;
    void setTiling(const QString &mode);
    // The messages of `image` that answers are streaming into.
    [[nodiscard]] QList<int> answeringRows(int image) const;

    // Chat. `task` is one of the dialect's TaskPrompt ids ("" = free chat, in the dialect's "chat" format when
    // it has one). "@R1" / "@3" in the text refer to regions and are written into the prompt by the active
    // dialect's encoder: a region task (needsRegion) takes only cited regions, free chat takes them among the
    // user's words, the other tasks take words only.
    Q_INVOKABLE bool send(const QString &text, const QString &task);
    // As send(), with an expert's results (P²G: text read, boxes found) before a free-chat message, already
    // written in the active dialect, and the tool runs that made them recorded with the turn. A task preset
    // keeps its own prompt: `hint` and `tools` are left out then.
    bool sendWithHint(const QString &text, const QString &task, const QString &hint, const QList<ToolRun> &tools);
    // How expert results are written for the active model: its dialect and the input frame it sees the current
    // image in (empty: the dialect derives it).
    [[nodiscard]] const gc::Dialect &activeDialect() const;
    [[nodiscard]] gc::SizeI currentInputFrame() const;
    Q_INVOKABLE QString previewPrompt(const QString &text, const QString &task) const;
    // Why send() would refuse this message ("" when it would send it), to say so before sending.
    Q_INVOKABLE QString promptError(const QString &text, const QString &task) const;
    Q_INVOKABLE void stop();
    // Answers the user turn of chat row `row` (-1 = the last) again, with the conversation before it; the
    // turns after it are dropped (one undo step brings them back). Stopped before any text, the previous
    // answer and turns come back.
    Q_INVOKABLE bool regenerate(int row = -1);
    Q_INVOKABLE void copyMessage(int row) const;
    Q_INVOKABLE QVariantList taskPresets() const;
    // The regions cited in a message being typed ("@R1", "@3"), for the chips above the input.
    Q_INVOKABLE QVariantList chipsIn(const QString &text) const;
    // "Look closer" (session_zoom.cpp): the model is asked again where the region's label is, about a crop
    // around the region (core/tiling.h's zoomCrop), and its box comes back in the image's pixels; the crop
    // shows in the chat. False, saying why, when the region has no box or no label, or the model cannot
    // answer where something is.
    Q_INVOKABLE bool lookCloser(const QString &regionId);

signals:
    void engineChanged();
    void dialectChanged();
    void answeringChanged();
    void generationChanged();
    void tilingChanged();
    // The answer in message `row` of `image` ended (not when a stopped regenerate brought the old one back).
    void answerFinished(int image, int row, bool cancelled);

private:
    struct Stream;

    // Ends the stream `id` (nullptr when unknown): final decode, `update` on its message, one undo step.
    std::unique_ptr<Stream> finishStream(quint64 id, const std::function<void(ChatMessage &)> &update);
    // A regenerate stopped before its first word: the turns it replaced come back.
    void restoreReplaced(std::unique_ptr<Stream> s);
    // The prompt for `text` under `task`, regions written by the active dialect; "" with *error set when
    // it cannot be built.
    QString buildPrompt(const QString &text, const QString &task, QString *error) const;
    // A cited region as the dialect takes it (points become small boxes for box-only families).
    bool promptRegion(const QString &id, const gc::Dialect &d, gc::PromptRegion *out, QString *error) const;
    // The region the user drew last on the current image ("" for none): what a region task without a cited
    // region is about.
    [[nodiscard]] QString lastDrawnRegion() const;
    bool startAnswer(int userRow, const QString &prompt);
    // Appends the user's turn and starts its answer; the document is as it was when that fails.
    bool sendTurn(const ChatMessage &user);
    // An image is open and a model is ready; else says which is missing (Session::fail) and returns false.
    bool readyToAsk();
    // A referring answer whose box is tiny (under kZoomArea of the image) is looked at closer at once.
    void zoomIfTiny(int image, int row);
    void onAnswerDelta(quint64 id, const QByteArray &piece);
    void onSearchProgress(quint64 id, int step, int maxSteps);
    void onTileProgress(quint64 id, int done, int total);
    void onTiles(quint64 id, const QSize &grid, const QList<QRectF> &tiles);
    void onAnswerRegions(quint64 id, const std::vector<gc::Entity> &regions);
    void onAnswerFinished(quint64 id, bool cancelled, const AnswerStats &stats);
    void onAnswerFailed(quint64 id, const QString &error, const QString &detail);
    void syncAnswer(Stream &s, bool final);

    Session &m_session;
    QPointer<EngineController> m_engine;
    std::map<quint64, std::unique_ptr<Stream>> m_streams;
    GenerationSettings m_generation;
    Tiling m_tiling = Tiling::Auto;
};
