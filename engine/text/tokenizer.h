#pragma once

// What an architecture's tokenizer offers the runtime. XlmrTokenizer (sentencepiece + fairseq offset,
// Kosmos-2) implements it today; a tokenizer.json byte-level BPE (BART/Florence-2, Qwen, LLaMA 3) or a
// LLaMA sentencepiece tokenizer is another implementation of the same interface, chosen by the
// architecture that needs it. Plain header.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gc::text {

class Tokenizer {
public:
    virtual ~Tokenizer() = default;
    // Text to ids, without the begin/end-of-sequence tokens; the model's added tokens ("<image>",
    // "<patch_index_0001>", ...) are matched whole.
    [[nodiscard]] virtual std::vector<int64_t> encode(std::string_view text) const = 0;
    [[nodiscard]] virtual std::string decode(const std::vector<int64_t> &ids, bool skipSpecial = true) const = 0;
    // The text of one id as it would appear in decode() after other tokens.
    [[nodiscard]] virtual std::string piece(int64_t id) const = 0;
    [[nodiscard]] virtual int64_t tokenId(const std::string &addedToken) const = 0; // -1 if not an added token
    [[nodiscard]] virtual int64_t vocabSize() const = 0;
    [[nodiscard]] virtual int64_t bosId() const = 0;
    [[nodiscard]] virtual int64_t padId() const = 0;
    [[nodiscard]] virtual int64_t eosId() const = 0;
    [[nodiscard]] virtual int64_t unkId() const = 0;
};

} // namespace gc::text
