#pragma once

// The phrases of an answer worth a box, for a grounding expert that is given plain text (a server model's answer
// without regions): noun phrases led by an article, a number or a possessive ("a red circle", "two blue squares",
// "the man's hat"), found by closed word lists, not by a parser. English only. Plain C++.

#include "core/grounded_text.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gc::expert {

struct PhraseSpan {
    std::string text; // as written in the answer
    Span span;        // code points of the answer
};

// The answer's noun phrases in order, at most `limit`; phrases that name no object (the image, the left, a lot)
// are left out.
[[nodiscard]] std::vector<PhraseSpan> nounPhrases(std::string_view answer, size_t limit = 16);

// The words of a phrase that say what it is (lower case, a plural's "s" dropped): "Two Blue Squares" ->
// {"blue", "square"}. Determiners, numbers and function words are not among them.
[[nodiscard]] std::set<std::string> contentWords(std::string_view phrase);

// How many objects a phrase names: 1 for a singular one ("a red circle", "the square"), the number it says ("two
// blue squares", "both circles": 2, "3 cats": 3), or 0 for all there are: a plural without a number ("the blue
// squares", "all circles", "some cats").
[[nodiscard]] int objectCount(std::string_view phrase);

// The share of `phrase`'s content words that `description` has too (0..1; 0 when the phrase has none).
[[nodiscard]] double wordAgreement(std::string_view phrase, std::string_view description);

} // namespace gc::expert
