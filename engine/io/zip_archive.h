#pragma once

// The entries of a zip archive in memory, for archives whose entries are stored uncompressed, as
// torch.save writes them: an entry is a view into the archive, nothing is inflated or copied. Zip64
// archives (checkpoints over 4 GiB) are read too. Plain C++, no zip library.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace gc::io {

struct ZipEntry {
    const uint8_t *data = nullptr; // inside the archive
    size_t size = 0;
};

[[nodiscard]] bool looksLikeZip(const uint8_t *data, size_t size);

// Every entry by name. Throws FormatError, prefixed with `name`, when the archive is truncated or
// damaged, when an entry's bytes lie outside it, or when an entry is compressed or encrypted.
[[nodiscard]] std::map<std::string, ZipEntry> readStoredZip(const uint8_t *data, size_t size, const std::string &name);

} // namespace gc::io
