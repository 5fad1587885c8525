#pragma once

// Images built into the app (Qt resource paths such as ":/demo/scenes/scene-1.png") are no files a dataset can
// name: an export copies them into "images/" beside its output and writes the copies' names instead.

#include "formats.h"

namespace gc::annot {

// Whether `path` names an image built into the app rather than a file.
[[nodiscard]] bool isEmbeddedImage(const std::string &path);

struct ImageCopies {
    std::vector<RenderedFile> files;   // the copies, placed as renderDataset places side files
    std::vector<std::string> warnings; // embedded images that could not be copied
};

// Points the embedded images of `d` at their copies, "images/<name>", relative to where the export's files
// are (the output's folder for single-file formats, the output folder for per-image ones). A name is the
// resource's own file name, made unique with "-2", "-3"... in image order, so that a session always exports
// under the same names; one resource shown twice is copied once.
[[nodiscard]] ImageCopies copyEmbeddedImages(Dataset &d, const std::string &output, bool perImageFiles,
                                             const ExportOptions &o);

} // namespace gc::annot
