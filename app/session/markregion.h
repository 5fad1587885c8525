#pragma once

#include "documentstate.h"

// A Set-of-Mark mark added to `doc`: it takes the document's next mark number (its id is "M<n>"), the number is
// drawn at `label`, and it covers `box` (the mask `rle` of `maskSize` pixels, when it has one). `source` says what
// made it besides the user ("proposal"; "" for the segmenter's automatic marks). Its id.
QString appendMark(DocumentState &doc, const QPointF &label, const QRectF &box, int colorIndex, const QString &rle = {},
                   const QSize &maskSize = {}, const QString &source = {});
