#include "maskimageprovider.h"

#include "core/rle.h"

#include <QColor>
#include <QUrl>

QImage MaskImageProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    const QStringList parts = id.split(QLatin1Char('/'));
    if (parts.size() < 3)
        return {};
    const QColor colour(QLatin1Char('#') + parts[0]);
    const QStringList wh = parts[1].split(QLatin1Char('x'));
    if (wh.size() != 2)
        return {};
    const int w = wh[0].toInt(), h = wh[1].toInt();
    const QString rleText = QUrl::fromPercentEncoding(parts.mid(2).join(QLatin1Char('/')).toLatin1());
    const auto rle = gc::rleFromString(rleText.toStdString(), w, h);
    if (!rle || w <= 0 || h <= 0)
        return {};
    const auto mask = gc::rleDecode(*rle);
    if (!mask)
        return {};
    QImage image(w, h, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    const int a = 150;
    const QRgb fill = qRgba(colour.red() * a / 255, colour.green() * a / 255, colour.blue() * a / 255, a);
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < w; ++x)
            if (mask->at(x, y))
                line[x] = fill;
    }
    if (size)
        *size = image.size();
    if (requestedSize.isValid() && requestedSize != image.size())
        return image.scaled(requestedSize, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    return image;
}
