#pragma once

// The OCR expert's results as a model reads them (P²G): one line per text line, its box written in the active
// model's dialect as the dialect writes a region of the user's, so that a model can reason over text it cannot
// read itself and cite where it is.

#include "core/geometry.h"
#include "dialects/dialect.h"

#include <string>
#include <vector>

namespace gc::ocr {

struct HintLine {
    std::string text;
    Box box; // image pixels
};

// "Text read in the image (OCR):\ntext at <box>: \"…\"\n…". A dialect that takes no boxes in its prompts (or
// refuses one) gets the box as pixels, "[x1, y1, x2, y2]". `inputSize` as EncodeRequest's. Empty without lines.
[[nodiscard]] std::string textHint(const Dialect &dialect, SizeI imageSize, SizeI inputSize,
                                   const std::vector<HintLine> &lines);

} // namespace gc::ocr
