#pragma once

#include "core/grounded_text.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gc {

// How a family writes coordinates, for display and for the registry's capability listing.
enum class CoordSpace {
    Unit,          // 0..1 floats of the image
    PaddedSquare,  // 0..1 floats of the image padded to a square
    Scale100,      // integers 0..100
    Scale999,      // integers 0..999, divided by 999 (or 1000; see the dialect)
    Scale1000,     // integers 0..1000
    Bins1000,      // 1000 bins, bin centres (Florence-2)
    Bins1024,      // 1024 bins (PaliGemma)
    Patch32,       // Kosmos-2 32x32 cell indices
    Percent,       // 0..100 floats (Molmo)
    ResizedPixels, // absolute pixels of the resized model input (Qwen2.5-VL)
    None,          // no coordinates in text (mask heads, proposal indices)
};
[[nodiscard]] const char *coordSpaceName(CoordSpace s);

struct DialectCaps {
    bool boxIn = false;      // user boxes can be written into the prompt
    bool boxOut = false;     // answers carry boxes
    bool pointIn = false;
    bool pointOut = false;
    bool polygonOut = false; // polygons or OCR quads
    bool maskOut = false;    // phrases with mask slots (a segmentation head fills them)
    bool proposals = false;  // regions are indices into a proposal list
    bool needsInputSize = false; // absolute coordinates of the resized input frame
};

// One of the family's own task prompts ("[refer]", "<OD>", "Locate ... in JSON").
struct TaskPrompt {
    std::string id;        // stable id: "caption", "detect", "refer", "region", "grounded-caption", ...
    std::string token;     // the family's own task token when it has one ("<OD>", "[grounding]")
    std::string templ;     // prompt text; "{input}" is replaced by the user's text or region text
    bool needsRegion = false;
};

struct DialectInfo {
    std::string id;          // "kosmos2", "qwen2.5-vl", ...
    std::string displayName; // "Kosmos-2"
    std::string source;      // where the format was read (repo path@commit)
    CoordSpace space = CoordSpace::Unit;
    DialectCaps caps;
    std::vector<TaskPrompt> tasks;
};

struct DecodeOptions {
    SizeI imageSize;           // original image, when known
    SizeI inputSize;           // what the model saw (absolute-coordinate dialects); derived when empty
    std::string task;          // task token for families with per-task grammars ("<OD>")
    std::vector<Box> proposals; // Groma: unit boxes of the proposer, indexed by <rK>
    // The prompt the answer continues, for families whose answer is the continuation of the prompt's text
    // (Kosmos-2: a phrase may open in the prompt and close in the answer). The result is then what the
    // answer adds, from the start of the phrase or word it continues; regions of the prompt are left out.
    std::string prompt;
    // Streaming: the text may stop anywhere. A decoder must then report only regions whose tokens are
    // complete, nothing that the rest of the text could change, and hide a half-written trailing tag.
    bool partial = false;
};

// A region the user drew, to be written into a prompt. Coordinates in pixels of the original image.
struct PromptRegion {
    RegionKind kind = RegionKind::Box;
    Box box;
    PointF point;
    std::string label;
};

struct EncodeRequest {
    SizeI imageSize;
    SizeI inputSize;   // absolute-coordinate dialects; derived from imageSize when empty
    std::vector<PromptRegion> regions;
    std::string phrase; // the phrase the regions belong to, when the family links one
    std::string task;   // a TaskPrompt id; empty = just the region text
};

struct EncodeResult {
    bool ok = true;
    std::string text;   // the prompt text
    std::string error;  // why it failed (e.g. the family takes no points)
};

class Dialect {
public:
    virtual ~Dialect() = default;
    [[nodiscard]] virtual const DialectInfo &info() const = 0;
    // Never throws; malformed output stays text and gets a diagnostic. Coordinates come back normalised
    // (0..1 of the original image) unless the family writes pixels of an unknown frame.
    [[nodiscard]] virtual GroundedText decode(std::string_view raw, const DecodeOptions &options) const = 0;
    [[nodiscard]] virtual EncodeResult encode(const EncodeRequest &request) const = 0;
};

} // namespace gc
