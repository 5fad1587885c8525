#pragma once

#include "core/heatmap.h"

#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QThread>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>

class SegmentWorker;

struct MaskResult {
    quint64 id = 0;
    QString rle;   // COCO compressed RLE string of the best mask
    QSize size;    // image size the RLE covers
    QRectF bbox;   // pixel bounding box of the mask
    double score = 0;
    double ms = 0;
    QString error; // translated, empty on success
    // a mask from a map: the points of the sets it merged (the worker chose them)
    QList<QPointF> points;
    QList<bool> positive;
};
Q_DECLARE_METATYPE(MaskResult)
Q_DECLARE_METATYPE(gc::HeatGrid)

struct AutoMark {
    int number = 0;
    QPointF label;
    QRectF bbox;
    QString rle;
};
struct MarksResult {
    quint64 id = 0;
    QList<AutoMark> marks;
    QSize size;
    QString error;
};
Q_DECLARE_METATYPE(MarksResult)

// Boxes and points become masks on a thread of their own (GrabCut built in; a SAM-family TorchScript
// model when one is chosen), so that the GUI and the chat engine never wait for it.
class SegmentController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString modelPath READ modelPath WRITE setModelPath NOTIFY modelPathChanged)
    Q_PROPERTY(QString segmenterName READ segmenterName NOTIFY modelPathChanged)

public:
    explicit SegmentController(QObject *parent = nullptr);
    ~SegmentController() override;

    [[nodiscard]] bool busy() const { return m_pending > 0; }
    [[nodiscard]] QString modelPath() const { return m_modelPath; }
    // A SAM-family TorchScript file (EfficientSAM contract); "" = GrabCut.
    void setModelPath(const QString &path);
    [[nodiscard]] QString segmenterName() const { return m_modelPath.isEmpty() ? tr("GrabCut") : tr("SAM model"); }

    // Queues a mask for `box` (may be null) and `points` ([{x, y, positive}]) on the image at `imagePath`.
    quint64 request(const QString &imagePath, const QRectF &box, const QVariantList &points);
    // VL-SAM: a mask from a map of where a model looked (segment/map_segment.h), its point sets merged.
    quint64 requestFromMap(const QString &imagePath, const gc::HeatGrid &map);
    // Set-of-Mark: numbered object-sized regions over the whole image.
    quint64 requestMarks(const QString &imagePath, int maxMarks);

signals:
    void busyChanged();
    void modelPathChanged();
    void finished(const MaskResult &result);
    void marksFinished(const MarksResult &result);
    void requestAutoMarks(quint64 id, const QString &imagePath, int maxMarks);
    void failed(const QString &message);
    void requestSegment(quint64 id, const QString &imagePath, const QRectF &box, const QVariantList &points);
    void requestMapSegment(quint64 id, const QString &imagePath, const gc::HeatGrid &map);
    void requestModel(const QString &path);

private:
    QString fileFor(const QString &imagePath);

    QThread m_thread;
    SegmentWorker *m_worker = nullptr;
    quint64 m_nextId = 1;
    int m_pending = 0;
    QString m_modelPath;
};
