#pragma once

#include <QQuickImageProvider>

// Draws a mask region for the canvas: "image://gcmask/<rrggbb>/<W>x<H>/<percent-encoded COCO RLE>" gives a
// W x H image, transparent outside the mask and the colour (semi-transparent) inside it.
class MaskImageProvider : public QQuickImageProvider
{
public:
    MaskImageProvider() : QQuickImageProvider(QQuickImageProvider::Image) {}
    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;
};
