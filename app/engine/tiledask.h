#pragma once

// A turn asked about several crops of its image (the tiles of a large image and its global view,
// core/tiling.h) through backends of the loaded model, merged into one answer about the whole image in the
// model's dialect (dialects/tiled_answer.h). Runs on the engine thread.

#include "modelbackend.h"

#include "core/tiling.h"

#include <functional>
#include <memory>
#include <vector>

struct TiledAskResult {
    bool ok = true;
    QString error, detail;
    QByteArray text; // the merged answer; with a Stop, the merge of the crops answered before it
    std::vector<gc::Entity> regions; // its regions as merged, pixels of the image (finer than `text` may write)
    AnswerStats stats;
};

// The crops a turn is asked about: Look closer's crop, or core/tiling.h's tiles (the global view last); empty:
// the image whole. A turn with marks is always whole: its marks are drawn on the whole image.
[[nodiscard]] std::vector<gc::Tile> tilesForRequest(const AskRequest &request, const QSize &imageSize, int inputSide);

// Asks `request` about each crop, a conversation of its own each: through `backend` on this thread and, for a
// backend that answers several at once (tileLanes), through more instances made by makeLane, each made, used and
// dropped on a thread of its own (a server backend's connections belong to the thread that made them).
// onProgress(done, total) after each crop, from any of those threads.
[[nodiscard]] TiledAskResult askTiled(const AskRequest &request, const std::vector<gc::Tile> &crops,
                                      ModelBackend &backend,
                                      const std::function<std::unique_ptr<ModelBackend>()> &makeLane,
                                      const ModelBackend::ShouldAbort &abort,
                                      const std::function<void(int done, int total)> &onProgress);
