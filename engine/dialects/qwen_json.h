#pragma once

// JSON grounding answers: a list of objects, each with a box (bbox_2d / box_2d) or a point
// (point_2d / point) and a label, as Qwen2.5-VL, Qwen3-VL and Gemini write them.

#include "dialect.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gc::dialects {

struct JsonGroundingStyle {
    std::vector<std::string> boxKeys{"bbox_2d"};
    std::vector<std::string> pointKeys{"point_2d"};
    bool yFirst = false;        // Gemini: [ymin, xmin, ymax, xmax] and [y, x]
    double sx = 1.0 / 1000, sy = 1.0 / 1000; // raw value * scale = unit coordinate
    bool clamp = true;          // false: the frame is unknown, numbers pass through unchanged
};

// nullopt when the text holds no JSON array/object at all, so the caller can try its other forms.
// The clean text is the prose around the JSON with the labels, joined by ", ", in its place; each
// entity's span is its label there. Keys other than the coordinates and the phrase go to attributes.
[[nodiscard]] std::optional<GroundedText> decodeJsonGrounding(std::string_view raw, const DecodeOptions &options,
                                                              const JsonGroundingStyle &style);

// decodeJsonGrounding, or the text as it is when it holds no JSON.
[[nodiscard]] GroundedText decodeJsonOrText(std::string_view raw, const DecodeOptions &options,
                                            const JsonGroundingStyle &style);

// User regions as JSON objects in `style`'s first box/point key and axis order, on a 0..1000 grid, with
// the phrase as an escaped "label": the relative-coordinate families (Qwen3-VL, Gemini).
[[nodiscard]] EncodeResult encodeJsonRegions(const DialectInfo &info, const EncodeRequest &req,
                                             const JsonGroundingStyle &style);

// The phrase of a JSON object: "label", else a name-like key, English preferred ("name_en").
// Returns the key used (empty when none).
[[nodiscard]] std::string phraseKeyOf(const std::vector<std::string> &keys);

} // namespace gc::dialects
