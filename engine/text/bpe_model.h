#pragma once

// The BPE model proper: a vocabulary of byte-level strings, merges by rank, and the merge loop over one
// pre-tokenized word, with a cache of words already seen. It knows nothing of added tokens or files.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gc::text {

class BpeModel {
public:
    // `merges` in rank order (rank 0 first). Throws io::FormatError (prefixed by `source`) when an id is
    // negative or used twice, a merge names a token that is not in the vocabulary or makes one that is
    // not, or a byte of the alphabet is missing and there is no `unk` to stand in for it.
    BpeModel(std::vector<std::pair<std::string, int64_t>> vocab,
             const std::vector<std::pair<std::string, std::string>> &merges, const std::string &unk, bool ignoreMerges,
             const std::string &source);
    ~BpeModel();
    BpeModel(BpeModel &&) noexcept;
    BpeModel &operator=(BpeModel &&) noexcept;

    // Appends the ids of one word, given as raw bytes (not yet in the byte-level alphabet).
    void encodeWord(std::string_view word, std::vector<int64_t> &out) const;
    // The vocabulary string of an id (byte-level alphabet), or nullptr.
    [[nodiscard]] const std::string *token(int64_t id) const;
    // -1 when absent.
    [[nodiscard]] int64_t id(const std::string &token) const;
    [[nodiscard]] int64_t maxId() const;
    [[nodiscard]] size_t size() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace gc::text
