#include "ocr/text_hint.h"

#include <cmath>

namespace gc::ocr {

namespace {

std::string pixelBox(const Box &b)
{
    const auto n = [](double v) { return std::to_string(std::lround(v)); };
    return "[" + n(b.x1) + ", " + n(b.y1) + ", " + n(b.x2) + ", " + n(b.y2) + "]";
}

std::string boxInDialect(const Dialect &dialect, SizeI imageSize, SizeI inputSize, const Box &box)
{
    if (!dialect.info().caps.boxIn)
        return pixelBox(box);
    EncodeRequest request;
    request.imageSize = imageSize;
    request.inputSize = inputSize;
    PromptRegion region;
    region.box = box;
    request.regions.push_back(region);
    const EncodeResult encoded = dialect.encode(request);
    return encoded.ok && !encoded.text.empty() ? encoded.text : pixelBox(box);
}

} // namespace

std::string textHint(const Dialect &dialect, SizeI imageSize, SizeI inputSize, const std::vector<HintLine> &lines)
{
    if (lines.empty())
        return {};
    std::string out = "Text read in the image (OCR):";
    for (const HintLine &line : lines)
        out += "\ntext at " + boxInDialect(dialect, imageSize, inputSize, line.box) + ": \"" + line.text + "\"";
    return out;
}

} // namespace gc::ocr
