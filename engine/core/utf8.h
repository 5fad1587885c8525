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
// The code point at s[i] (i < s.size()) and its byte length; an invalid byte reads as kInvalid, length 1.
constexpr char32_t kInvalid = 0xFFFFFFFF;
[[nodiscard]] size_t decodeAt(std::string_view s, size_t i, char32_t *cp);
// Appends the UTF-8 form of a valid code point.
void append(std::string &out, char32_t cp);
[[nodiscard]] bool isSpace(char c);
[[nodiscard]] std::string_view trim(std::string_view s);

} // namespace gc::utf8
