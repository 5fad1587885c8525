#pragma once

// A sentencepiece model, through the dlopen'ed shim (spm_shim.h says why): the one sentencepiece wrapper of
// every tokenizer that uses one (XLM-R for Kosmos-2, LLaMA for the LLaVA family). Plain header.

#include <string>
#include <vector>

namespace gc::text {

class SpmModel {
public:
    SpmModel() = default;
    SpmModel(const SpmModel &) = delete;
    SpmModel &operator=(const SpmModel &) = delete;
    ~SpmModel();
    // Throws io::FormatError. dummyPrefix: 1 or 0 overrides the model's add_dummy_prefix, -1 keeps it.
    void load(const std::string &path, int dummyPrefix = -1);
    [[nodiscard]] int size() const { return m_size; }
    [[nodiscard]] int unk() const { return m_unk; }
    [[nodiscard]] std::vector<int> encode(const std::string &text) const;
    // The piece as stored ("▁the", "<0x0A>"); empty for an id out of range.
    [[nodiscard]] std::string piece(int id) const;

private:
    void *m_h = nullptr;
    int m_size = 0, m_unk = 0;
};

// U+2581, sentencepiece's word boundary, written as the space it stands for.
[[nodiscard]] std::string metaspaceToSpace(const std::string &piece);

} // namespace gc::text
