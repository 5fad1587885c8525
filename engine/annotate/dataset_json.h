#pragma once

// Full-fidelity JSON of the annotation model: what the batch journal stores per finished image, and the
// "groundchat" side fields that exporters add next to a format's own keys so that our own files come back
// exactly (ids, kinds, origins, accepted flags). Training code ignores keys it does not know.

#include "dataset.h"
#include "import_error.h"

#include <nlohmann/json.hpp>

namespace gc::annot {

[[nodiscard]] nlohmann::json regionToJson(const RegionRecord &r);
[[nodiscard]] RegionRecord regionFromJson(const Node &n);

[[nodiscard]] nlohmann::json lineToJson(const GroundedLine &l);
[[nodiscard]] GroundedLine lineFromJson(const Node &n);

[[nodiscard]] nlohmann::json imageToJson(const ImageRecord &im);
// Checks sizes, region ids (unique) and that every reference names a region of the image.
[[nodiscard]] ImageRecord imageFromJson(const Node &n);

// Appends a region to the image; throws ImportFailure (via `where`) when the image already has its id.
void addRegion(ImageRecord &im, RegionRecord r, const Node &where);

// Throws ImportFailure (via `where`) when a phrase/turn/expression cites an id the image lacks or ids repeat.
void checkReferences(const ImageRecord &im, const Node &where);

// Mask JSON in COCO's compressed-RLE form: {"size": [h, w], "counts": "..."}.
[[nodiscard]] nlohmann::json rleToJson(const Rle &rle);
[[nodiscard]] Rle rleFromJson(const Node &n);

} // namespace gc::annot
