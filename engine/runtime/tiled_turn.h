#pragma once

// A turn asked of an in-process model about several crops of an image (the tiles of a large image and its
// global view, or one crop around a region), merged into one answer about the whole image
// (dialects/tiled_answer.h). Plain C++, for the CLI and the tests; the app runs its backends the same way.

#include "core/tiling.h"
#include "runtime/local_model.h"

#include <functional>
#include <string>
#include <vector>

namespace gc::runtime {

// The pixels of `box` (integer corners, inside the image).
[[nodiscard]] io::RgbImage cropImage(const io::RgbImage &image, const Box &box);

struct TiledTurn {
    std::vector<Tile> crops;
    TileMerge merge = TileMerge::Overlap;
    std::string taskToken; // the prompt's task token, for dialects whose grammar depends on it ("<OD>")
    // After each crop's answer: crops answered so far, of all.
    std::function<void(size_t done, size_t total)> onCrop;
};

struct TiledResult {
    Status status;
    bool aborted = false;
    size_t answered = 0;
    std::string text;            // the merged answer in the model's dialect, about the whole image
    std::vector<Entity> regions; // the merged regions, pixels of the image
};

// Asks `prompt` about each crop, each a conversation of its own; params.shouldAbort stops between and within
// crops (the merge of those answered is still returned).
[[nodiscard]] TiledResult askTiled(LocalModel &model, const io::RgbImage &image, const std::string &prompt,
                                   const GenerationParams &params, const TiledTurn &turn);

} // namespace gc::runtime
