#pragma once

// XLM-RoBERTa style tokenizer (sentencepiece BPE + fairseq id offset) with Hugging Face "added tokens",
// as used by Kosmos-2: <image>, <phrase>, <object>, <patch_index_NNNN>, ... Plain header, no
// sentencepiece types in it.

#include "io/model_folder.h"
#include "text/added_tokens.h"
#include "text/tokenizer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gc::text {

class XlmrTokenizer final : public Tokenizer {
public:
    XlmrTokenizer();
    ~XlmrTokenizer() override;
    XlmrTokenizer(XlmrTokenizer &&) noexcept;
    XlmrTokenizer &operator=(XlmrTokenizer &&) noexcept;

    // Loads the sentencepiece model and the added tokens (tokenizer_config.json's added_tokens_decoder,
    // else added_tokens.json, else Kosmos-2's documented layout). Throws io::FormatError.
    static XlmrTokenizer fromFolder(const io::ModelFolder &folder);

    // Text to ids, without <s>/</s>: added tokens are matched first, the text between them goes through
    // sentencepiece. Matches the reference's slow tokenizer with add_special_tokens=False.
    [[nodiscard]] std::vector<int64_t> encode(std::string_view text) const override;
    [[nodiscard]] std::string decode(const std::vector<int64_t> &ids, bool skipSpecial = true) const override;
    // The text of one id as it would appear in decode() after other tokens (no leading-space strip).
    [[nodiscard]] std::string piece(int64_t id) const override;
    [[nodiscard]] int64_t tokenId(const std::string &addedToken) const override;
    [[nodiscard]] int64_t vocabSize() const override;
    [[nodiscard]] int64_t bosId() const override { return 0; }
    [[nodiscard]] int64_t padId() const override { return 1; }
    [[nodiscard]] int64_t eosId() const override { return 2; }
    [[nodiscard]] int64_t unkId() const override { return 3; }

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace gc::text
