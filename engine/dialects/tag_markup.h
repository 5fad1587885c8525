#pragma once

// The "phrase tag + coordinate tag" grammar several families share with different spellings:
// Qwen-VL <ref>/<box>, Qwen2-VL <|object_ref_start|>/<|box_start|>, InternVL <ref>/<box>[[..]],
// DeepSeek-VL2 <|ref|>/<|det|>. Only the tags, the number layout and the scale differ.

#include "dialect.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gc::dialects {

struct TagGrammar {
    std::string refOpen, refClose;
    std::string boxOpen, boxClose;
    std::string quadOpen, quadClose;    // empty when the family has no quad tags
    std::vector<std::string> strip;     // end-of-turn and mode tokens dropped from the text
    double sx = 1.0 / 1000, sy = 1.0 / 1000; // raw value * scale = unit coordinate
    bool clamp = true;                  // false when the frame is unknown and numbers pass through
    bool pointInBox = false;            // "(x,y)" alone inside the box tags is a point
};

// Never throws. Boxes attach to the phrase tag right before them (several boxes may follow one
// phrase); boxes with no phrase make entities with an empty phrase.
[[nodiscard]] GroundedText decodeTagMarkup(std::string_view raw, const DecodeOptions &options, const TagGrammar &g);

// Number groups of a coordinate payload such as "(1,2),(3,4)" or "[[1, 2, 3, 4], [5, 6, 7, 8]]":
// one vector per innermost bracket (or one for bare numbers). nullopt on any other character.
[[nodiscard]] std::optional<std::vector<std::vector<double>>> parseNumberGroups(std::string_view payload);

// Memoised std::string_view::find for a fixed needle over forward-moving queries, so that many
// unterminated open tags cost one scan instead of one scan each.
class ForwardFinder {
public:
    ForwardFinder(std::string_view hay, std::string needle) : m_hay(hay), m_needle(std::move(needle)) {}
    size_t find(size_t from);

private:
    std::string_view m_hay;
    std::string m_needle;
    size_t m_cached = 0;
    bool m_valid = false;
};

} // namespace gc::dialects
