#include "session.h"

#include "demo/scene.h"

#include "imagelimit.h"

#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QUndoCommand>
#include <utility>

// Undo/redo of any edit: its image's document before and after, applied as the change between them so
// that what changed meanwhile (an answer streaming in, a box drawn while it did) stays.
class SnapshotCommand : public QUndoCommand
{
public:
    SnapshotCommand(Session *session, int image, DocumentState before, DocumentState after, const QString &text)
        : QUndoCommand(text), m_session(session), m_image(image), m_before(std::move(before)), m_after(std::move(after))
    {
    }
    void undo() override { change(m_after, m_before); }
    void redo() override
    {
        if (m_first) {
            m_first = false; // the edit is already applied when the command is pushed
            return;
        }
        change(m_before, m_after);
    }
    [[nodiscard]] const DocumentState &after() const { return m_after; }
    [[nodiscard]] int image() const { return m_image; }
    // A later change made part of this step (already applied, as at a push).
    void extend(DocumentState after) { m_after = std::move(after); }
    // Taken while the answer in message `row` was streaming (so it touches no part of the conversation).
    [[nodiscard]] bool takenWhileStreaming(int row) const { return m_before.messages.value(row).streaming; }

private:
    void change(const DocumentState &from, const DocumentState &to)
    {
        if (m_image < 0 || m_image >= m_session->m_documents.size())
            return;
        DocumentState &doc = m_session->m_documents[m_image];
        doc.applyChange(from, to);
        if (m_session->m_current == m_image)
            m_session->applyDocument(doc);
    }

    Session *m_session;
    int m_image;
    DocumentState m_before;
    DocumentState m_after;
    bool m_first = true;
};


Session::Session(QObject *parent) : QObject(parent)
{
    // a turn streaming into an image holds back that image's undo steps
    connect(&m_conversation, &SessionConversation::answeringChanged, this, &Session::undoStateChanged);
}

Session::~Session()
{
    // undo stacks clear themselves on destruction and must not reach members already destroyed
    for (const auto &stack : m_undoStacks)
        disconnect(stack.get(), nullptr, this, nullptr);
}

void Session::fail(const QString &message)
{
    m_lastError = message;
    emit errorOccurred(message);
}

void Session::setCurrentImage(int index)
{
    if (index < -1 || index >= m_images.rowCount() || index == m_current)
        return;
    m_current = index;
    m_trust.checkImage(index);
    clearHover();
    applyDocument(index >= 0 ? m_documents[index] : DocumentState());
    emit currentImageChanged();
    emit undoStateChanged();
}

QUrl Session::currentImageUrl() const
{
    if (m_current < 0)
        return {};
    return m_images.data(m_images.index(m_current), int(ImageListModel::Role::Url)).toUrl();
}

QSize Session::currentImageSize() const { return m_current >= 0 ? m_images.items()[m_current].size : QSize(); }

bool Session::addImage(const QUrl &url)
{
    return addImagePath(url.isLocalFile() ? url.toLocalFile() : (url.scheme() == QLatin1String("qrc") ? QLatin1Char(':') + url.path() : url.toString()));
}

bool Session::addDemoScene()
{
    const uint64_t seed = QRandomGenerator::global()->generate64() % (1ull << 40);
    const gc::demo::Scene scene = gc::demo::makeScene(seed);
    const QImage image(scene.image.pixels.data(), scene.image.width, scene.image.height, scene.image.width * 3,
                       QImage::Format_RGB888);
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo-scenes");
    QDir().mkpath(dir);
    const QString path = dir + QStringLiteral("/scene-%1.png").arg(seed);
    if (!image.save(path)) {
        fail(tr("The demo scene could not be saved to %1.").arg(path));
        return false;
    }
    return addImagePath(path);
}

bool Session::addImagePath(const QString &path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    if (!reader.canRead()) {
        fail(tr("“%1” is not an image GroundChat can read.").arg(QFileInfo(path).fileName()));
        return false;
    }
    // a decompression bomb is refused from its header, before the probe below could decode it
    if (const QString why = ImageLimit::problem(path, ImageLimit::maxPixels()); !why.isEmpty()) {
        fail(why);
        return false;
    }
    QSize size = reader.size();
    // EXIF rotations by 90 degrees swap the displayed width and height
    const QImageIOHandler::Transformations t = reader.transformation();
    if (t & QImageIOHandler::TransformationRotate90)
        size.transpose();
    if (!size.isValid()) {
        const QImage probe = reader.read();
        if (probe.isNull()) {
            fail(tr("“%1” could not be read: %2").arg(QFileInfo(path).fileName(), reader.errorString()));
            return false;
        }
        size = probe.size();
    }
    const QString stored = path.startsWith(QLatin1String(":/")) ? path : QFileInfo(path).absoluteFilePath();
    m_trust.trustFoldersOf({stored}); // the user opened it: its folder is theirs
    for (int i = 0; i < m_images.rowCount(); ++i) {
        if (m_images.items()[i].path == stored) {
            setCurrentImage(i);
            return true;
        }
    }
    m_images.append({stored, size});
    m_documents.append(DocumentState());
    addUndoStack();
    setCurrentImage(m_images.rowCount() - 1);
    emit edited();
    return true;
}

bool Session::addImageFromClipboard()
{
    const QImage image = QGuiApplication::clipboard()->image();
    if (image.isNull()) {
        fail(tr("The clipboard holds no image."));
        return false;
    }
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/pasted");
    QDir().mkpath(dir);
    const QString path = dir + QStringLiteral("/pasted-%1.png").arg(QDateTime::currentMSecsSinceEpoch());
    if (!image.save(path)) {
        fail(tr("The pasted image could not be stored in %1.").arg(dir));
        return false;
    }
    return addImagePath(path);
}

DocumentState Session::document() const { return m_current >= 0 ? m_documents[m_current] : DocumentState(); }

void Session::applyDocument(const DocumentState &state)
{
    m_regions.setItems(state.regions);
    m_chat.setItems(state.messages);
}

void Session::commit(const DocumentState &before, const QString &text) { commit(m_current, before, text); }

void Session::commit(int image, const DocumentState &before, const QString &text)
{
    if (image < 0 || image >= m_documents.size() || before == m_documents[image])
        return;
    m_undoStacks[size_t(image)]->push(new SnapshotCommand(this, image, before, m_documents[image], text));
}

void Session::commitToLastStep(int image, const DocumentState &before, const QString &text)
{
    if (image < 0 || image >= m_documents.size() || before == m_documents[image])
        return;
    QUndoStack *stack = m_undoStacks[size_t(image)].get();
    const int top = stack->count() - 1;
    auto *last = top >= 0 && stack->index() == stack->count() && !stack->isClean()
                     ? static_cast<SnapshotCommand *>(const_cast<QUndoCommand *>(stack->command(top)))
                     : nullptr;
    if (!last || !(last->after() == before)) {
        commit(image, before, text);
        return;
    }
    last->extend(m_documents[image]);
    emit edited();
}

void Session::addUndoStack()
{
    auto stack = std::make_unique<QUndoStack>();
    connect(stack.get(), &QUndoStack::indexChanged, this, [this] {
        emit undoStateChanged();
        emit edited();
    });
    connect(stack.get(), &QUndoStack::cleanChanged, this, &Session::cleanChanged);
    m_undoStacks.push_back(std::move(stack));
}

QUndoStack *Session::undoStack() const { return m_current >= 0 ? m_undoStacks[size_t(m_current)].get() : nullptr; }

bool Session::stepIsFree(int index) const
{
    // an answer streaming into this image owns the conversation until it ends: only the steps taken since
    // it began (which leave the conversation alone) may go back and forth
    const auto *step = static_cast<const SnapshotCommand *>(undoStack()->command(index));
    for (const int row : m_conversation.answeringRows(m_current))
        if (!(step && step->takenWhileStreaming(row)))
            return false;
    return true;
}

bool Session::canUndo() const { return undoStack() && undoStack()->canUndo() && stepIsFree(undoStack()->index() - 1); }

bool Session::canRedo() const { return undoStack() && undoStack()->canRedo() && stepIsFree(undoStack()->index()); }

QString Session::undoText() const { return undoStack() ? undoStack()->undoText() : QString(); }

QString Session::redoText() const { return undoStack() ? undoStack()->redoText() : QString(); }

bool Session::clean() const
{
    return !m_changedOutsideHistory &&
           std::all_of(m_undoStacks.begin(), m_undoStacks.end(), [](const auto &stack) { return stack->isClean(); });
}

void Session::markClean()
{
    for (const auto &stack : m_undoStacks)
        stack->setClean();
    if (std::exchange(m_changedOutsideHistory, false))
        emit cleanChanged();
}

void Session::markChangedOutsideHistory()
{
    const bool wasClean = clean();
    m_changedOutsideHistory = true;
    emit edited();
    if (wasClean)
        emit cleanChanged();
}

void Session::replace(const QList<ImageEntry> &images, const QList<DocumentState> &documents, int nextColor,
                      int current)
{
    emit replacing();
    for (const auto &stack : m_undoStacks)
        disconnect(stack.get(), nullptr, this, nullptr);
    m_undoStacks.clear();
    m_changedOutsideHistory = false;
    m_images.setItems(images);
    m_documents = documents;
    for (qsizetype i = 0; i < documents.size(); ++i)
        addUndoStack();
    m_nextColor = nextColor;
    m_current = -1;
    setCurrentImage(images.isEmpty() ? -1 : std::clamp(current, 0, int(images.size()) - 1));
    if (images.isEmpty()) {
        applyDocument({});
        emit currentImageChanged();
    }
    emit replaced();
    emit undoStateChanged();
}

bool Session::currentImageUsable()
{
    if (m_current < 0)
        return false;
    const ImageEntry &e = m_images.items()[m_current];
    if (e.problem.isEmpty())
        return true;
    fail(e.problem);
    return false;
}

QString Session::addUserRegion(RegionItem r, const QString &undoText)
{
    const DocumentState before = m_documents[m_current];
    DocumentState &doc = m_documents[m_current];
    if (r.kind == QLatin1String("mark")) {
        r.markNumber = doc.nextMark++;
        r.id = QStringLiteral("M%1").arg(r.markNumber);
    } else {
        r.id = QStringLiteral("R%1").arg(doc.nextRegion++);
    }
    r.colorIndex = m_nextColor++;
    doc.regions.append(r);
    m_regions.append(r);
    commit(before, undoText.arg(r.kind == QLatin1String("mark") ? QString::number(r.markNumber) : r.id));
    emit regionAdded(r.id, false);
    return r.id;
}

namespace {
QRectF normalizedBox(const QRectF &r, QSize bounds)
{
    QRectF b = r.normalized();
    if (bounds.isValid())
        b = b.intersected(QRectF(QPointF(0, 0), QSizeF(bounds)));
    return b;
}
} // namespace

QString Session::addBox(const QRectF &box)
{
    if (m_current < 0)
        return {};
    const QRectF b = normalizedBox(box, currentImageSize());
    if (b.width() < 1 || b.height() < 1)
        return {};
    RegionItem r;
    r.kind = QStringLiteral("box");
    r.box = b;
    return addUserRegion(r, tr("Draw box %1"));
}

QString Session::addPoint(const QPointF &point, bool negative)
{
    if (m_current < 0)
        return {};
    RegionItem r;
    r.kind = QStringLiteral("point");
    r.points = {point};
    r.box = QRectF(point, point);
    r.positive = !negative;
    return addUserRegion(r, tr("Place point %1"));
}

QString Session::addMark(const QPointF &point)
{
    if (m_current < 0)
        return {};
    RegionItem r;
    r.kind = QStringLiteral("mark");
    r.points = {point};
    r.box = QRectF(point, point);
    return addUserRegion(r, tr("Place mark %1"));
}

QString Session::addPolygon(const QVariantList &points)
{
    if (m_current < 0 || points.size() < 3)
        return {};
    RegionItem r;
    r.kind = QStringLiteral("polygon");
    for (const QVariant &v : points)
        r.points.append(v.toPointF());
    r.box = QPolygonF(r.points).boundingRect();
    return addUserRegion(r, tr("Draw polygon %1"));
}

void Session::setRegionBox(const QString &id, const QRectF &box)
{
    const int row = m_regions.rowOf(id);
    if (row < 0 || m_current < 0)
        return;
    const DocumentState before = m_documents[m_current];
    RegionItem &r = m_documents[m_current].regions[row];
    const QRectF b = r.kind == QLatin1String("box") || r.fromModel ? normalizedBox(box, currentImageSize()) : box;
    if (r.kind == QLatin1String("box") || r.kind == QLatin1String("mask") || r.kind == QLatin1String("quad") ||
        r.kind == QLatin1String("polygon")) {
        // move/scale the vertices with the box
        const QRectF old = r.box;
        for (QPointF &p : r.points) {
            const double fx = old.width() > 0 ? (p.x() - old.left()) / old.width() : 0;
            const double fy = old.height() > 0 ? (p.y() - old.top()) / old.height() : 0;
            p = QPointF(b.left() + fx * b.width(), b.top() + fy * b.height());
        }
        r.box = b;
    } else {
        // points and marks move by the drag; a mark over a segmented region moves only its number
        const QPointF delta = box.topLeft() - r.box.topLeft();
        for (QPointF &p : r.points)
            p += delta;
        if (r.maskRle.isEmpty())
            r.box.translate(delta);
    }
    m_regions.replace(row, r);
    commit(before, tr("Edit %1").arg(id));
}

void Session::renameRegion(const QString &id, const QString &label)
{
    const int row = m_regions.rowOf(id);
    if (row < 0 || m_current < 0 || m_documents[m_current].regions[row].label == label)
        return;
    const DocumentState before = m_documents[m_current];
    m_documents[m_current].regions[row].label = label.trimmed();
    m_regions.replace(row, m_documents[m_current].regions[row]);
    commit(before, tr("Rename %1").arg(id));
}

void Session::setRegionVisible(const QString &id, bool visible)
{
    const int row = m_regions.rowOf(id);
    if (row < 0 || m_current < 0 || m_documents[m_current].regions[row].visible == visible)
        return;
    const DocumentState before = m_documents[m_current];
    m_documents[m_current].regions[row].visible = visible;
    m_regions.replace(row, m_documents[m_current].regions[row]);
    commit(before, visible ? tr("Show %1").arg(id) : tr("Hide %1").arg(id));
}

void Session::deleteRegion(const QString &id)
{
    const int row = m_regions.rowOf(id);
    if (row < 0 || m_current < 0)
        return;
    const DocumentState before = m_documents[m_current];
    m_documents[m_current].regions.removeAt(row);
    applyDocument(m_documents[m_current]);
    commit(before, tr("Delete %1").arg(id));
}

void Session::acceptRegion(const QString &id)
{
    const int row = m_regions.rowOf(id);
    if (row < 0 || m_current < 0 || !m_documents[m_current].regions[row].fromModel)
        return;
    const DocumentState before = m_documents[m_current];
    m_documents[m_current].regions[row].accepted = !m_documents[m_current].regions[row].accepted;
    m_regions.replace(row, m_documents[m_current].regions[row]);
    commit(before, tr("Accept %1").arg(id));
}

QVariantMap Session::region(const QString &id) const
{
    const int row = m_regions.rowOf(id);
    if (row < 0)
        return {};
    QVariantMap m;
    const QHash<int, QByteArray> names = m_regions.roleNames();
    for (auto it = names.begin(); it != names.end(); ++it)
        m[QString::fromLatin1(it.value())] = m_regions.data(m_regions.index(row), it.key());
    return m;
}

void Session::hoverEntity(int messageIndex, int entityIndex)
{
    QStringList ids;
    for (const RegionItem &r : m_regions.items())
        if (r.messageIndex == messageIndex && r.entityIndex == entityIndex)
            ids << r.id;
    setHighlight(ids, messageIndex, entityIndex);
}

void Session::setHighlight(const QStringList &regions, int message, int entity)
{
    if (message < 0 || entity < 0)
        message = entity = -1;
    if (regions == m_highlightedRegions && message == m_highlightedMessage && entity == m_highlightedEntity)
        return;
    m_highlightedRegions = regions;
    m_highlightedMessage = message;
    m_highlightedEntity = entity;
    m_chat.setHighlight(message, entity);
    emit highlightChanged();
}

void Session::hoverRegion(const QString &id)
{
    const int row = m_regions.rowOf(id);
    if (row < 0)
        return clearHover();
    const RegionItem &r = m_regions.items()[row];
    setHighlight({id}, r.messageIndex, r.entityIndex);
}

void Session::clearHover() { setHighlight({}, -1, -1); }

void Session::undo()
{
    if (canUndo())
        undoStack()->undo();
}

void Session::redo()
{
    if (canRedo())
        undoStack()->redo();
}
