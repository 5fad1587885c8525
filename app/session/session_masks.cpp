// The mask half of Session: boxes, clicks and answers become mask regions through the segmenter.
#include "session.h"

void Session::setSegmenter(SegmentController *segmenter)
{
    if (segmenter == m_segmenter)
        return;
    if (m_segmenter)
        disconnect(m_segmenter, nullptr, this, nullptr);
    m_segmenter = segmenter;
    if (m_segmenter) {
        connect(m_segmenter, &SegmentController::finished, this, &Session::onMaskFinished);
        connect(m_segmenter, &SegmentController::marksFinished, this, &Session::onMarksFinished);
    }
    emit segmenterChanged();
}

bool Session::segment(const QRectF &box, const QVariantList &points)
{
    if (!m_segmenter || !currentImageUsable())
        return false;
    PendingMask p;
    p.image = m_current;
    p.box = box.normalized();
    for (const QVariant &v : points) {
        const QVariantMap m = v.toMap();
        p.points << QPointF(m.value(QStringLiteral("x")).toDouble(), m.value(QStringLiteral("y")).toDouble());
        p.positive << m.value(QStringLiteral("positive"), true).toBool();
    }
    const quint64 id = m_segmenter->request(m_images.items()[m_current].path, p.box, points);
    m_pendingMasks[id] = p;
    return true;
}

bool Session::refineMask(const QString &id, const QPointF &point, bool positive)
{
    const int row = m_regions.rowOf(id);
    if (row < 0 || !m_segmenter || !currentImageUsable())
        return false;
    const RegionItem &r = m_regions.items()[row];
    PendingMask p;
    p.image = m_current;
    p.regionId = id;
    p.box = r.kind == QLatin1String("mask") && r.promptPoints.isEmpty() && r.maskRle.isEmpty() ? QRectF() : r.box;
    p.points = r.promptPoints;
    p.positive = r.promptPositive;
    p.points << point;
    p.positive << positive;
    QVariantList pts;
    for (int i = 0; i < p.points.size(); ++i)
        pts << QVariantMap{{QStringLiteral("x"), p.points[i].x()}, {QStringLiteral("y"), p.points[i].y()},
                           {QStringLiteral("positive"), p.positive.value(i, true)}};
    const quint64 req = m_segmenter->request(m_images.items()[m_current].path, p.box, pts);
    m_pendingMasks[req] = p;
    return true;
}

int Session::masksForAnswer(int messageIndex)
{
    if (!m_segmenter || !currentImageUsable())
        return 0;
    int n = 0;
    for (const RegionItem &r : m_regions.items()) {
        if (!r.fromModel || r.messageIndex != messageIndex || r.kind != QLatin1String("box"))
            continue;
        PendingMask p;
        p.image = m_current;
        p.regionId = r.id;
        p.box = r.box;
        const quint64 id = m_segmenter->request(m_images.items()[m_current].path, r.box, {});
        m_pendingMasks[id] = p;
        ++n;
    }
    return n;
}

void Session::onMaskFinished(const MaskResult &result)
{
    const auto it = m_pendingMasks.find(result.id);
    if (it == m_pendingMasks.end())
        return;
    const PendingMask p = it->second;
    m_pendingMasks.erase(it);
    if (!result.error.isEmpty()) {
        fail(result.error);
        return;
    }
    if (p.image < 0 || p.image >= m_documents.size())
        return;
    const int current = m_current;
    if (p.image != m_current)
        setCurrentImage(p.image);
    const DocumentState before = m_documents[m_current];
    DocumentState &doc = m_documents[m_current];
    QString id = p.regionId;
    int row = id.isEmpty() ? -1 : m_regions.rowOf(id);
    if (row < 0) {
        RegionItem r;
        r.id = QStringLiteral("R%1").arg(doc.nextRegion++);
        r.colorIndex = m_nextColor++;
        doc.regions.append(r);
        row = int(doc.regions.size()) - 1;
        id = r.id;
    }
    RegionItem &r = doc.regions[row];
    if (!r.fromModel)
        r.kind = QStringLiteral("mask");
    r.maskRle = result.rle;
    r.maskSize = result.size;
    if (!r.fromModel)
        r.box = result.bbox;
    r.promptPoints = p.points;
    r.promptPositive = p.positive;
    applyDocument(doc);
    commit(before, tr("Mask %1").arg(id));
    if (current != m_current && current >= 0)
        setCurrentImage(current);
    emit regionAdded(id, r.fromModel);
    emit maskReady(id);
}

bool Session::autoMarks(int maxMarks)
{
    if (!m_segmenter || !currentImageUsable())
        return false;
    m_pendingMarks[m_segmenter->requestMarks(m_images.items()[m_current].path, maxMarks)] = m_current;
    return true;
}

void Session::onMarksFinished(const MarksResult &result)
{
    const auto it = m_pendingMarks.find(result.id);
    if (it == m_pendingMarks.end())
        return;
    const int image = it->second;
    m_pendingMarks.erase(it);
    if (!result.error.isEmpty() || image < 0 || image >= m_documents.size())
        return;
    if (image != m_current)
        setCurrentImage(image);
    const DocumentState before = m_documents[m_current];
    DocumentState &doc = m_documents[m_current];
    for (const AutoMark &m : result.marks) {
        RegionItem r;
        r.markNumber = doc.nextMark++;
        r.id = QStringLiteral("M%1").arg(r.markNumber);
        r.kind = QStringLiteral("mark");
        r.points = {m.label};
        r.box = m.bbox;
        r.maskRle = m.rle;
        r.maskSize = result.size;
        r.colorIndex = m_nextColor++;
        doc.regions.append(r);
    }
    applyDocument(doc);
    commit(before, tr("Automatic marks"));
}
