#pragma once

// Reading a byte-level BPE tokenizer from a Hugging Face snapshot: tokenizer.json (model BPE, ByteLevel
// pre-tokenizer, added_tokens), or the slow tokenizer's vocab.json + merges.txt with added_tokens.json,
// special_tokens_map.json and tokenizer_config.json. Every size is bounded and every inconsistency is an
// io::FormatError naming the file, before anything is built from it.

#include "text/bpe_tokenizer.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace gc::text {

// The folder holding the tokenizer files: `dir` itself (a snapshot) or `dir`/processor (the fixtures);
// tokenizer.json is preferred, as the reference's fast tokenizer prefers it. Throws io::MissingFileError
// when neither form is there.
[[nodiscard]] BpeTokenizer loadBpeTokenizer(const std::string &dir);

// The same from memory. `source` prefixes error messages. Any of the JSON values may be null (absent).
[[nodiscard]] BpeSpec parseTokenizerJson(const nlohmann::json &tokenizer, const nlohmann::json &tokenizerConfig,
                                         const nlohmann::json &specialTokensMap, const std::string &source);
[[nodiscard]] BpeSpec parseVocabMerges(const nlohmann::json &vocab, std::string_view merges,
                                       const nlohmann::json &addedTokens, const nlohmann::json &tokenizerConfig,
                                       const nlohmann::json &specialTokensMap, const std::string &source);
// The added tokens a slow tokenizer's files name: tokenizer_config.json's added_tokens_decoder (with the flags),
// then those of added_tokens.json (ids only) it does not list. Either may be null.
[[nodiscard]] std::vector<AddedToken> readAddedTokens(const nlohmann::json &addedTokens,
                                                      const nlohmann::json &tokenizerConfig, const std::string &source);
// JSON text with a bound on nesting depth (a hostile file could nest deeply); throws io::FormatError.
[[nodiscard]] nlohmann::json parseTokenizerFileJson(std::string_view text, const std::string &source);

} // namespace gc::text
