#include "segmentworker.h"

#include "imagelimit.h"
#include "io/image_loader.h"
#include "segment/grabcut.h"
#include "segment/map_segment.h"
#include "segment/marks.h"
#include "segment/sam_model.h"
#include "segment/segmenter.h"

#include <QElapsedTimer>

SegmentWorker::SegmentWorker() : m_segmenter(gc::seg::makeGrabCutSegmenter({})) {}

SegmentWorker::~SegmentWorker() = default;

void SegmentWorker::setModel(const QString &path)
{
    if (path.isEmpty()) {
        m_segmenter = gc::seg::makeGrabCutSegmenter({});
        m_imagePath.clear();
        return;
    }
    gc::seg::SamLoadResult loaded = gc::seg::loadSamSegmenter(path.toStdString(), {});
    if (!loaded.segmenter) {
        emit modelFailed(tr("The segmentation model could not be loaded: %1").arg(QString::fromStdString(loaded.error)));
        return;
    }
    m_segmenter = std::move(loaded.segmenter);
    m_imagePath.clear();
}

void SegmentWorker::segment(quint64 id, const QString &imagePath, const QRectF &box, const QVariantList &points)
{
    MaskResult result;
    result.id = id;
    QElapsedTimer timer;
    timer.start();
    gc::seg::Prompts prompts;
    if (!box.isNull() && box.width() > 0 && box.height() > 0)
        prompts.box = gc::Box{box.left(), box.top(), box.right(), box.bottom()};
    for (const QVariant &v : points) {
        const QVariantMap p = v.toMap();
        prompts.points.push_back({{p.value(QStringLiteral("x")).toDouble(), p.value(QStringLiteral("y")).toDouble()},
                                  p.value(QStringLiteral("positive"), true).toBool()});
    }
    if (prompts.empty()) {
        result.error = tr("Draw a box or click a point to make a mask.");
        emit finished(result);
        return;
    }
    if (!prepare(imagePath, result)) {
        emit finished(result);
        return;
    }
    const gc::seg::SegmentResult r = m_segmenter->segment(prompts);
    result.ms = double(timer.nsecsElapsed()) / 1e6;
    if (!r.ok() || !r.best()) {
        result.error = tr("No mask was found: %1").arg(QString::fromStdString(r.error));
        emit finished(result);
        return;
    }
    setMask(result, r.best()->mask, r.best()->score);
    emit finished(result);
}

void SegmentWorker::segmentFromMap(quint64 id, const QString &imagePath, const gc::HeatGrid &map)
{
    MaskResult result;
    result.id = id;
    QElapsedTimer timer;
    timer.start();
    if (!prepare(imagePath, result)) {
        emit finished(result);
        return;
    }
    const gc::seg::MapSegmentResult r = gc::seg::segmentFromMap(*m_segmenter, map);
    result.ms = double(timer.nsecsElapsed()) / 1e6;
    if (!r.ok()) {
        result.error = tr("No mask was found: %1").arg(QString::fromStdString(r.error));
        emit finished(result);
        return;
    }
    setMask(result, r.mask, r.score);
    for (const gc::seg::PointPrompt &p : r.keptPoints()) {
        result.points << QPointF(p.point.x, p.point.y);
        result.positive << p.positive;
    }
    emit finished(result);
}

bool SegmentWorker::prepare(const QString &imagePath, MaskResult &result)
{
    if (!loadImage(imagePath, &result.error))
        return false;
    if (const std::string err = m_segmenter->setImage(*m_image); !err.empty()) {
        result.error = QString::fromStdString(err);
        return false;
    }
    return true;
}

void SegmentWorker::setMask(MaskResult &result, const gc::Mask &mask, double score)
{
    result.rle = QString::fromStdString(gc::rleToString(gc::rleEncode(mask)));
    result.size = QSize(mask.width, mask.height);
    const gc::Box b = mask.bbox();
    result.bbox = QRectF(QPointF(b.x1, b.y1), QPointF(b.x2, b.y2));
    result.score = score;
}

bool SegmentWorker::loadImage(const QString &imagePath, QString *error)
{
    try {
        if (imagePath != m_imagePath || !m_image) {
            m_image = std::make_unique<gc::io::RgbImage>(gc::io::loadImageRgb(imagePath.toStdString(), ImageLimit::maxPixels()));
            m_imagePath = imagePath;
        }
    } catch (const std::exception &e) {
        m_image.reset();
        m_imagePath.clear();
        *error = tr("The image could not be read for segmentation: %1").arg(QString::fromUtf8(e.what()));
        return false;
    }
    return true;
}

void SegmentWorker::marks(quint64 id, const QString &imagePath, int maxMarks)
{
    MarksResult result;
    result.id = id;
    if (!loadImage(imagePath, &result.error)) {
        emit marksFinished(result);
        return;
    }
    gc::seg::MarkOptions options;
    options.maxMarks = std::max(1, maxMarks);
    const gc::seg::MarksResult r = gc::seg::generateMarks(*m_image, options);
    if (!r.ok()) {
        result.error = tr("No marks could be made: %1").arg(QString::fromStdString(r.error));
        emit marksFinished(result);
        return;
    }
    result.size = QSize(m_image->width, m_image->height);
    for (const gc::seg::Mark &m : r.marks)
        result.marks.append({m.number, QPointF(m.label.x, m.label.y),
                             QRectF(QPointF(m.bbox.x1, m.bbox.y1), QPointF(m.bbox.x2, m.bbox.y2)),
                             QString::fromStdString(gc::rleToString(m.rle))});
    emit marksFinished(result);
}
