#pragma once

// The Unicode classes that byte-level BPE pre-tokenizer patterns are written in (\p{L}, \p{N}, \s), so the
// patterns can be matched by hand without a regex engine. Tables: unicode_classes_data.inc.

namespace gc::text::unicode {

[[nodiscard]] bool isLetter(char32_t cp); // \p{L}
[[nodiscard]] bool isNumber(char32_t cp); // \p{N}
[[nodiscard]] bool isWhiteSpace(char32_t cp); // \s (White_Space)

} // namespace gc::text::unicode
