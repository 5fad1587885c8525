#pragma once

// A whole file mapped read-only into memory: the checkpoint readers hand out views into it instead of
// copying tensors.

#include <cstddef>
#include <cstdint>
#include <string>

namespace gc::io {

class MappedFile {
public:
    // Throws MissingFileError when the file is not there, FormatError when it cannot be mapped.
    explicit MappedFile(const std::string &path);
    ~MappedFile();
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;
    [[nodiscard]] const uint8_t *data() const { return m_data; }
    [[nodiscard]] size_t size() const { return m_size; }
    [[nodiscard]] const std::string &path() const { return m_path; }

private:
    std::string m_path;
    const uint8_t *m_data = nullptr;
    size_t m_size = 0;
};

} // namespace gc::io
