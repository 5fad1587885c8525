#include "imagelimit.h"

#include "io/image_loader.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImageReader>
#include <QSettings>

namespace {
const QString kKey = QStringLiteral("images/maxPixels");

QString megapixels(double pixels) { return QString::number(pixels / 1e6, 'f', 1); }
} // namespace

namespace ImageLimit {

qint64 maxPixels()
{
    bool ok = false;
    const qint64 v = QSettings().value(kKey, qint64(gc::io::kDefaultMaxImagePixels)).toLongLong(&ok);
    return ok && v > 0 ? v : qint64(gc::io::kDefaultMaxImagePixels);
}

void setMaxPixels(qint64 pixels)
{
    QSettings().setValue(kKey, pixels);
    applyAllocationLimit(pixels);
}

void applyAllocationLimit(qint64 pixels)
{
    QImageReader::setAllocationLimit(int(std::min<qint64>((pixels * 4 + (1 << 20) - 1) >> 20, 1 << 30)));
}

QString problem(const QString &path, qint64 pixels)
{
    const QSize size = QImageReader(path).size(); // from the header: nothing is decoded
    if (!size.isValid() || qint64(size.width()) * size.height() <= pixels)
        return {};
    return QCoreApplication::translate("ImageLimit",
                                       "“%1” is %2 × %3 pixels (%4 megapixels), more than the limit of %5 megapixels.")
        .arg(QFileInfo(path).fileName())
        .arg(size.width())
        .arg(size.height())
        .arg(megapixels(double(size.width()) * size.height()), megapixels(double(pixels)));
}

QImage read(const QString &path, qint64 pixels, QString *error, QString *detail)
{
    if (const QString why = problem(path, pixels); !why.isEmpty()) {
        *error = why;
        return {};
    }
    QImageReader reader(path);
    reader.setAutoTransform(true); // EXIF orientation, as the user sees the image
    QImage image = reader.read();
    if (image.isNull()) {
        *error = QCoreApplication::translate("ImageLimit", "The image could not be read.");
        if (detail)
            *detail = reader.errorString();
    }
    return image;
}

} // namespace ImageLimit
