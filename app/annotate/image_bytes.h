#pragma once

// Whether bytes are an image. A session names its images by path, and a stranger's session may name any
// file (/etc/hostname, a key): what a session embeds or unpacks, and what an export copies, is only ever
// bytes that decode as an image, checked on the very bytes that are then written.

#include <QBuffer>
#include <QByteArray>
#include <QImageReader>

inline bool decodesAsImage(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    if (!buffer.open(QIODevice::ReadOnly))
        return false;
    QImageReader reader(&buffer);
    // every byte is decoded all the same; a JPEG (most photos) decodes straight to a thumbnail on the way
    if (const QSize size = reader.size(); size.isValid() && reader.supportsOption(QImageIOHandler::ScaledSize))
        reader.setScaledSize(size.scaled(256, 256, Qt::KeepAspectRatio).expandedTo(QSize(1, 1)));
    return !reader.read().isNull();
}
