#pragma once

// JSON as language models write it: inside ```json fences, between prose, with Python literals
// (single quotes, True/False/None, tuples), trailing commas, or cut off by the token limit.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace gc::dialects {

struct LenientJson {
    bool ok = false;
    nlohmann::json value;  // the first JSON array/object found (after repair)
    size_t begin = 0;      // byte range of the raw text it came from, fences included
    size_t end = 0;
    bool truncated = false; // the text stopped inside the value; only its complete elements were kept
    bool repaired = false;  // Python literals, stray commas or similar had to be rewritten
};

// Finds and parses the first array or object in `text`. Never throws. Nesting deeper than
// `maxDepth` is rejected so that neither this parser nor a walker of the result can run away.
[[nodiscard]] LenientJson parseLenientJson(std::string_view text, size_t maxDepth = 32);

// The byte range of a ```json (or bare ```) fence body in text; npos begin when there is none.
// `fenceBegin`/`fenceEnd` include the fence markers (fenceEnd = text.size() when it was never closed).
struct FenceRange {
    size_t fenceBegin = std::string_view::npos;
    size_t bodyBegin = 0;
    size_t bodyEnd = 0;
    size_t fenceEnd = 0;
};
[[nodiscard]] FenceRange findCodeFence(std::string_view text);

} // namespace gc::dialects
