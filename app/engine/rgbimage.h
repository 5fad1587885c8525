#pragma once

// The app's boundary with the engine's images: QImage (Qt's decoders, the canvas) to the engine's
// io::RgbImage and back, so that pixels the app shows and pixels the engine reads are the same.

#include "io/image_loader.h"

#include <QImage>

// 8-bit RGB; alpha, if any, is dropped.
[[nodiscard]] gc::io::RgbImage toRgbImage(const QImage &image);
[[nodiscard]] QImage toQImage(const gc::io::RgbImage &image);
