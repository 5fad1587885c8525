#pragma once

#include "chatmodel.h"
#include "documentstate.h"
#include "imagelistmodel.h"
#include "regionmodel.h"
#include "session_chat.h"
#include "session_io.h"
#include "session_masks.h"
#include "session_recording.h"
#include "session_trust.h"

#include <QObject>
#include <QUndoStack>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <algorithm>
#include <memory>
#include <vector>

// One GroundChat session: images, what the user drew on each, and the conversation about each.
// Every edit is an undo step of its image (each image has its own history: undo acts on the image in view),
// kept as a before/after snapshot of that image's document and undone as the change between the two.
// The session itself keeps the images, their documents and histories, and the regions of the image in view;
// its parts (conversation, masks, file, trust) each do one job on those documents, through the part API below.
class Session : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ImageListModel *images READ images CONSTANT)
    Q_PROPERTY(RegionModel *regions READ regions CONSTANT)
    Q_PROPERTY(ChatModel *chat READ chat CONSTANT)
    Q_PROPERTY(SessionConversation *conversation READ conversation CONSTANT)
    Q_PROPERTY(SessionMasks *masks READ masks CONSTANT)
    Q_PROPERTY(SessionFile *file READ file CONSTANT)
    Q_PROPERTY(SessionTrust *trust READ trust CONSTANT)
    Q_PROPERTY(SessionRecording *recording READ recording CONSTANT)
    Q_PROPERTY(int currentImage READ currentImage WRITE setCurrentImage NOTIFY currentImageChanged)
    Q_PROPERTY(QUrl currentImageUrl READ currentImageUrl NOTIFY currentImageChanged)
    Q_PROPERTY(QSize currentImageSize READ currentImageSize NOTIFY currentImageChanged)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY undoStateChanged)
    Q_PROPERTY(bool canRedo READ canRedo NOTIFY undoStateChanged)
    Q_PROPERTY(QString undoText READ undoText NOTIFY undoStateChanged)
    Q_PROPERTY(QString redoText READ redoText NOTIFY undoStateChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY errorOccurred)
    Q_PROPERTY(QStringList highlightedRegions READ highlightedRegions NOTIFY highlightChanged)
    // The phrase the user points at: phrase highlightedEntity of message highlightedMessage (-1, -1 for none).
    // The chat model's HighlightedEntity role follows it.
    Q_PROPERTY(int highlightedMessage READ highlightedMessage NOTIFY highlightChanged)
    Q_PROPERTY(int highlightedEntity READ highlightedEntity NOTIFY highlightChanged)

public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    [[nodiscard]] ImageListModel *images() { return &m_images; }
    [[nodiscard]] RegionModel *regions() { return &m_regions; }
    [[nodiscard]] ChatModel *chat() { return &m_chat; }
    [[nodiscard]] SessionConversation *conversation() { return &m_conversation; }
    [[nodiscard]] SessionMasks *masks() { return &m_masks; }
    [[nodiscard]] SessionFile *file() { return &m_file; }
    [[nodiscard]] SessionTrust *trust() { return &m_trust; }
    [[nodiscard]] SessionRecording *recording() { return &m_recording; }
    [[nodiscard]] int currentImage() const { return m_current; }
    void setCurrentImage(int index);
    [[nodiscard]] QUrl currentImageUrl() const;
    [[nodiscard]] QSize currentImageSize() const;
    // While an answer streams into this image, only the steps taken meanwhile undo and redo.
    [[nodiscard]] bool canUndo() const;
    [[nodiscard]] bool canRedo() const;
    [[nodiscard]] QString undoText() const;
    [[nodiscard]] QString redoText() const;
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] QStringList highlightedRegions() const { return m_highlightedRegions; }
    [[nodiscard]] int highlightedMessage() const { return m_highlightedMessage; }
    [[nodiscard]] int highlightedEntity() const { return m_highlightedEntity; }

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

    // Phrase <-> region linking.
    Q_INVOKABLE void hoverEntity(int messageIndex, int entityIndex);
    Q_INVOKABLE void hoverRegion(const QString &id);
    Q_INVOKABLE void clearHover();

    Q_INVOKABLE void undo();
    Q_INVOKABLE void redo();

    [[nodiscard]] DocumentState document() const;

    // The part API (C++ only): what the session's parts may do with the images and their documents.
    [[nodiscard]] int imageCount() const { return int(m_documents.size()); }
    // The document of `image` (0 <= image < imageCount()), to change in place before commit().
    [[nodiscard]] DocumentState &document(int image) { return m_documents[image]; }
    // The current image's document (there is one: currentImage() >= 0).
    [[nodiscard]] DocumentState &currentDocument() { return m_documents[m_current]; }
    [[nodiscard]] QString imagePath(int image) const { return m_images.items()[image].path; }
    // Records the change of `image`'s document since `before` as one undo step named `text`.
    void commit(int image, const DocumentState &before, const QString &text);
    void commit(const DocumentState &before, const QString &text);
    // As commit(), but the change joins `image`'s last undo step when nothing happened since it (its result is
    // `before`, nothing is redoable and it is not the saved state): what a tool run after an answer does, so that
    // one undo takes the answer and what the tool added to it.
    void commitToLastStep(int image, const DocumentState &before, const QString &text);
    // Shows `state` in the region and chat models (the current image's document).
    void applyDocument(const DocumentState &state);
    // Region colours run on through the whole session.
    [[nodiscard]] int nextColor() const { return m_nextColor; }
    int takeColor() { return m_nextColor++; }
    void reserveColors(int upTo) { m_nextColor = std::max(m_nextColor, upTo); }
    // Says what went wrong: lastError, errorOccurred.
    void fail(const QString &message);
    // Whether the current image may be read for a model or a mask (fails with the reason when not).
    bool currentImageUsable();
    // A document changed without an undo step of its own (an answer streaming in).
    void markEdited() { emit edited(); }
    // A change with no undo history at all (a timeline edit): the session is unsaved until markClean().
    void markChangedOutsideHistory();
    // Replaces every image, document and history (a session opened): `current` is clamped to the images.
    void replace(const QList<ImageEntry> &images, const QList<DocumentState> &documents, int nextColor, int current);
    // Whether every image's history is at the state last marked clean (saved); markClean() marks it.
    [[nodiscard]] bool clean() const;
    void markClean();

signals:
    void currentImageChanged();
    void undoStateChanged();
    void errorOccurred(const QString &message);
    void highlightChanged();
    // Parts announce the regions they add too (an answer's, a mask's).
    void regionAdded(const QString &id, bool fromModel);
    // A document changed: an edit, an undo, an image added, an answer streaming in.
    void edited();
    void cleanChanged();
    // Around replace(): before anything is replaced, and once everything is.
    void replacing();
    void replaced();

private:
    friend class SnapshotCommand;

    // Gives a user region its id and colour, adds it to the current image as one undo step.
    QString addUserRegion(RegionItem region, const QString &undoText);
    void addUndoStack();
    [[nodiscard]] QUndoStack *undoStack() const;
    // Whether the step at `index` of the current image's history may be undone or redone now.
    [[nodiscard]] bool stepIsFree(int index) const;
    // What the pointer is on: these regions, and phrase `entity` of message `message` (-1 for none).
    void setHighlight(const QStringList &regions, int message, int entity);

    ImageListModel m_images;
    RegionModel m_regions;
    ChatModel m_chat;
    QList<DocumentState> m_documents; // parallel to m_images; the current one is mirrored in the models
    int m_current = -1;
    int m_nextColor = 0;
    bool m_changedOutsideHistory = false;
    std::vector<std::unique_ptr<QUndoStack>> m_undoStacks; // parallel to m_images
    QString m_lastError;
    QStringList m_highlightedRegions;
    int m_highlightedMessage = -1;
    int m_highlightedEntity = -1;
    // The parts, after what they work on: they go first (a pending autosave is written on the way out).
    SessionTrust m_trust{*this};
    SessionConversation m_conversation{*this};
    SessionMasks m_masks{*this};
    SessionRecording m_recording{*this};
    SessionFile m_file{*this};
};
