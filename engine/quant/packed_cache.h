#pragma once

// Packed matrices kept on disk between loads, one file per checkpoint and format, so that only the first load
// in a small format quantises. The file is found by a key naming the checkpoint's files (path, size,
// modification time and a hash of their first MiB, where safetensors keeps its header), the format and the
// packing version: a changed checkpoint or packing gets a new file. Files are written whole under a temporary
// name and renamed, and read through a memory map; everything the header says is checked against the file's
// size before a matrix is handed out, so a damaged file is refused, never read out of bounds. Matrix bytes
// themselves need no check: any byte is a valid weight.

#include "quant/quantized_matrix.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gc::io {
class MappedFile;
}

namespace gc::quant {

// Bumped whenever packing gives other bytes for the same weights, so old cache files stop matching.
inline constexpr uint32_t kPackingVersion = 3; // 2: Q4 blocks with a scale and a minimum; 3: Q8 scales in bf16

// The key of a checkpoint's files in a format. Throws std::runtime_error when a file cannot be read.
[[nodiscard]] std::string packedCacheKey(const std::vector<std::string> &files, WeightFormat format);

class PackedCacheFile {
public:
    // The file for `key` in `dir`.
    [[nodiscard]] static std::string pathFor(const std::string &dir, const std::string &key);
    // The matrices of the file at `path` if it holds `key`; nullptr when there is no file. A file that is not
    // a whole, valid cache file for this key throws std::runtime_error saying what is wrong.
    [[nodiscard]] static std::shared_ptr<const PackedCacheFile> open(const std::string &path, const std::string &key,
                                                                     WeightFormat format);
    // Writes the matrices as the file for `key` (to path + a temporary suffix, then renamed over path).
    static void write(const std::string &path, const std::string &key, WeightFormat format,
                      const std::vector<std::pair<std::string, MatrixView>> &matrices);

    ~PackedCacheFile();
    [[nodiscard]] const std::map<std::string, MatrixView> &matrices() const { return m_matrices; }

private:
    PackedCacheFile() = default;
    std::unique_ptr<io::MappedFile> m_map;
    std::map<std::string, MatrixView> m_matrices;
};

// Removes the least recently used cache files of `dir` (by modification time: a file read is touched) until the
// rest take at most maxBytes, never `keep`. Returns the bytes removed.
uint64_t trimPackedCache(const std::string &dir, uint64_t maxBytes, const std::string &keep = {});
// Marks a cache file as just used, for trimPackedCache.
void touchPackedCacheFile(const std::string &path);

} // namespace gc::quant
