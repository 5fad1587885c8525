#pragma once

// The Set-of-Mark image the app's model sees: the engine's renderer (segment/mark_render), so that a model
// in the app sees the very pixels the CLI's `marks --out` gives for the same marks.

#include "modelbackend.h"

#include <QImage>

[[nodiscard]] QImage markedImage(const QImage &image, const QList<PromptMark> &marks);
