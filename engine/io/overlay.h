#pragma once

// Draws grounded boxes and their phrases onto an image and saves it (the CLI's --overlay).

#include "core/grounded_text.h"
#include "io/image_loader.h"

#include <string>
#include <vector>

namespace gc::io {

struct OverlayBox {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0; // pixels of the image
    std::string label;
};

// Throws io::FormatError when the file cannot be written.
void saveOverlay(const std::string &path, const RgbImage &image, const std::vector<OverlayBox> &boxes);
// The box and mark regions of a grounded answer (pixels), each labelled with its phrase.
void saveOverlay(const std::string &path, const RgbImage &image, const GroundedText &answer);

} // namespace gc::io
