#include "io/safetensors.h"

#include "io/mapped_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <tuple>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

namespace gc::io {

const char *dtypeName(DType d)
{
    switch (d) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::I64: return "I64";
    case DType::I32: return "I32";
    case DType::U8: return "U8";
    case DType::Other: break;
    }
    return "?";
}

size_t dtypeSize(DType d)
{
    switch (d) {
    case DType::F32: case DType::I32: return 4;
    case DType::F16: case DType::BF16: return 2;
    case DType::I64: return 8;
    case DType::U8: return 1;
    case DType::Other: break;
    }
    return 0;
}

int64_t TensorView::numel() const
{
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

namespace {

DType parseDType(const std::string &s)
{
    if (s == "F32") return DType::F32;
    if (s == "F16") return DType::F16;
    if (s == "BF16") return DType::BF16;
    if (s == "I64") return DType::I64;
    if (s == "I32") return DType::I32;
    if (s == "U8") return DType::U8;
    return DType::Other;
}

// Bigger than any sane header; guards against reading garbage lengths from a corrupt file.
constexpr uint64_t kMaxHeader = 100ull << 20;

} // namespace

SafeTensors::SafeTensors() = default;
SafeTensors::~SafeTensors() = default;
SafeTensors::SafeTensors(SafeTensors &&) noexcept = default;
SafeTensors &SafeTensors::operator=(SafeTensors &&) noexcept = default;

void SafeTensors::addFile(const std::string &path)
{
    auto file = std::make_shared<MappedFile>(path);
    const size_t size = file->size();
    if (size < 8)
        throw FormatError(path + ": truncated (" + std::to_string(size) + " bytes, no header)");
    uint64_t n = 0;
    std::memcpy(&n, file->data(), 8); // little-endian per the format; this port targets x86-64
    if (n > kMaxHeader || n > size - 8)
        throw FormatError(path + ": header length " + std::to_string(n) + " exceeds the file size " +
                          std::to_string(size) + " (truncated or not a safetensors file)");
    nlohmann::json hdr;
    try {
        hdr = nlohmann::json::parse(reinterpret_cast<const char *>(file->data()) + 8,
                                    reinterpret_cast<const char *>(file->data()) + 8 + n);
    } catch (const std::exception &e) {
        throw FormatError(path + ": corrupt header JSON (" + e.what() + ")");
    }
    if (!hdr.is_object())
        throw FormatError(path + ": header is not a JSON object");
    const size_t dataStart = 8 + n;
    const size_t dataSize = size - dataStart;
    std::vector<std::tuple<uint64_t, uint64_t, std::string>> ranges; // [begin, end), name
    for (auto it = hdr.begin(); it != hdr.end(); ++it) {
        if (it.key() == "__metadata__") {
            if (it->is_object())
                for (auto m = it->begin(); m != it->end(); ++m)
                    if (m->is_string())
                        m_metadata[m.key()] = m->get<std::string>();
            continue;
        }
        const auto &v = *it;
        const std::string where = path + ": tensor '" + it.key() + "'";
        if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") || !v.contains("data_offsets") ||
            !v["dtype"].is_string() || !v["shape"].is_array() || !v["data_offsets"].is_array() ||
            v["data_offsets"].size() != 2)
            throw FormatError(where + ": malformed header entry");
        TensorView t;
        t.name = it.key();
        t.file = path;
        t.dtypeText = v["dtype"].get<std::string>();
        t.dtype = parseDType(t.dtypeText);
        for (const auto &d : v["shape"]) {
            if (!d.is_number_integer() || d.get<int64_t>() < 0)
                throw FormatError(where + ": bad shape entry");
            t.shape.push_back(d.get<int64_t>());
        }
        if (!v["data_offsets"][0].is_number_unsigned() || !v["data_offsets"][1].is_number_unsigned())
            throw FormatError(where + ": bad data_offsets");
        const uint64_t b = v["data_offsets"][0].get<uint64_t>(), e = v["data_offsets"][1].get<uint64_t>();
        if (b > e || e > dataSize)
            throw FormatError(where + ": data [" + std::to_string(b) + ", " + std::to_string(e) +
                              ") lies outside the " + std::to_string(dataSize) +
                              " data bytes (file truncated?)");
        t.nbytes = static_cast<size_t>(e - b);
        if (t.dtype != DType::Other && static_cast<uint64_t>(t.numel()) * dtypeSize(t.dtype) != t.nbytes)
            throw FormatError(where + ": " + std::to_string(t.nbytes) + " bytes do not match shape and dtype " +
                              t.dtypeText);
        t.data = file->data() + dataStart + b;
        t.fileMapped = true;
        if (m_tensors.count(t.name))
            throw FormatError(where + ": defined twice");
        ranges.emplace_back(b, e, t.name);
        m_tensors.emplace(t.name, std::move(t));
    }
    // as the reference reader does: two tensors sharing bytes is a damaged or forged file
    std::sort(ranges.begin(), ranges.end());
    const std::tuple<uint64_t, uint64_t, std::string> *reach = nullptr; // the range ending last so far
    for (const auto &r : ranges) {
        const auto &[b1, e1, n1] = r;
        if (b1 == e1)
            continue; // an empty tensor owns no bytes
        if (reach && b1 < std::get<1>(*reach))
            throw FormatError(path + ": tensors '" + std::get<2>(*reach) + "' [" + std::to_string(std::get<0>(*reach)) +
                              ", " + std::to_string(std::get<1>(*reach)) + ") and '" + n1 + "' [" + std::to_string(b1) +
                              ", " + std::to_string(e1) + ") overlap in the data");
        reach = &r;
    }
    m_owners.push_back(std::move(file));
}

SafeTensors SafeTensors::openFile(const std::string &path)
{
    SafeTensors st;
    st.addFile(path);
    return st;
}

SafeTensors SafeTensors::fromTensors(std::map<std::string, TensorView> tensors,
                                     std::vector<std::shared_ptr<const void>> owners)
{
    SafeTensors st;
    st.m_tensors = std::move(tensors);
    st.m_owners = std::move(owners);
    return st;
}

void SafeTensors::adopt(SafeTensors &&shard)
{
    for (auto &[name, t] : shard.m_tensors) {
        if (const TensorView *other = find(name))
            throw FormatError(t.file + ": tensor '" + name + "' is also in " + other->file);
        m_tensors.emplace(name, std::move(t));
    }
    m_metadata.insert(shard.m_metadata.begin(), shard.m_metadata.end());
    m_owners.insert(m_owners.end(), shard.m_owners.begin(), shard.m_owners.end());
}

SafeTensors SafeTensors::openIndex(const std::string &indexPath, SafeTensors (*openShard)(const std::string &))
{
    std::ifstream in(indexPath);
    if (!in)
        throw FormatError(indexPath + ": cannot open");
    nlohmann::json idx;
    try {
        in >> idx;
    } catch (const std::exception &e) {
        throw FormatError(indexPath + ": corrupt JSON (" + e.what() + ")");
    }
    if (!idx.is_object() || !idx.contains("weight_map") || !idx["weight_map"].is_object())
        throw FormatError(indexPath + ": no \"weight_map\" object");
    const std::filesystem::path dir = std::filesystem::path(indexPath).parent_path();
    std::vector<std::string> shards;
    for (auto it = idx["weight_map"].begin(); it != idx["weight_map"].end(); ++it) {
        if (!it->is_string())
            throw FormatError(indexPath + ": weight_map entry '" + it.key() + "' is not a file name");
        const std::string f = it->get<std::string>();
        if (f.find('/') != std::string::npos || f.find("..") != std::string::npos)
            throw FormatError(indexPath + ": shard name '" + f + "' must be a plain file name");
        if (std::find(shards.begin(), shards.end(), f) == shards.end())
            shards.push_back(f);
    }
    SafeTensors st;
    for (const std::string &f : shards)
        st.adopt(openShard((dir / f).string()));
    for (auto it = idx["weight_map"].begin(); it != idx["weight_map"].end(); ++it) {
        const TensorView *t = st.find(it.key());
        const std::string shard = (dir / it->get<std::string>()).string();
        if (!t)
            throw FormatError(indexPath + ": tensor '" + it.key() + "' is listed but missing from " + shard);
        if (t->file != shard)
            throw FormatError(indexPath + ": tensor '" + it.key() + "' is listed in " + shard + " but found in " +
                              t->file);
    }
    return st;
}

const TensorView *SafeTensors::find(const std::string &name) const
{
    auto it = m_tensors.find(name);
    return it == m_tensors.end() ? nullptr : &it->second;
}

size_t SafeTensors::totalBytes() const
{
    size_t n = 0;
    for (const auto &[k, t] : m_tensors)
        n += t.nbytes;
    return n;
}

size_t heldBytes(const TensorView &t)
{
    if (t.dtype == DType::F16 || t.dtype == DType::BF16)
        return t.nbytes * 2;
    return t.nbytes;
}

void dropPages(const TensorView &t, size_t offset, size_t bytes)
{
    if (!t.fileMapped || offset >= t.nbytes)
        return;
    static const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    const uintptr_t start = reinterpret_cast<uintptr_t>(t.data) + offset;
    const uintptr_t begin = (start + page - 1) / page * page;
    const uintptr_t end = (start + std::min(bytes, t.nbytes - offset)) / page * page;
    if (end > begin)
        ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_DONTNEED);
}

void adviseReadOnce(const TensorView &t)
{
    if (!t.fileMapped || t.nbytes == 0)
        return;
    static const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    const uintptr_t start = reinterpret_cast<uintptr_t>(t.data);
    const uintptr_t begin = start / page * page;
    ::madvise(reinterpret_cast<void *>(begin), start + t.nbytes - begin, MADV_NOHUGEPAGE);
}

} // namespace gc::io
