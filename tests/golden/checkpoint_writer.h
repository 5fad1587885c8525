#pragma once

// Writes float32 state dicts as checkpoints the way the Hugging Face tools shard them: safetensors shards with
// model.safetensors.index.json, or torch.save zip archives (stored entries, data aligned to 64 bytes, a protocol 2
// pickle of {name: _rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())}) with
// pytorch_model.bin.index.json. For tests that need a checkpoint under other names or in another format.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace golden {

struct NamedTensor {
    std::string name;
    std::vector<int64_t> shape;
    std::string bytes; // little-endian float32
};

enum class CheckpointFormat { Safetensors, TorchBin };

namespace detail {

// `bytes` little-endian bytes of v (zeros past its 8)
inline void putLe(std::string &out, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(i < 8 ? static_cast<char>((v >> (8 * i)) & 0xff) : '\0');
}

inline uint32_t crc32(const std::string &data)
{
    uint32_t c = 0xffffffffu;
    for (unsigned char b : data) {
        c ^= b;
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return ~c;
}

inline void writeSafetensors(const std::filesystem::path &path, const std::vector<NamedTensor> &tensors)
{
    nlohmann::json h = {{"__metadata__", {{"format", "pt"}}}};
    std::string data;
    for (const NamedTensor &t : tensors) {
        h[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {data.size(), data.size() + t.bytes.size()}}};
        data += t.bytes;
    }
    std::string hs = h.dump();
    hs.append((8 - hs.size() % 8) % 8, ' ');
    std::string out;
    putLe(out, hs.size(), 8);
    std::ofstream(path, std::ios::binary) << out << hs << data;
}

inline std::string pickleStateDict(const std::vector<NamedTensor> &tensors)
{
    std::string p = "\x80\x02}(";
    auto str = [&](const std::string &s) {
        p += 'X';
        putLe(p, s.size(), 4);
        p += s;
    };
    auto integer = [&](int64_t v) {
        p += 'J';
        putLe(p, static_cast<uint64_t>(v), 4);
    };
    for (size_t i = 0; i < tensors.size(); ++i) {
        const NamedTensor &t = tensors[i];
        int64_t numel = 1;
        for (int64_t d : t.shape)
            numel *= d;
        str(t.name);
        p += "ctorch._utils\n_rebuild_tensor_v2\n(";
        p += "(";
        str("storage");
        p += "ctorch\nFloatStorage\n";
        str(std::to_string(i));
        str("cpu");
        integer(numel);
        p += "tQ";
        integer(0);
        p += '(';
        for (int64_t d : t.shape)
            integer(d);
        p += "t(";
        int64_t stride = numel;
        for (int64_t d : t.shape)
            integer(stride /= d);
        p += "t\x89";
        p += "ccollections\nOrderedDict\n)R";
        p += "tR";
    }
    p += "u.";
    return p;
}

inline void writeTorchBin(const std::filesystem::path &path, const std::vector<NamedTensor> &tensors)
{
    std::vector<std::pair<std::string, std::string>> entries{{"archive/data.pkl", pickleStateDict(tensors)},
                                                             {"archive/byteorder", "little"}};
    for (size_t i = 0; i < tensors.size(); ++i)
        entries.emplace_back("archive/data/" + std::to_string(i), tensors[i].bytes);
    entries.emplace_back("archive/version", "3\n");
    std::string out, central;
    for (const auto &[name, data] : entries) {
        const uint64_t offset = out.size();
        // an extra field pads the header so that the data starts on a 64-byte boundary, as torch.save aligns it
        size_t pad = (64 - (offset + 30 + name.size() + 4) % 64) % 64 + 4;
        // the fields the local header and the central directory share: version needed, flags, method (stored),
        // time and date, crc, sizes, the name's length
        const auto shared = [&, crc = crc32(data)](std::string &h) {
            putLe(h, 20, 2);
            putLe(h, 0, 2 + 2 + 4);
            putLe(h, crc, 4);
            putLe(h, data.size(), 4);
            putLe(h, data.size(), 4);
            putLe(h, name.size(), 2);
        };
        std::string header;
        putLe(header, 0x04034b50, 4);
        shared(header);
        putLe(header, pad, 2);
        header += name;
        putLe(header, 0x4246, 2);
        putLe(header, pad - 4, 2);
        header.append(pad - 4, 'Z');
        out += header + data;
        putLe(central, 0x02014b50, 4);
        putLe(central, 20, 2); // made by
        shared(central);
        putLe(central, 0, 2 + 2 + 2 + 2 + 4); // extra, comment, disk, attributes
        putLe(central, offset, 4);
        central += name;
    }
    const uint64_t dirOffset = out.size();
    out += central;
    putLe(out, 0x06054b50, 4);
    putLe(out, 0, 2);
    putLe(out, 0, 2);
    putLe(out, entries.size(), 2);
    putLe(out, entries.size(), 2);
    putLe(out, central.size(), 4);
    putLe(out, dirOffset, 4);
    putLe(out, 0, 2);
    std::ofstream(path, std::ios::binary) << out;
}

} // namespace detail

// `tensors` in two shards in `dir`, with the index that names each tensor's shard.
inline void writeShardedCheckpoint(const std::filesystem::path &dir, const std::vector<NamedTensor> &tensors,
                                   CheckpointFormat format)
{
    const bool bin = format == CheckpointFormat::TorchBin;
    const std::string stem = bin ? "pytorch_model" : "model", ext = bin ? ".bin" : ".safetensors";
    const size_t half = tensors.size() / 2;
    nlohmann::json index = {{"metadata", {{"total_size", 0}}}, {"weight_map", nlohmann::json::object()}};
    size_t total = 0;
    for (int s = 0; s < 2; ++s) {
        const std::vector<NamedTensor> shard(tensors.begin() + (s ? static_cast<long>(half) : 0),
                                             s ? tensors.end() : tensors.begin() + static_cast<long>(half));
        const std::string file = stem + "-0000" + std::to_string(s + 1) + "-of-00002" + ext;
        for (const NamedTensor &t : shard) {
            index["weight_map"][t.name] = file;
            total += t.bytes.size();
        }
        if (bin)
            detail::writeTorchBin(dir / file, shard);
        else
            detail::writeSafetensors(dir / file, shard);
    }
    index["metadata"]["total_size"] = total;
    std::ofstream(dir / (stem + ext + ".index.json")) << index.dump(1);
}

// One file (model.safetensors), for a checkpoint that needs no index.
inline void writeSafetensorsFile(const std::filesystem::path &path, const std::vector<NamedTensor> &tensors)
{
    detail::writeSafetensors(path, tensors);
}

} // namespace golden
