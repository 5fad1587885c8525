#pragma once

#include <QImage>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QCoreApplication>
#include <QVariantMap>

#include "runtime/explanation.h"

#include <functional>
#include <memory>
#include <string>

// Generation options the user can set; a backend maps them onto its own generator.
struct GenerationSettings {
    // 0 = the model's own (its generation_config.json, else its architecture's: Florence-2's reference usage
    // asks for 1024, an <OD> answer being four tokens a box); a server's own for a remote model.
    int maxNewTokens = 0;
    double temperature = 0; // 0 = greedy
    double topP = 1.0;
    int topK = 0;
    int seed = 0;
    int noRepeatNgramSize = -1; // -1 = the model folder's default
};

// One earlier exchange of the conversation, as the model saw it (regions already written in its dialect).
// Backends that keep no state between requests (remote servers) resend these each turn.
struct ChatTurn {
    QString prompt;
    QString answer; // the raw answer text
};

// A Set-of-Mark mark the model is to see: its number, where the number goes, and its region (COCO
// compressed RLE over the image, outlined so the model sees where the region ends; empty for a mark
// placed by hand).
struct PromptMark {
    int number = 0;
    QPointF label;
    QString rle;
    QSize rleSize;
};

// Whether a turn looks at the image whole or also at overlapping tiles of it (core/tiling.h).
enum class Tiling {
    Whole, // the image as it is
    Auto,  // tiles when the image is much larger than the model's input and the task lists the image's objects
    Tiled, // tiles (at least 2x2) whatever the sizes
};

struct AskRequest {
    quint64 id = 0;
    QString imageKey;   // identifies the image (path or session id) so a backend can cache its embedding
    QImage image;       // RGB image to answer about
    QString prompt;     // the user's turn, regions already written in the backend's dialect
    bool continueConversation = false; // follow-up turn of the same conversation on the same image
    QList<ChatTurn> history; // the turns before this one on the same image (oldest first); may be empty
    GenerationSettings generation;
    // Set-of-Mark: drawn on a copy of the image the model sees, as the CLI's `marks --out` draws them.
    QList<PromptMark> marks;
    Tiling tiling = Tiling::Whole;
    QString task;      // the task preset's id ("" = free chat): what Auto tiles, how tiles merge
    QString taskToken; // its token, for families whose answers' grammar depends on it ("<OD>")
    // Look closer: the turn is about these pixels of the image alone, its answer mapped back; empty: all of it.
    QRectF crop;
};

// What the model saw of the image in a turn (the logit lens and the attention to the image), asked after its
// answer: the turn as it was sent, the answer as the model wrote it (its token ids as generated, when known), the
// phrase of it whose attention is mapped (UTF-8 bytes [phraseBegin, phraseEnd) of `answer`; empty: the last
// prompt position) and the lens's word.
struct ExplainRequest {
    quint64 id = 0;
    QString imageKey;
    QImage image;
    QList<ChatTurn> history;
    QString prompt;
    QString answer;
    // the phrase maps to the tokens that wrote it; empty (an answer from a saved session or a tiled turn): the
    // model tokenizes `answer`
    QList<qint64> answerTokens;
    int phraseBegin = 0, phraseEnd = 0;
    QString word;
};

struct AnswerStats {
    int promptTokens = 0;
    int generatedTokens = 0;
    double timeToFirstTokenMs = 0;
    double tokensPerSecond = 0;
    // The answer's token ids as generated, where the model runs in-process (ExplainRequest::answerTokens).
    QList<qint64> tokenIds;
};

// The size an image of the given size has when the model sees it, after the backend's (and its model's)
// resize: the frame an answer in absolute coordinates of the model's input is in (Qwen2.5-VL). An empty
// size when the dialect derives the frame from the original size itself. Self-contained (it holds no
// pointer into its backend): it is handed to the GUI thread and may outlive the backend.
using InputFrame = std::function<QSize(const QSize &original)>;

// A model the engine thread can run: in-process (libtorch), a remote server, or a scripted fake for tests.
// All calls happen on the engine thread; implementations need not be thread-safe.
class ModelBackend
{
public:
    using Progress = std::function<void(double fraction, const QString &stage)>;
    using ShouldAbort = std::function<bool()>;
    using OnText = std::function<void(const std::string &utf8Piece)>;
    // The steps of a search whose answer exists only when it ends (beam search), out of at most maxSteps.
    using OnSearchProgress = std::function<void(int step, int maxSteps)>;

    virtual ~ModelBackend() = default;
    [[nodiscard]] virtual QString displayName() const = 0;
    [[nodiscard]] virtual QString dialectId() const = 0; // the grounding dialect of its answers
    // The dialect's task ids the model was trained on; empty = all of them.
    [[nodiscard]] virtual QStringList knownTasks() const { return {}; }
    // Whether earlier turns go back to the model with each question (chat models); false: every question
    // is a conversation of its own (a model trained on single prompts).
    [[nodiscard]] virtual bool multiTurn() const { return true; }
    // Bytes the loaded model's weights take in memory; 0 when they are not in this process (a server).
    [[nodiscard]] virtual qint64 weightBytes() const { return 0; }
    // How the loaded model's input frame follows from an image's size.
    [[nodiscard]] virtual InputFrame inputFrame() const = 0;
    // The side of the square it sees images at, which a tiled turn's grid follows; 0 when it does not say.
    [[nodiscard]] virtual int inputSide() const { return 0; }
    // How many crops of a tiled turn may be asked at once, each of another instance made from the same spec
    // (a server answers several requests at once; an in-process model has the cores already).
    [[nodiscard]] virtual int tileLanes() const { return 1; }
    // Returns false and sets *error (translated, user-facing) on failure; *detail gets the technical cause.
    virtual bool load(const Progress &progress, const ShouldAbort &abort, QString *error, QString *detail) = 0;
    // Streams the raw answer through onText; returns false with *error on failure. An abort is not an
    // error: it returns true with the partial answer streamed so far. An answer that cannot stream (a beam
    // search) reports its steps to the search-progress handler while it runs, then comes whole through
    // onText, also when stopped (the best found so far).
    virtual bool generate(const AskRequest &request, const OnText &onText, const ShouldAbort &abort,
                          AnswerStats *stats, QString *error, QString *detail) = 0;
    // Fills *out (runtime/explanation.h); false with *error (translated) and *detail when the model cannot, or
    // failed. Only in-process decoder models can: the default says so.
    virtual bool explain(const ExplainRequest &request, const ShouldAbort &abort, gc::runtime::Explanation *out,
                         QString *error, QString *detail)
    {
        (void)request, (void)abort, (void)out, (void)detail;
        *error = QCoreApplication::translate("ModelBackend", "This model cannot show what it sees: the logit lens and "
                                                             "attention maps need a decoder model run in-process "
                                                             "(LLaVA, Qwen2.5-VL, Kosmos-2).");
        return false;
    }
    // Set by the engine thread; stays for the following generate() calls.
    void setSearchProgressHandler(OnSearchProgress handler) { m_searchProgress = std::move(handler); }

protected:
    void reportSearchProgress(int step, int maxSteps) const
    {
        if (m_searchProgress)
            m_searchProgress(step, maxSteps);
    }

private:
    OnSearchProgress m_searchProgress;
};

// What to load, in typed fields: a model folder run in-process, a model on an OpenAI-compatible server, or a
// scripted fake (tests). Nothing in it is ever joined into one string or split again, so a URL or a model
// name may hold any character.
struct ModelSpec {
    enum class Kind { Folder, Server, Fake };
    Kind kind = Kind::Folder;
    QString folder;    // Folder: a Hugging Face model folder
    QString serverUrl; // Server: the server's address
    QString modelName; // Server: one of the models it offers
    // The grounding dialect the answers are read in. Server: empty = picked from the model name (the wire API
    // is OpenAI chat completions for every server); Fake: the dialect of its script.
    QString dialect;
    QString script;                          // Fake: the raw answer it streams
    int fakeSearchSteps = 0;                 // Fake: > 0 answers as a beam search does, in that many steps
    QString weights = QStringLiteral("f32"); // Folder: how the linear layers' matrices are held (WeightFormats)
    // Folder: the pixels a model that resizes images to a budget sees them at (PixelBudgetSetting); 0 = the folder's.
    qint64 minPixels = 0, maxPixels = 0;
    int threads = 0;                         // 0 = all cores
    QString device = QStringLiteral("cpu");
    // Backend-specific settings ("remote": apiKey, connectTimeoutMs, idleTimeoutMs, maxImageSide, answerTimeoutMs).
    // Never written to session files or logs: it may hold a secret.
    QVariantMap options;

    [[nodiscard]] static ModelSpec localFolder(const QString &folder);
    [[nodiscard]] static ModelSpec server(const QString &serverUrl, const QString &modelName, const QString &dialect = {});
    [[nodiscard]] static ModelSpec fake(const QString &dialect, const QString &script);
};

using BackendFactory = std::function<std::unique_ptr<ModelBackend>(const ModelSpec &spec, QString *error)>;
