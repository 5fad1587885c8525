#include "quant/packed_cache.h"

#include "io/mapped_file.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace fs = std::filesystem;

namespace gc::quant {

namespace {

// File layout (host byte order; the magic's last byte tells a file from another byte order apart):
//   "GCPACKW" 0x01 | u32 version | u32 format | u64 key bytes | u64 matrices | u64 table bytes | u64 table hash
//   | key | table: per matrix u32 name bytes, name, i64 rows, i64 cols, u64 data offset, u64 scales offset
//   | matrix bytes, each part at a multiple of 64 (the scales' floats and the kernels' loads stay aligned).
constexpr char kMagic[8] = {'G', 'C', 'P', 'A', 'C', 'K', 'W', 1};
constexpr size_t kHeaderBytes = 8 + 4 + 4 + 8 + 8 + 8 + 8;
constexpr uint64_t kAlign = 64;
constexpr uint64_t kMaxName = 4096, kMaxSide = uint64_t(1) << 31;

uint64_t fnv1a(const void *data, size_t n, uint64_t h = 1469598103934665603ull)
{
    const auto *p = static_cast<const uint8_t *>(data);
    for (size_t i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

std::string hex(uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

uint64_t dataBytes(WeightFormat f, int64_t rows, int64_t cols)
{
    return uint64_t(matrixBytes(f, rows, cols) - scaleBytes(f, rows, cols));
}

uint64_t alignUp(uint64_t v) { return (v + kAlign - 1) / kAlign * kAlign; }

// Reads the header's fields in order, each checked against what is left of the file.
class Reader {
public:
    Reader(const uint8_t *data, uint64_t size, const std::string &path) : m_p(data), m_size(size), m_path(path) {}
    template <class T>
    T take()
    {
        T v;
        std::memcpy(&v, bytes(sizeof v), sizeof v);
        return v;
    }
    const uint8_t *bytes(uint64_t n)
    {
        if (n > m_size - m_at)
            fail("ends inside its header (truncated?)");
        const uint8_t *p = m_p + m_at;
        m_at += n;
        return p;
    }
    [[noreturn]] void fail(const std::string &why) const { throw std::runtime_error(m_path + ": " + why); }
    [[nodiscard]] uint64_t at() const { return m_at; }

private:
    const uint8_t *m_p;
    uint64_t m_size, m_at = 0;
    const std::string &m_path;
};

} // namespace

std::string packedCacheKey(const std::vector<std::string> &files, WeightFormat format)
{
    std::vector<std::string> sorted = files;
    std::sort(sorted.begin(), sorted.end());
    std::string key = "groundchat packed weights " + std::to_string(kPackingVersion) + " " +
                      std::string(weightFormatName(format)) + "\n";
    for (const std::string &f : sorted) {
        const fs::path p = fs::absolute(f);
        std::ifstream in(p, std::ios::binary);
        if (!in)
            throw std::runtime_error(p.string() + ": cannot read");
        std::vector<char> head(1 << 20);
        in.read(head.data(), std::streamsize(head.size()));
        const auto mtime = fs::last_write_time(p).time_since_epoch().count();
        key += p.string() + "\t" + std::to_string(fs::file_size(p)) + "\t" + std::to_string(mtime) + "\t" +
               hex(fnv1a(head.data(), size_t(in.gcount()))) + "\n";
    }
    return key;
}

std::string PackedCacheFile::pathFor(const std::string &dir, const std::string &key)
{
    return (fs::path(dir) / (hex(fnv1a(key.data(), key.size())) + ".gcpack")).string();
}

PackedCacheFile::~PackedCacheFile() = default;

std::shared_ptr<const PackedCacheFile> PackedCacheFile::open(const std::string &path, const std::string &key,
                                                             WeightFormat format)
{
    if (!fs::exists(path))
        return nullptr;
    std::shared_ptr<PackedCacheFile> c(new PackedCacheFile);
    c->m_map = std::make_unique<io::MappedFile>(path);
    const uint64_t size = c->m_map->size();
    Reader r(c->m_map->data(), size, path);
    if (std::memcmp(r.bytes(8), kMagic, 8) != 0)
        r.fail("not a packed-weights cache file");
    if (r.take<uint32_t>() != kPackingVersion)
        r.fail("written by another packing version");
    if (r.take<uint32_t>() != uint32_t(format))
        r.fail("holds another weight format");
    const uint64_t keyBytes = r.take<uint64_t>(), count = r.take<uint64_t>(), tableBytes = r.take<uint64_t>();
    const uint64_t tableHash = r.take<uint64_t>();
    if (keyBytes != key.size() || std::memcmp(r.bytes(keyBytes), key.data(), keyBytes) != 0)
        r.fail("belongs to other checkpoint files");
    const uint64_t tableStart = r.at();
    const uint8_t *table = r.bytes(tableBytes);
    if (fnv1a(table, tableBytes) != tableHash)
        r.fail("its table of matrices is damaged");
    Reader t(table, tableBytes, path);
    for (uint64_t i = 0; i < count; ++i) {
        const uint32_t nameBytes = t.take<uint32_t>();
        if (nameBytes == 0 || nameBytes > kMaxName)
            r.fail("a matrix name of " + std::to_string(nameBytes) + " bytes");
        std::string name(reinterpret_cast<const char *>(t.bytes(nameBytes)), nameBytes);
        MatrixView v;
        v.format = format;
        v.rows = t.take<int64_t>();
        v.cols = t.take<int64_t>();
        if (v.rows <= 0 || v.cols <= 0 || uint64_t(v.rows) > kMaxSide || uint64_t(v.cols) > kMaxSide)
            r.fail("matrix '" + name + "' has shape " + std::to_string(v.rows) + "x" + std::to_string(v.cols));
        const uint64_t dataAt = t.take<uint64_t>(), scalesAt = t.take<uint64_t>();
        const uint64_t db = dataBytes(format, v.rows, v.cols), sb = uint64_t(scaleBytes(format, v.rows, v.cols));
        const auto inside = [&](uint64_t at, uint64_t n) {
            return at >= tableStart + tableBytes && at % kAlign == 0 && at <= size && n <= size - at;
        };
        if (!inside(dataAt, db) || (sb > 0 && !inside(scalesAt, sb)))
            r.fail("matrix '" + name + "' lies outside the file (truncated?)");
        v.data = c->m_map->data() + dataAt;
        v.scales = sb > 0 ? reinterpret_cast<const float *>(c->m_map->data() + scalesAt) : nullptr;
        if (!c->m_matrices.emplace(std::move(name), v).second)
            r.fail("a matrix is listed twice");
    }
    if (t.at() != tableBytes)
        r.fail("its table has bytes after the last matrix");
    return c;
}

void PackedCacheFile::write(const std::string &path, const std::string &key, WeightFormat format,
                            const std::vector<std::pair<std::string, MatrixView>> &matrices)
{
    std::string table;
    const auto put = [&table](const auto &v) { table.append(reinterpret_cast<const char *>(&v), sizeof v); };
    // offsets first need the table's size: names and fixed fields
    uint64_t tableBytes = 0;
    for (const auto &[name, v] : matrices)
        tableBytes += 4 + name.size() + 8 * 4;
    uint64_t at = alignUp(kHeaderBytes + key.size() + tableBytes);
    std::vector<std::pair<uint64_t, uint64_t>> offsets;
    for (const auto &[name, v] : matrices) {
        const uint64_t dataAt = at;
        at = alignUp(at + dataBytes(format, v.rows, v.cols));
        const uint64_t scalesAt = v.scales ? at : 0;
        at = alignUp(at + uint64_t(scaleBytes(format, v.rows, v.cols)));
        offsets.emplace_back(dataAt, scalesAt);
        put(uint32_t(name.size()));
        table += name;
        put(int64_t(v.rows));
        put(int64_t(v.cols));
        put(dataAt);
        put(scalesAt);
    }
    const std::string tmp = path + "." + std::to_string(::getpid()) + ".tmp";
    fs::create_directories(fs::path(path).parent_path());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        const auto zeros = [&out](uint64_t to) {
            static const char pad[kAlign] = {};
            out.write(pad, std::streamsize(to - uint64_t(out.tellp())));
        };
        out.write(kMagic, 8);
        const uint32_t version = kPackingVersion, fmt = uint32_t(format);
        const uint64_t keyBytes = key.size(), count = matrices.size(), tableHash = fnv1a(table.data(), table.size());
        out.write(reinterpret_cast<const char *>(&version), 4);
        out.write(reinterpret_cast<const char *>(&fmt), 4);
        for (uint64_t v : {keyBytes, count, tableBytes, tableHash})
            out.write(reinterpret_cast<const char *>(&v), 8);
        out << key << table;
        for (size_t i = 0; i < matrices.size(); ++i) {
            const MatrixView &v = matrices[i].second;
            zeros(offsets[i].first);
            out.write(static_cast<const char *>(v.data), std::streamsize(dataBytes(format, v.rows, v.cols)));
            if (v.scales) {
                zeros(offsets[i].second);
                out.write(reinterpret_cast<const char *>(v.scales), std::streamsize(uint64_t(scaleBytes(format, v.rows, v.cols))));
            }
        }
        out.flush();
        if (!out) {
            out.close();
            fs::remove(tmp);
            throw std::runtime_error(tmp + ": cannot write (disk full?)");
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp);
        throw std::runtime_error(path + ": cannot rename the written file into place (" + ec.message() + ")");
    }
}

void touchPackedCacheFile(const std::string &path)
{
    std::error_code ec;
    fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
}

uint64_t trimPackedCache(const std::string &dir, uint64_t maxBytes, const std::string &keep)
{
    std::error_code ec;
    std::vector<std::pair<fs::file_time_type, fs::path>> files;
    uint64_t total = 0;
    for (const fs::directory_entry &e : fs::directory_iterator(dir, ec)) {
        if (!e.is_regular_file(ec) || e.path().filename().string().find(".gcpack") == std::string::npos)
            continue;
        files.emplace_back(e.last_write_time(ec), e.path());
        total += e.file_size(ec);
    }
    std::sort(files.begin(), files.end()); // oldest first
    uint64_t removed = 0;
    for (const auto &[time, path] : files) {
        if (total <= maxBytes)
            break;
        if (!keep.empty() && fs::equivalent(path, keep, ec))
            continue;
        const uint64_t bytes = fs::file_size(path, ec);
        if (fs::remove(path, ec)) {
            total -= bytes;
            removed += bytes;
        }
    }
    return removed;
}

} // namespace gc::quant
