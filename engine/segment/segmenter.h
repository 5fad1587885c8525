#pragma once

// Boxes and points become masks. This is the header the app and the CLI call: plain C++, no OpenCV or
// libtorch types, and no exception crosses it (failures come back in SegmentResult::error).
//
// Threading: a Segmenter keeps per-image state (the image, the cached embeddings), so one instance
// belongs to one thread at a time (the engine worker). Different instances may run in parallel.

#include "core/geometry.h"
#include "core/rle.h"
#include "io/image_loader.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gc::seg {

struct PointPrompt {
    PointF point;         // image pixels
    bool positive = true; // false: "not this"
};

// What the user gave for one object. SAM-family models take at most one box per mask, so one
// object = one box; "masks for answer" calls segment() once per box.
struct Prompts {
    std::optional<Box> box; // image pixels, any corner order
    std::vector<PointPrompt> points;
    [[nodiscard]] bool empty() const { return !box && points.empty(); }
};

struct MaskCandidate {
    Mask mask;         // image size, 0/1
    double score = 0;  // the model's predicted IoU; for GrabCut a heuristic in [0,1] (see grabcut.h)
};

struct SegmentResult {
    std::string error;                 // empty on success
    std::vector<MaskCandidate> masks;  // best first; at least one on success
    bool embeddingCached = false;      // the image embedding came from the cache (no encoder run)
    double encodeMs = 0;               // encoder time of this call (0 when cached or not a model)
    double decodeMs = 0;               // decoder / GrabCut time of this call
    [[nodiscard]] bool ok() const { return error.empty(); }
    [[nodiscard]] const MaskCandidate *best() const { return masks.empty() ? nullptr : &masks.front(); }
};

struct SegmenterStats {
    int64_t encoderCalls = 0; // image embeddings computed (cache misses)
    int64_t decoderCalls = 0; // prompt -> mask runs
    int64_t cacheHits = 0;
};

class Segmenter {
public:
    virtual ~Segmenter() = default;
    [[nodiscard]] virtual std::string name() const = 0;
    // Makes `image` current. Cheap when it is the same image as before (content hash); models compute
    // the embedding here, once per image, so the first click after it costs only the decoder.
    virtual std::string setImage(const io::RgbImage &image) = 0;
    // Masks for `prompts` on the current image. Prompt coordinates are clamped into the image.
    virtual SegmentResult segment(const Prompts &prompts) = 0;
    [[nodiscard]] virtual SegmenterStats stats() const = 0;
    // Drops cached embeddings (e.g. when memory is tight).
    virtual void clearCache() = 0;

    // setImage + segment, for one-shot callers.
    SegmentResult segment(const io::RgbImage &image, const Prompts &prompts);
};

// Checks that the image is non-empty and its buffer matches its size; returns an error message or "".
[[nodiscard]] std::string validateImage(const io::RgbImage &image);

} // namespace gc::seg
