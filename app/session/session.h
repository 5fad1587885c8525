#pragma once

#include "chatmodel.h"
#include "documentstate.h"
#include "imagelistmodel.h"
#include "regionmodel.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUndoStack>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "enginecontroller.h"
#include "segmentcontroller.h"

namespace gc {
class Dialect;
class StreamingDecoder;
struct PromptRegion;
}

// One GroundChat session: images, what the user drew on each, and the conversation about each.
// Every edit is an undo step of its image (each image has its own history: undo acts on the image in view),
// kept as a before/after snapshot of that image's document and undone as the change between the two.
class Session : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ImageListModel *images READ images CONSTANT)
    Q_PROPERTY(RegionModel *regions READ regions CONSTANT)
    Q_PROPERTY(ChatModel *chat READ chat CONSTANT)
    Q_PROPERTY(int currentImage READ currentImage WRITE setCurrentImage NOTIFY currentImageChanged)
    Q_PROPERTY(QUrl currentImageUrl READ currentImageUrl NOTIFY currentImageChanged)
    Q_PROPERTY(QSize currentImageSize READ currentImageSize NOTIFY currentImageChanged)
    Q_PROPERTY(EngineController *engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(SegmentController *segmenter READ segmenter WRITE setSegmenter NOTIFY segmenterChanged)
    Q_PROPERTY(QString dialect READ dialect NOTIFY dialectChanged)
    Q_PROPERTY(bool answering READ answering NOTIFY answeringChanged)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY undoStateChanged)
    Q_PROPERTY(bool canRedo READ canRedo NOTIFY undoStateChanged)
    Q_PROPERTY(QString undoText READ undoText NOTIFY undoStateChanged)
    Q_PROPERTY(QString redoText READ redoText NOTIFY undoStateChanged)
    Q_PROPERTY(QString filePath READ filePath NOTIFY filePathChanged)
    Q_PROPERTY(bool modified READ modified NOTIFY modifiedChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY errorOccurred)
    Q_PROPERTY(QStringList highlightedRegions READ highlightedRegions NOTIFY highlightChanged)
    Q_PROPERTY(QString highlightedEntity READ highlightedEntity NOTIFY highlightChanged)
    Q_PROPERTY(QString autosavePath READ autosavePath WRITE setAutosavePath NOTIFY autosavePathChanged)
    // Session files carry the images themselves (PNG, base64) instead of their paths.
    Q_PROPERTY(bool embedImages MEMBER m_embedImages NOTIFY embedImagesChanged)
    // Every finished answer's boxes become masks (the "masks for answer" action, always on).
    Q_PROPERTY(bool autoMasks MEMBER m_autoMasks NOTIFY autoMasksChanged)
    // Generation options for the next answers: maxNewTokens, temperature, topP, topK, seed, noRepeatNgramSize.
    Q_PROPERTY(QVariantMap generation READ generation WRITE setGeneration NOTIFY generationChanged)
    // Folders the user opened images from (kept in the settings by the window): a session's images there are
    // read without asking, as are those in or below the session file's own folder and those built into the app.
    Q_PROPERTY(QStringList trustedFolders READ trustedFolders WRITE setTrustedFolders NOTIFY trustedFoldersChanged)
    // The session's images elsewhere: not read (not shown, sent, segmented or embedded) until loadOutsideImages().
    Q_PROPERTY(QStringList outsideImages READ outsideImages NOTIFY outsideImagesChanged)
    // Why the current image cannot be shown ("" when it can): missing, unreadable, not an image, not read yet.
    Q_PROPERTY(QString currentImageProblem READ currentImageProblem NOTIFY currentImageProblemChanged)

public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    [[nodiscard]] ImageListModel *images() { return &m_images; }
    [[nodiscard]] RegionModel *regions() { return &m_regions; }
    [[nodiscard]] ChatModel *chat() { return &m_chat; }
    [[nodiscard]] int currentImage() const { return m_current; }
    void setCurrentImage(int index);
    [[nodiscard]] QUrl currentImageUrl() const;
    [[nodiscard]] QSize currentImageSize() const;
    [[nodiscard]] EngineController *engine() const { return m_engine; }
    void setEngine(EngineController *engine);
    [[nodiscard]] QString dialect() const;
    [[nodiscard]] SegmentController *segmenter() const { return m_segmenter; }
    void setSegmenter(SegmentController *segmenter);
    [[nodiscard]] bool answering() const { return !m_streams.empty(); }
    // While an answer streams into this image, only the steps taken meanwhile undo and redo.
    [[nodiscard]] bool canUndo() const;
    [[nodiscard]] bool canRedo() const;
    [[nodiscard]] QString undoText() const;
    [[nodiscard]] QString redoText() const;
    [[nodiscard]] QString filePath() const { return m_filePath; }
    [[nodiscard]] bool modified() const;
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] QStringList highlightedRegions() const { return m_highlightedRegions; }
    [[nodiscard]] QString highlightedEntity() const { return m_highlightedEntity; }
    [[nodiscard]] QString autosavePath() const { return m_autosavePath; }
    [[nodiscard]] QVariantMap generation() const;
    void setGeneration(const QVariantMap &options);
    void setAutosavePath(const QString &path);
    [[nodiscard]] QStringList trustedFolders() const { return m_trustedFolders; }
    void setTrustedFolders(const QStringList &folders);
    [[nodiscard]] QStringList outsideImages() const;
    [[nodiscard]] QString currentImageProblem() const;
    // The user agrees to read the outside images: they load, and their folders become trusted.
    Q_INVOKABLE void loadOutsideImages();

    // Images. Returns false (lastError says why) when the file is not a readable image.
    Q_INVOKABLE bool addImage(const QUrl &url);
    Q_INVOKABLE bool addImagePath(const QString &path);
    Q_INVOKABLE bool addImageFromClipboard();
    // Draws a new scene of the demo model's synthetic world (saved under the app's data folder) and adds it.
    Q_INVOKABLE bool addDemoScene();

    // Regions (image pixels). Each returns the new region's id.
    Q_INVOKABLE QString addBox(const QRectF &box);
    Q_INVOKABLE QString addPoint(const QPointF &point, bool negative);
    Q_INVOKABLE QString addMark(const QPointF &point);
    Q_INVOKABLE QString addPolygon(const QVariantList &points);
    Q_INVOKABLE void setRegionBox(const QString &id, const QRectF &box);
    Q_INVOKABLE void renameRegion(const QString &id, const QString &label);
    Q_INVOKABLE void setRegionVisible(const QString &id, bool visible);
    Q_INVOKABLE void deleteRegion(const QString &id);
    Q_INVOKABLE void acceptRegion(const QString &id);
    Q_INVOKABLE QVariantMap region(const QString &id) const;

    // Masks (asynchronous, through the segmenter): a new mask region from a box and/or points; a click that
    // refines an existing mask; a mask for every box of an answer. Each result is one undo step.
    Q_INVOKABLE bool segment(const QRectF &box, const QVariantList &points);
    Q_INVOKABLE bool refineMask(const QString &id, const QPointF &point, bool positive);
    Q_INVOKABLE int masksForAnswer(int messageIndex);
    // Set-of-Mark: numbered regions over the whole image, added as marks (one undo step).
    Q_INVOKABLE bool autoMarks(int maxMarks);

    // Chat. `task` is one of the dialect's TaskPrompt ids ("" = free chat, in the dialect's "chat" format when
    // it has one). "@R1" / "@3" in the text refer to regions and are written into the prompt by the active
    // dialect's encoder: a region task (needsRegion) takes only cited regions, free chat takes them among the
    // user's words, the other tasks take words only.
    Q_INVOKABLE bool send(const QString &text, const QString &task);
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

    // Phrase <-> region linking.
    Q_INVOKABLE void hoverEntity(int messageIndex, int entityIndex);
    Q_INVOKABLE void hoverRegion(const QString &id);
    Q_INVOKABLE void clearHover();

    Q_INVOKABLE void undo();
    Q_INVOKABLE void redo();

    // Files. Writes are atomic; open validates everything before replacing the session.
    Q_INVOKABLE bool save(const QUrl &url);
    Q_INVOKABLE bool saveToPath(const QString &path);
    Q_INVOKABLE bool open(const QUrl &url);
    Q_INVOKABLE bool openPath(const QString &path);
    // Opens a session as a new, untitled one (the built-in demo session: saving asks for a file).
    Q_INVOKABLE bool openAsUntitled(const QString &path);
    Q_INVOKABLE void clear();
    Q_INVOKABLE bool hasAutosave() const;
    // Where the app keeps its crash-recovery copy of the session.
    Q_INVOKABLE QString defaultAutosavePath() const;
    // Where a save or export dialog starts: the session file's folder, else Documents, else home.
    Q_INVOKABLE QString suggestedFolder() const;
    Q_INVOKABLE bool restoreAutosave();
    Q_INVOKABLE void discardAutosave();

    // The session as its file holds it, without the images' bytes (a snapshot for an export).
    [[nodiscard]] QByteArray toJson() const;
    // What an autosave keeps beside the session: the file it belongs to ("" = untitled) and whether it held
    // unsaved changes (older autosaves did not say).
    struct AutosaveNote {
        QString of;
        bool modified = true;
    };
    // `autosave`, when given, gets what the file keeps beside the session.
    // Relative image paths are relative to `folder` (the session file's), which is also trusted (see
    // trustedFolders); without one they are relative to the working directory and only trusted folders are.
    bool fromJson(const QByteArray &json, QString *error, AutosaveNote *autosave = nullptr, const QString &folder = {});
    [[nodiscard]] DocumentState document() const;

signals:
    void currentImageChanged();
    void engineChanged();
    void dialectChanged();
    void answeringChanged();
    void undoStateChanged();
    void filePathChanged();
    void modifiedChanged();
    void errorOccurred(const QString &message);
    void highlightChanged();
    void autosavePathChanged();
    void embedImagesChanged();
    void autoMasksChanged();
    void generationChanged();
    void trustedFoldersChanged();
    void outsideImagesChanged();
    void currentImageProblemChanged();
    void regionAdded(const QString &id, bool fromModel);
    void segmenterChanged();
    void maskReady(const QString &id);

private:
    friend class SnapshotCommand;
    struct Stream;

    void applyDocument(const DocumentState &state);
    void commit(const DocumentState &before, const QString &text);
    void commit(int image, const DocumentState &before, const QString &text);
    // Gives a user region its id and colour, adds it to the current image as one undo step.
    QString addUserRegion(RegionItem region, const QString &undoText);
    // Ends the stream `id` (nullptr when unknown): final decode, `update` on its message, one undo step.
    std::unique_ptr<Stream> finishStream(quint64 id, const std::function<void(ChatMessage &)> &update);
    // A regenerate stopped before its first word: the turns it replaced come back.
    void restoreReplaced(std::unique_ptr<Stream> s);
    void fail(const QString &message);
    // The prompt for `text` under `task`, regions written by the active dialect; "" with *error set when
    // it cannot be built.
    QString buildPrompt(const QString &text, const QString &task, QString *error) const;
    // A cited region as the dialect takes it (points become small boxes for box-only families).
    bool promptRegion(const QString &id, const gc::Dialect &d, gc::PromptRegion *out, QString *error) const;
    bool startAnswer(int userRow, const QString &prompt);
    void onAnswerDelta(quint64 id, const QByteArray &piece);
    void onAnswerFinished(quint64 id, bool cancelled, const AnswerStats &stats);
    void onAnswerFailed(quint64 id, const QString &error, const QString &detail);
    void syncAnswer(Stream &s, bool final);
    // Debounced, yet a run of changes (an answer streaming in) still reaches the disk about once a second.
    void scheduleAutosave();
    void onMaskFinished(const MaskResult &result);
    void onMarksFinished(const MarksResult &result);
    struct PendingMask {
        int image = -1;
        QString regionId; // "" = a new region
        QRectF box;
        QList<QPointF> points;
        QList<bool> positive;
    };
    void writeAutosave();
    // The session file's text (session_document.h): indented, or compact with `autosave` beside the session.
    // `notEmbedded`, when embedding, gets the images whose files were left out because they are no images.
    [[nodiscard]] QByteArray toFileText(bool embedImages, QStringList *notEmbedded = nullptr,
                                        const AutosaveNote *autosave = nullptr) const;
    // Trust (session_trust.cpp): whether an image path (absolute, clean) of a session in `sessionFolder` may be
    // read without asking; remembering the folders of images the user opened; looking at the image in `row` to say what keeps it from being shown; whether the current
    // image may be read for a model or a mask (fails with the reason when not).
    [[nodiscard]] std::function<bool(const QString &path)> readableWithoutAsking(const QString &sessionFolder) const;
    void trustFoldersOf(const QStringList &paths);
    // Loads the images not read yet that are now trusted (in the session file's folder or a trusted one).
    void loadTrustedImages();
    void checkImage(int row);
    bool currentImageUsable();
    void addUndoStack();
    [[nodiscard]] QUndoStack *undoStack() const;
    // Whether the step at `index` of the current image's history may be undone or redone now.
    [[nodiscard]] bool stepIsFree(int index) const;

    ImageListModel m_images;
    RegionModel m_regions;
    ChatModel m_chat;
    QList<DocumentState> m_documents; // parallel to m_images; the current one is mirrored in the models
    int m_current = -1;
    int m_nextColor = 0;
    std::vector<std::unique_ptr<QUndoStack>> m_undoStacks; // parallel to m_images
    bool m_restoredUnsaved = false; // a restored autosave held changes its file did not have
    QPointer<EngineController> m_engine;
    std::map<quint64, std::unique_ptr<Stream>> m_streams;
    QString m_filePath;
    QString m_lastError;
    QStringList m_highlightedRegions;
    QString m_highlightedEntity;
    QString m_autosavePath;
    QTimer m_autosaveTimer;
    QElapsedTimer m_autosaveWaiting; // since the first change the pending autosave holds
    bool m_embedImages = false;
    bool m_autoMasks = false;
    QPointer<SegmentController> m_segmenter;
    std::map<quint64, PendingMask> m_pendingMasks;
    std::map<quint64, int> m_pendingMarks; // request -> image
    GenerationSettings m_generation;
    QStringList m_trustedFolders;
};
