#pragma once

// GPT-2's byte-level alphabet: every byte is written as one printable code point (space → "Ġ", newline →
// "Ċ", ...), so a byte-level BPE vocabulary spells arbitrary bytes as text.

#include <string>
#include <string_view>

namespace gc::text::byte_level {

// The bytes of `raw` in the byte-level alphabet, as UTF-8.
[[nodiscard]] std::string encode(std::string_view raw);
// The byte-level code point of one byte.
[[nodiscard]] char32_t charOf(unsigned char byte);
// Back to bytes: false (and `out` untouched) when some code point of `token` is not in the alphabet, as
// the reference's ByteLevel decoder, which then keeps the token's own UTF-8.
[[nodiscard]] bool decode(std::string_view token, std::string &out);

} // namespace gc::text::byte_level
