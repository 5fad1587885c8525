#pragma once

// Byte-level BPE (GPT-2, RoBERTa, BART/Florence-2; Qwen2 and LLaMA 3 with their own pre-tokenizer): added
// tokens are split out first, the text between them is pre-tokenized into words, each word is written in
// the byte-level alphabet and merged by rank. Files are read by text/bpe_files.h. Plain C++.

#include "text/added_tokens.h"
#include "text/pretokenize.h"
#include "text/tokenizer.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gc::text {

class BpeModel;

// Everything a byte-level BPE tokenizer is made of, as read from its files.
struct BpeSpec {
    std::vector<std::pair<std::string, int64_t>> vocab; // byte-level strings
    std::vector<std::pair<std::string, std::string>> merges; // in rank order
    std::vector<AddedToken> added; // in the files' order
    PreTokenizer preTokenizer = PreTokenizer::Gpt2;
    bool addPrefixSpace = false; // a space before each stretch of text that does not start with one
    bool ignoreMerges = false; // a word that is a vocabulary entry is taken whole (LLaMA 3)
    bool nfc = false;          // the text is put in Unicode NFC first (Qwen2)
    // Token contents of the roles; empty when the tokenizer has none.
    std::string bos, eos, pad, unk;
    // The reference's decode() ends with clean_up_tokenization (" ." → "." ...) unless the tokenizer's
    // config turns it off; transformers 4.41, which the references run, defaults it on.
    bool cleanUpSpaces = true;
};

class BpeTokenizer final : public Tokenizer {
public:
    // Throws io::FormatError, prefixed by `source`, for an inconsistent spec.
    BpeTokenizer(BpeSpec spec, const std::string &source);
    ~BpeTokenizer() override;
    BpeTokenizer(BpeTokenizer &&) noexcept;
    BpeTokenizer &operator=(BpeTokenizer &&) noexcept;

    // Text to ids, without BOS/EOS (add_special_tokens=False). Never throws: any bytes encode (invalid
    // UTF-8 is tokenized byte by byte).
    [[nodiscard]] std::vector<int64_t> encode(std::string_view text) const override;
    // The reference's decode(ids, skip_special_tokens=skipSpecial): ids it does not know are left out,
    // bytes that are not UTF-8 become U+FFFD, and the clean-up runs when cleansUpSpaces().
    [[nodiscard]] std::string decode(const std::vector<int64_t> &ids, bool skipSpecial = true) const override;
    // The bytes of one id (possibly part of a UTF-8 sequence); "" for an unknown id.
    [[nodiscard]] std::string piece(int64_t id) const override;
    [[nodiscard]] int64_t tokenId(const std::string &addedToken) const override;
    [[nodiscard]] int64_t vocabSize() const override;
    [[nodiscard]] int64_t bosId() const override { return m_bos; }
    [[nodiscard]] int64_t padId() const override { return m_pad; }
    [[nodiscard]] int64_t eosId() const override { return m_eos; }
    [[nodiscard]] int64_t unkId() const override { return m_unk; }

    // transformers' add_special_tokens / add_tokens, in order: a string the tokenizer already knows (as an
    // added token or a vocabulary entry) keeps its id and becomes an added token with these flags; a new
    // one takes the next id (vocabSize()).
    void addTokens(const std::vector<std::string> &contents, bool special);
    [[nodiscard]] bool cleansUpSpaces() const { return m_cleanUp; }
    // The id of a vocabulary entry or added token, in the byte-level alphabet for the former; -1 if none.
    [[nodiscard]] int64_t idOf(const std::string &token) const;

private:
    std::unique_ptr<BpeModel> m_model;
    AddedTokens m_added;
    PreTokenizer m_pre = PreTokenizer::Gpt2;
    bool m_prefixSpace = false;
    bool m_cleanUp = true;
    bool m_nfc = false;
    int64_t m_bos = -1, m_eos = -1, m_pad = -1, m_unk = -1;
};

// transformers' clean_up_tokenization: " ." → ".", " ?" → "?", " !" → "!", " ," → ",", " ' " → "'",
// " n't" → "n't", " 'm" → "'m", " 's" → "'s", " 've" → "'ve", " 're" → "'re", in that order.
[[nodiscard]] std::string cleanUpTokenizationSpaces(std::string text);

} // namespace gc::text
