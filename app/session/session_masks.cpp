// The mask part of Session: boxes, clicks and answers become mask regions through the segmenter.
#include "markregion.h"
#include "session.h"

#include <QJsonArray>

namespace {

// The index of the answer's grounded phrase that is `phrase` or holds it (a word of it), made a grounded
// phrase (coloured `colorIndex`) when the answer's text has it outside its grounded phrases; -1 when the text
// does not have it.
int groundedPhrase(ChatMessage &m, const QString &phrase, int colorIndex)
{
    QVariantList entities = m.entities;
    for (int k = 0; k < entities.size(); ++k)
        if (entities[k].toMap().value(QStringLiteral("phrase")).toString().trimmed().compare(phrase, Qt::CaseInsensitive) == 0)
            return k;
    const qsizetype at = m.text.indexOf(phrase, 0, Qt::CaseInsensitive);
    if (at < 0)
        return -1;
    // spans count code points, as the decoders write them
    const int begin = int(m.text.left(at).toUcs4().size()), end = begin + int(phrase.toUcs4().size());
    for (int k = 0; k < entities.size(); ++k) {
        const QVariantMap e = entities[k].toMap();
        const int b = e.value(QStringLiteral("spanBegin"), -1).toInt(), en = e.value(QStringLiteral("spanEnd"), -1).toInt();
        if (b >= 0 && b < end && begin < en)
            return k;
    }
    entities << QVariantMap{{QStringLiteral("phrase"), m.text.mid(at, phrase.size())},
                            {QStringLiteral("spanBegin"), begin},
                            {QStringLiteral("spanEnd"), end},
                            {QStringLiteral("colorIndex"), colorIndex},
                            {QStringLiteral("regionIds"), QStringList()}};
    m.entities = QJsonArray::fromVariantList(entities).toVariantList();
    return int(entities.size()) - 1;
}

// Makes `r` one of the regions of the phrase `entity` of the answer `m` (row `row`), as a model box is.
void linkToPhrase(RegionItem &r, ChatMessage &m, int row, int entity)
{
    QVariantList entities = m.entities;
    QVariantMap e = entities[entity].toMap();
    e[QStringLiteral("regionIds")] = e.value(QStringLiteral("regionIds")).toStringList() << r.id;
    entities[entity] = e;
    m.entities = QJsonArray::fromVariantList(entities).toVariantList();
    r.fromModel = true;
    r.messageIndex = row;
    r.entityIndex = entity;
    r.label = e.value(QStringLiteral("phrase")).toString();
    r.colorIndex = e.value(QStringLiteral("colorIndex")).toInt();
}

} // namespace

SessionMasks::SessionMasks(Session &session) : m_session(session)
{
    connect(m_session.conversation(), &SessionConversation::answerFinished, this,
            [this](int image, int row, bool cancelled) {
                if (m_autoMasks && !cancelled && image == m_session.currentImage())
                    masksForAnswer(row);
            });
}

void SessionMasks::setSegmenter(SegmentController *segmenter)
{
    if (segmenter == m_segmenter)
        return;
    if (m_segmenter)
        disconnect(m_segmenter, nullptr, this, nullptr);
    m_segmenter = segmenter;
    if (m_segmenter) {
        connect(m_segmenter, &SegmentController::finished, this, &SessionMasks::onMaskFinished);
        connect(m_segmenter, &SegmentController::marksFinished, this, &SessionMasks::onMarksFinished);
    }
    emit segmenterChanged();
}

bool SessionMasks::segment(const QRectF &box, const QVariantList &points)
{
    if (!m_segmenter || !m_session.currentImageUsable())
        return false;
    PendingMask p;
    p.image = m_session.currentImage();
    p.box = box.normalized();
    for (const QVariant &v : points) {
        const QVariantMap m = v.toMap();
        p.points << QPointF(m.value(QStringLiteral("x")).toDouble(), m.value(QStringLiteral("y")).toDouble());
        p.positive << m.value(QStringLiteral("positive"), true).toBool();
    }
    const quint64 id = m_segmenter->request(m_session.imagePath(m_session.currentImage()), p.box, points);
    m_pendingMasks[id] = p;
    return true;
}

bool SessionMasks::refineMask(const QString &id, const QPointF &point, bool positive)
{
    const int row = m_session.regions()->rowOf(id);
    if (row < 0 || !m_segmenter || !m_session.currentImageUsable())
        return false;
    const RegionItem &r = m_session.regions()->items()[row];
    PendingMask p;
    p.image = m_session.currentImage();
    p.regionId = id;
    p.points = r.promptPoints;
    p.positive = r.promptPositive;
    p.points << point;
    p.positive << positive;
    // A user's mask box is only the extent of the last mask, not a prompt: once a positive click is there to
    // grow from, the points alone say which objects (a click outside that extent adds an object). A model's
    // box, and a dragged box with no positive click yet, stay the prompt.
    const bool grows = !r.fromModel && r.kind == QLatin1String("mask") && p.positive.contains(true);
    p.box = grows || (r.kind == QLatin1String("mask") && r.promptPoints.isEmpty() && r.maskRle.isEmpty()) ? QRectF() : r.box;
    QVariantList pts;
    for (int i = 0; i < p.points.size(); ++i)
        pts << QVariantMap{{QStringLiteral("x"), p.points[i].x()}, {QStringLiteral("y"), p.points[i].y()},
                           {QStringLiteral("positive"), p.positive.value(i, true)}};
    const quint64 req = m_segmenter->request(m_session.imagePath(m_session.currentImage()), p.box, pts);
    m_pendingMasks[req] = p;
    return true;
}

bool SessionMasks::segmentFromMap(const gc::HeatGrid &map, int messageIndex, const QString &phrase)
{
    if (!m_segmenter || !m_session.currentImageUsable())
        return false;
    PendingMask p;
    p.image = m_session.currentImage();
    p.messageIndex = messageIndex;
    p.phrase = phrase.trimmed();
    m_pendingMasks[m_segmenter->requestFromMap(m_session.imagePath(p.image), map)] = p;
    return true;
}

int SessionMasks::masksForAnswer(int messageIndex)
{
    if (!m_segmenter || !m_session.currentImageUsable())
        return 0;
    int n = 0;
    for (const RegionItem &r : m_session.regions()->items()) {
        if (!r.fromModel || r.messageIndex != messageIndex || r.kind != QLatin1String("box"))
            continue;
        PendingMask p;
        p.image = m_session.currentImage();
        p.regionId = r.id;
        p.box = r.box;
        const quint64 id = m_segmenter->request(m_session.imagePath(m_session.currentImage()), r.box, {});
        m_pendingMasks[id] = p;
        ++n;
    }
    return n;
}

void SessionMasks::onMaskFinished(const MaskResult &result)
{
    const auto it = m_pendingMasks.find(result.id);
    if (it == m_pendingMasks.end())
        return;
    const PendingMask p = it->second;
    m_pendingMasks.erase(it);
    if (!result.error.isEmpty()) {
        m_session.fail(result.error);
        return;
    }
    if (p.image < 0 || p.image >= m_session.imageCount())
        return;
    const int current = m_session.currentImage();
    if (p.image != m_session.currentImage())
        m_session.setCurrentImage(p.image);
    const DocumentState before = m_session.currentDocument();
    DocumentState &doc = m_session.currentDocument();
    QString id = p.regionId;
    int row = id.isEmpty() ? -1 : m_session.regions()->rowOf(id);
    const bool fresh = row < 0;
    if (fresh) {
        RegionItem r;
        ChatMessage *answer = p.messageIndex >= 0 && p.messageIndex < doc.messages.size() &&
                                      !doc.messages[p.messageIndex].fromUser && !p.phrase.isEmpty()
                                  ? &doc.messages[p.messageIndex]
                                  : nullptr;
        const int entity = answer ? groundedPhrase(*answer, p.phrase, m_session.nextColor()) : -1;
        if (entity >= 0) {
            r.id = QStringLiteral("A%1").arg(doc.nextAnswerRegion++);
            linkToPhrase(r, *answer, p.messageIndex, entity);
            m_session.reserveColors(r.colorIndex + 1);
        } else {
            r.id = QStringLiteral("R%1").arg(doc.nextRegion++);
            r.colorIndex = m_session.takeColor();
        }
        doc.regions.append(r);
        row = int(doc.regions.size()) - 1;
        id = r.id;
    }
    RegionItem &r = doc.regions[row];
    if (!r.fromModel || fresh) {
        r.kind = QStringLiteral("mask");
        r.box = result.bbox;
    }
    r.maskRle = result.rle;
    r.maskSize = result.size;
    r.promptPoints = p.points.isEmpty() ? result.points : p.points;
    r.promptPositive = p.points.isEmpty() ? result.positive : p.positive;
    m_session.applyDocument(doc);
    m_session.commit(before, Session::tr("Mask %1").arg(id));
    if (current != m_session.currentImage() && current >= 0)
        m_session.setCurrentImage(current);
    emit m_session.regionAdded(id, r.fromModel);
    emit maskReady(id);
}

bool SessionMasks::autoMarks(int maxMarks)
{
    if (!m_segmenter || !m_session.currentImageUsable())
        return false;
    const int image = m_session.currentImage();
    m_pendingMarks[m_segmenter->requestMarks(m_session.imagePath(image), maxMarks)] = image;
    return true;
}

void SessionMasks::onMarksFinished(const MarksResult &result)
{
    const auto it = m_pendingMarks.find(result.id);
    if (it == m_pendingMarks.end())
        return;
    const int image = it->second;
    m_pendingMarks.erase(it);
    if (!result.error.isEmpty() || image < 0 || image >= m_session.imageCount())
        return;
    if (image != m_session.currentImage())
        m_session.setCurrentImage(image);
    const DocumentState before = m_session.currentDocument();
    DocumentState &doc = m_session.currentDocument();
    for (const AutoMark &m : result.marks)
        appendMark(doc, m.label, m.bbox, m_session.takeColor(), m.rle, result.size);
    m_session.applyDocument(doc);
    m_session.commit(before, Session::tr("Automatic marks"));
}
