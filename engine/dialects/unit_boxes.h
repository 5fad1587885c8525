#pragma once

// Families that write a box as "[x1, y1, x2, y2]" floats in 0..1 of the square the model saw, right after the
// words it grounds (LLaVA-1.5, GroundingGPT): the prompt text of drawn boxes and the read of an answer. Each
// family maps the square's coordinates to the image's its own way.

#include "dialect.h"

#include <functional>
#include <string>
#include <string_view>

namespace gc::dialects {

struct UnitBoxFormat {
    const char *family;     // named in errors ("LLaVA-1.5")
    int decimals;           // written per number
    const char *separator;  // between two boxes of one prompt
    // a box of unit image coordinates to the model's square, and one the model wrote back to the image
    std::function<Box(const Box &)> toSquare, toImage;
};

// The drawn boxes written in the format, then the task template's input: the phrase, the phrase and the boxes,
// or the boxes alone for the region task. A region other than a box is an error.
[[nodiscard]] EncodeResult encodeUnitBoxes(const DialectInfo &info, const EncodeRequest &request, const UnitBoxFormat &format);

// The answer's boxes (adjacent lists ground one phrase) mapped to the image.
[[nodiscard]] GroundedText decodeUnitBoxes(std::string_view raw, const DecodeOptions &options, const UnitBoxFormat &format);

} // namespace gc::dialects
