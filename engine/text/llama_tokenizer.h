#pragma once

// The LLaMA sentencepiece tokenizer as transformers' slow LlamaTokenizer runs it (Vicuna, LLaVA-1.5 and the
// LLaVA-architecture grounders): byte fallback, the added tokens of the snapshot ("<image>", "<pad>"), and
// both `legacy` behaviours: legacy=False (add_prefix_space, the model without its dummy prefix, text after an
// added token not given a "▁") and the legacy one (each stretch of text encoded on its own with the model's
// dummy prefix). Plain header, no sentencepiece types in it.

#include "io/model_folder.h"
#include "text/tokenizer.h"

#include <memory>

namespace gc::text {

class LlamaTokenizer final : public Tokenizer {
public:
    LlamaTokenizer();
    ~LlamaTokenizer() override;
    LlamaTokenizer(LlamaTokenizer &&) noexcept;
    LlamaTokenizer &operator=(LlamaTokenizer &&) noexcept;

    // tokenizer.model, tokenizer_config.json (legacy, add_prefix_space, added_tokens_decoder), added_tokens.json
    // and special_tokens_map.json of the folder (top level or processor/). Throws io::FormatError.
    static LlamaTokenizer fromFolder(const io::ModelFolder &folder);

    // The text as the start of a sequence (what the reference's tokenizer gets), without <s>.
    [[nodiscard]] std::vector<int64_t> encode(std::string_view text) const override;
    // The text as it continues a sequence right after an added token ("</s>"), which the reference tokenizes
    // in the same call: no prefix space is added.
    [[nodiscard]] std::vector<int64_t> encodeContinuation(std::string_view text) const;
    [[nodiscard]] std::string decode(const std::vector<int64_t> &ids, bool skipSpecial = true) const override;
    [[nodiscard]] std::string piece(int64_t id) const override;
    [[nodiscard]] int64_t tokenId(const std::string &addedToken) const override;
    [[nodiscard]] int64_t vocabSize() const override;
    [[nodiscard]] int64_t bosId() const override;
    [[nodiscard]] int64_t padId() const override;
    [[nodiscard]] int64_t eosId() const override;
    [[nodiscard]] int64_t unkId() const override;
    [[nodiscard]] bool addsBos() const;

private:
    [[nodiscard]] std::vector<int64_t> encodeText(std::string_view text, bool atStart) const;
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace gc::text
