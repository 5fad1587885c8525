#pragma once

// The most pixels the app decodes from one image: a setting ("images/maxPixels"), by default the
// engine's cap (Pillow's 179 megapixels). A file of a few megabytes can declare 30000 x 30000 pixels
// (a decompression bomb); its size is read from the header and the image refused before any pixel is
// decoded, with a message naming the file, its size and the limit.

#include <QImage>
#include <QString>

namespace ImageLimit {

[[nodiscard]] qint64 maxPixels();
// Keeps `pixels` as the setting and applies it to Qt's readers at once.
void setMaxPixels(qint64 pixels);

// Qt's own readers (the canvas's Image among them) refuse, as a backstop, anything that would take more
// memory than `pixels` decoded at 4 bytes a pixel, even in a format whose header does not say its size.
void applyAllocationLimit(qint64 pixels);

// Empty when the image at `path` may be decoded; otherwise why it may not, for the user.
[[nodiscard]] QString problem(const QString &path, qint64 pixels);

// The image, EXIF orientation applied, or a null image with `error` (for the user) and `detail` set.
[[nodiscard]] QImage read(const QString &path, qint64 pixels, QString *error, QString *detail = nullptr);

} // namespace ImageLimit
