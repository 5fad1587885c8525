#include "rgbimage.h"

#include <QCoreApplication>
#include <QImageReader>

#include <cstring>

gc::io::RgbImage toRgbImage(const QImage &image)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    gc::io::RgbImage out;
    out.width = rgb.width();
    out.height = rgb.height();
    out.pixels.resize(size_t(out.width) * size_t(out.height) * 3);
    for (int y = 0; y < rgb.height(); ++y)
        std::memcpy(out.pixels.data() + size_t(y) * size_t(out.width) * 3, rgb.constScanLine(y), size_t(out.width) * 3);
    return out;
}

QImage toQImage(const gc::io::RgbImage &image)
{
    // the copy owns its pixels: `image` may go before the QImage does
    return QImage(image.pixels.data(), image.width, image.height, qsizetype(image.width) * 3, QImage::Format_RGB888).copy();
}

gc::io::RgbImage loadRgbImage(const QString &path, QString *error)
{
    QImageReader reader(path);
    reader.setAutoTransform(true); // EXIF orientation, as the canvas shows it
    const QImage image = reader.read();
    if (image.isNull()) {
        *error = QCoreApplication::translate("RgbImage", "The image could not be read: %1").arg(reader.errorString());
        return {};
    }
    return toRgbImage(image);
}
