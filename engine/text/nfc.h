#pragma once

// Unicode normalization form C, as the Qwen2 tokenizers apply it before anything else (Python's
// unicodedata.normalize("NFC", text); tokenizers' NFC normalizer). ICU does the work. Plain C++.

#include <string>
#include <string_view>

namespace gc::text {

// `utf8` in NFC. Text that is not valid UTF-8 comes back unchanged (the reference never sees such text; the
// tokenizer then encodes its bytes as they are).
[[nodiscard]] std::string nfc(std::string_view utf8);

} // namespace gc::text
