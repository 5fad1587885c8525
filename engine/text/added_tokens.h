#pragma once

// Hugging Face "added tokens": strings matched whole in the text before any model sees it ("<s>",
// "<image>", "<loc_12>", ...), leftmost first and the longest at a position, as the reference's trie does.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gc::text {

struct AddedToken {
    std::string content;
    int64_t id = 0;
    bool lstrip = false; // swallows white space on its left
    bool rstrip = false; // swallows white space on its right
    bool special = false; // dropped when decoding with skipSpecial
};

class AddedTokens {
public:
    // In order; a content already present keeps its id and takes the new flags. One call per batch: the
    // index is rebuilt once per call.
    void add(const std::vector<AddedToken> &tokens);
    [[nodiscard]] const AddedToken *byId(int64_t id) const;
    [[nodiscard]] const AddedToken *byContent(std::string_view content) const;
    [[nodiscard]] int64_t maxId() const { return m_maxId; }
    [[nodiscard]] size_t size() const { return m_tokens.size(); }

    // One stretch of the text: plain text (token == nullptr) or one added token.
    struct Part {
        std::string_view text;
        const AddedToken *token = nullptr;
    };
    // Cuts `text` at the added tokens; lstrip/rstrip tokens take the white space beside them (Unicode
    // White_Space) out of the neighbouring text. Empty text parts are left out.
    [[nodiscard]] std::vector<Part> split(std::string_view text) const;

private:
    // Length of the longest token matching at `pos`, its index in m_tokens through *index; 0 if none.
    size_t longestAt(std::string_view text, size_t pos, size_t *index) const;

    std::vector<AddedToken> m_tokens;
    std::vector<size_t> m_sorted; // indices into m_tokens, by content (bytewise)
    std::unordered_map<int64_t, size_t> m_byId;
    std::unordered_map<std::string, size_t> m_byContent;
    int64_t m_maxId = -1;
};

} // namespace gc::text
