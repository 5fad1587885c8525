#pragma once

// Writing safetensors files in tests: damaged copies of a fixture, or its tensors in another dtype.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace golden {

struct TensorEntry {
    std::string name;
    std::vector<int64_t> shape;
    std::string bytes;
    std::string dtype = "F32";
};

inline void writeSafetensors(const std::filesystem::path &path, const std::vector<TensorEntry> &entries)
{
    nlohmann::json h = nlohmann::json::object();
    h["__metadata__"] = {{"format", "pt"}};
    size_t off = 0;
    for (const TensorEntry &e : entries) {
        h[e.name] = {{"dtype", e.dtype}, {"shape", e.shape}, {"data_offsets", {off, off + e.bytes.size()}}};
        off += e.bytes.size();
    }
    std::string hs = h.dump();
    hs.append((8 - hs.size() % 8) % 8, ' ');
    std::ofstream out(path, std::ios::binary);
    const uint64_t n = hs.size();
    out.write(reinterpret_cast<const char *>(&n), 8);
    out << hs;
    for (const TensorEntry &e : entries)
        out << e.bytes;
}

} // namespace golden
