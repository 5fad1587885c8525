#include "io/zip_archive.h"

#include "io/safetensors.h"

#include <cstring>

namespace gc::io {

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEnd = 0x06054b50,
                   kEnd64 = 0x06064b50, kEnd64Locator = 0x07064b50;
constexpr size_t kEndSize = 22, kEnd64LocatorSize = 20, kEnd64Size = 56, kCentralSize = 46, kLocalSize = 30;

// Little-endian fields at checked offsets of the archive.
class Reader {
public:
    Reader(const uint8_t *data, size_t size, const std::string &name) : m_data(data), m_size(size), m_name(name) {}
    [[nodiscard]] bool has(uint64_t at, uint64_t n) const { return at <= m_size && n <= m_size - at; }
    void need(uint64_t at, uint64_t n, const char *what) const
    {
        if (!has(at, n))
            fail(std::string(what) + " at offset " + std::to_string(at) + " lies outside the " +
                 std::to_string(m_size) + "-byte file (truncated?)");
    }
    [[nodiscard]] uint64_t le(uint64_t at, int bytes) const
    {
        uint64_t v = 0;
        for (int i = bytes - 1; i >= 0; --i)
            v = (v << 8) | m_data[at + static_cast<uint64_t>(i)];
        return v;
    }
    [[noreturn]] void fail(const std::string &why) const { throw FormatError(m_name + ": " + why); }
    [[nodiscard]] const uint8_t *at(uint64_t offset) const { return m_data + offset; }
    [[nodiscard]] size_t size() const { return m_size; }

private:
    const uint8_t *m_data;
    size_t m_size;
    const std::string &m_name;
};

// The zip64 extended-information extra field replaces, in this order, each 32-bit field that is all ones.
void readZip64Extra(const Reader &r, uint64_t extra, uint64_t extraLen, uint64_t *usize, uint64_t *csize,
                    uint64_t *offset)
{
    uint64_t p = extra;
    const uint64_t end = extra + extraLen;
    while (p + 4 <= end) {
        const uint64_t id = r.le(p, 2), len = r.le(p + 2, 2);
        if (p + 4 + len > end)
            r.fail("central directory extra field overruns its entry");
        if (id == 1) {
            uint64_t q = p + 4;
            for (uint64_t *field : {usize, csize, offset}) {
                if (*field != 0xffffffffu)
                    continue;
                if (q + 8 > p + 4 + len)
                    r.fail("zip64 extra field is too short");
                *field = r.le(q, 8);
                q += 8;
            }
            return;
        }
        p += 4 + len;
    }
}

} // namespace

bool looksLikeZip(const uint8_t *data, size_t size)
{
    return size >= 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4;
}

std::map<std::string, ZipEntry> readStoredZip(const uint8_t *data, size_t size, const std::string &name)
{
    const Reader r(data, size, name);
    if (size < kEndSize)
        r.fail("truncated zip archive (no end of central directory)");
    // The end record sits at the very end unless a comment (at most 65535 bytes) follows it.
    uint64_t end = size - kEndSize;
    const uint64_t lowest = size - kEndSize > 0xffff ? size - kEndSize - 0xffff : 0;
    while (r.le(end, 4) != kEnd) {
        if (end == lowest)
            r.fail("truncated or damaged zip archive (no end of central directory)");
        --end;
    }
    uint64_t count = r.le(end + 10, 2), dirSize = r.le(end + 12, 4), dirOffset = r.le(end + 16, 4);
    if (count == 0xffff || dirSize == 0xffffffffu || dirOffset == 0xffffffffu) {
        if (end < kEnd64LocatorSize || r.le(end - kEnd64LocatorSize, 4) != kEnd64Locator)
            r.fail("zip64 archive without its end-of-directory locator");
        const uint64_t end64 = r.le(end - kEnd64LocatorSize + 8, 8);
        r.need(end64, kEnd64Size, "zip64 end of central directory");
        if (r.le(end64, 4) != kEnd64)
            r.fail("damaged zip64 end of central directory");
        count = r.le(end64 + 32, 8);
        dirSize = r.le(end64 + 40, 8);
        dirOffset = r.le(end64 + 48, 8);
    }
    r.need(dirOffset, dirSize, "central directory");
    if (count > dirSize / kCentralSize)
        r.fail("central directory lists " + std::to_string(count) + " entries but has room for fewer");
    std::map<std::string, ZipEntry> entries;
    uint64_t p = dirOffset;
    const uint64_t dirEnd = dirOffset + dirSize;
    for (uint64_t i = 0; i < count; ++i) {
        if (p + kCentralSize > dirEnd || r.le(p, 4) != kCentralHeader)
            r.fail("damaged central directory (entry " + std::to_string(i) + ")");
        const uint64_t flags = r.le(p + 8, 2), method = r.le(p + 10, 2);
        uint64_t csize = r.le(p + 20, 4), usize = r.le(p + 24, 4), offset = r.le(p + 42, 4);
        const uint64_t nameLen = r.le(p + 28, 2), extraLen = r.le(p + 30, 2), commentLen = r.le(p + 32, 2);
        if (p + kCentralSize + nameLen + extraLen + commentLen > dirEnd)
            r.fail("damaged central directory (entry " + std::to_string(i) + " overruns it)");
        const std::string entryName(reinterpret_cast<const char *>(r.at(p + kCentralSize)), nameLen);
        readZip64Extra(r, p + kCentralSize + nameLen, extraLen, &usize, &csize, &offset);
        p += kCentralSize + nameLen + extraLen + commentLen;
        if (flags & 1)
            r.fail("entry '" + entryName + "' is encrypted");
        if (method != 0 || csize != usize)
            r.fail("entry '" + entryName + "' is compressed (method " + std::to_string(method) +
                   "); torch.save stores entries uncompressed");
        r.need(offset, kLocalSize, ("entry '" + entryName + "' header").c_str());
        if (r.le(offset, 4) != kLocalHeader)
            r.fail("entry '" + entryName + "': damaged local header");
        const uint64_t start = offset + kLocalSize + r.le(offset + 26, 2) + r.le(offset + 28, 2);
        r.need(start, usize, ("entry '" + entryName + "' data").c_str());
        if (!entries.emplace(entryName, ZipEntry{r.at(start), static_cast<size_t>(usize)}).second)
            r.fail("entry '" + entryName + "' appears twice");
    }
    return entries;
}

} // namespace gc::io
