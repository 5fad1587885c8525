#pragma once

// The app's boundary with the engine's images: QImage (Qt's decoders, the canvas) to the engine's
// io::RgbImage and back, so that pixels the app shows and pixels the engine reads are the same.

#include "io/image_loader.h"

#include <QImage>
#include <QString>

// 8-bit RGB; alpha, if any, is dropped.
[[nodiscard]] gc::io::RgbImage toRgbImage(const QImage &image);
[[nodiscard]] QImage toQImage(const gc::io::RgbImage &image);
// The image file at `path` as the canvas shows it (EXIF orientation applied), for a tool that reads it on a thread of
// its own; empty with *error set when it cannot be read.
[[nodiscard]] gc::io::RgbImage loadRgbImage(const QString &path, QString *error);
