#pragma once

// Pre-tokenizers: the text between added tokens is cut into words before BPE, each word merged on its own.
// Each pattern is matched by hand over the Unicode classes (no regex engine), exactly as the reference's
// regex engine matches it: leftmost alternative first, greedy runs, with the lookahead written out.

#include <string_view>
#include <vector>

namespace gc::text {

enum class PreTokenizer {
    // GPT-2 / RoBERTa / BART:
    //   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    Gpt2,
    // Qwen2 / Qwen2.5:
    //   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
    Qwen2,
};

// The pattern of a tokenizer.json Split pre-tokenizer, when it is one of the above.
[[nodiscard]] bool preTokenizerOfPattern(std::string_view regex, PreTokenizer *kind);

// The words of `text`, in order; together they cover `text` exactly.
[[nodiscard]] std::vector<std::string_view> preTokenize(PreTokenizer kind, std::string_view text);

} // namespace gc::text
