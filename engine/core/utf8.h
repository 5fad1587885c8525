#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gc::utf8 {

// Number of code points in s (invalid bytes count as one each), i.e. Python's len(str).
[[nodiscard]] size_t length(std::string_view s);
// Replaces invalid UTF-8 sequences with U+FFFD so the text can always be shown and written as JSON.
[[nodiscard]] std::string sanitize(std::string_view s);
// Length of a possibly incomplete UTF-8 sequence at the end of s (0 when s ends on a boundary).
[[nodiscard]] size_t incompleteTail(std::string_view s);
[[nodiscard]] bool isSpace(char c);
[[nodiscard]] std::string_view trim(std::string_view s);

} // namespace gc::utf8
