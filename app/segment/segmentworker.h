#pragma once

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
    void setModel(const QString &path);

signals:
    void finished(const MaskResult &result);
    void modelFailed(const QString &message);

private:
    std::unique_ptr<gc::seg::Segmenter> m_segmenter;
    std::unique_ptr<gc::io::RgbImage> m_image;
    QString m_imagePath;
};
