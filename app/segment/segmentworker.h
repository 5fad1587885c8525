#pragma once

#include "core/rle.h"
#include "segmentcontroller.h"

#include <QObject>

#include <memory>
#include <string>

namespace gc::seg {
class Segmenter;
}
namespace gc::io {
struct RgbImage;
}

// Owns the segmenter (one per thread: it keeps the current image and its cached embedding).
class SegmentWorker : public QObject
{
    Q_OBJECT
public:
    SegmentWorker();
    ~SegmentWorker() override;

public slots:
    void segment(quint64 id, const QString &imagePath, const QRectF &box, const QVariantList &points);
    void segmentFromMap(quint64 id, const QString &imagePath, const gc::HeatGrid &map);
    void setModel(const QString &path);
    void marks(quint64 id, const QString &imagePath, int maxMarks);

signals:
    void finished(const MaskResult &result);
    void modelFailed(const QString &message);
    void marksFinished(const MarksResult &result);

private:
    bool loadImage(const QString &imagePath, QString *error);
    // The image of `imagePath` made the segmenter's current one; false with result.error set.
    bool prepare(const QString &imagePath, MaskResult &result);
    static void setMask(MaskResult &result, const gc::Mask &mask, double score);

    std::unique_ptr<gc::seg::Segmenter> m_segmenter;
    std::unique_ptr<gc::io::RgbImage> m_image;
    QString m_imagePath;
};
