#pragma once

// One answer made of the answers about several crops of an image (core/tiling.h): each crop's answer is
// decoded in the crop's own frame, its regions mapped into the image and merged, and the result written back
// in the model's dialect, in the image's frame, so that it reads, shows, saves and goes back to the model as
// any answer of that model does.

#include "core/tiling.h"
#include "dialect.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gc {

// The tasks whose answers list the image's objects, where looking at tiles finds more of them: what "Auto"
// tiles. A referring question's answer is one object, which every tile would claim to see.
[[nodiscard]] bool taskListsObjects(const std::string &taskId);
// How a task's tile answers merge: non-maximum suppression for detection, else same phrase + overlap.
[[nodiscard]] TileMerge mergeFor(const std::string &taskId);

// The merged answer as its dialect reads it back (`decoded`, pixels of the image) with each region's geometry
// from `merged`: a family that writes coordinates on a coarse grid (Kosmos-2: 1/32 of the image) would
// otherwise lose what the crops saw finer. False, leaving `decoded` as it was, when the two do not have the
// same entities and regions.
bool keepMergedGeometry(GroundedText &decoded, const std::vector<Entity> &merged);

class TiledAnswer {
public:
    // The size a crop of the given size is seen at by the model (absolute-coordinate dialects); empty: derived.
    using InputFrame = std::function<SizeI(SizeI crop)>;

    // `options`: the turn's prompt and task token; its sizes are set per crop. `crops` in pixels of the image.
    TiledAnswer(const Dialect &dialect, SizeI image, std::vector<Tile> crops, TileMerge how, DecodeOptions options,
                InputFrame frame = {});

    [[nodiscard]] const std::vector<Tile> &crops() const { return m_crops; }
    // The answer about crop `index`, as the model wrote it (the text that follows the prompt).
    void add(size_t index, std::string_view answer);
    [[nodiscard]] size_t answered() const { return m_answered; }
    // The merged regions, in pixels of the image, one entity per phrase.
    [[nodiscard]] std::vector<Entity> merged() const;
    // The merged answer in the dialect, about the whole image (decoded with the turn's prompt and task and the
    // image's size, it gives merged()); nullopt when the dialect cannot write it so (its prompt markup is not
    // what its answers are read in). With nothing found: the global view's answer as it was.
    [[nodiscard]] std::optional<std::string> text() const;

private:
    [[nodiscard]] DecodeOptions optionsFor(SizeI size) const;

    const Dialect &m_dialect;
    SizeI m_image;
    std::vector<Tile> m_crops;
    TileMerge m_how;
    DecodeOptions m_options;
    InputFrame m_frame;
    std::vector<TileFinding> m_findings;
    std::string m_globalAnswer;
    size_t m_answered = 0;
};

} // namespace gc
