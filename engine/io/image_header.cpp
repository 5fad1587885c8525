#include "io/image_header.h"

#include <cctype>
#include <cstring>
#include <fstream>
#include <vector>

namespace gc::io {

namespace {

class Reader
{
public:
    explicit Reader(const std::string &path) : m_in(path, std::ios::binary) {}
    // `n` bytes at `offset`; empty when the file is shorter.
    std::vector<uint8_t> at(int64_t offset, size_t n)
    {
        std::vector<uint8_t> b = upTo(offset, n);
        return b.size() == n ? b : std::vector<uint8_t>{};
    }
    // Up to `n` bytes at `offset`: what the file has.
    std::vector<uint8_t> upTo(int64_t offset, size_t n)
    {
        std::vector<uint8_t> b(n);
        m_in.clear();
        m_in.seekg(offset);
        m_in.read(reinterpret_cast<char *>(b.data()), static_cast<std::streamsize>(n));
        b.resize(static_cast<size_t>(m_in.gcount()));
        return b;
    }

private:
    std::ifstream m_in;
};

uint32_t be16(const uint8_t *p) { return uint32_t(p[0]) << 8 | p[1]; }
uint32_t be32(const uint8_t *p) { return be16(p) << 16 | be16(p + 2); }
uint32_t le16(const uint8_t *p) { return uint32_t(p[1]) << 8 | p[0]; }
uint32_t le24(const uint8_t *p) { return le16(p) | uint32_t(p[2]) << 16; }
uint32_t le32(const uint8_t *p) { return le16(p) | le16(p + 2) << 16; }

std::optional<ImageExtent> png(Reader &r)
{
    const auto b = r.at(8, 16);
    if (b.empty() || std::memcmp(b.data() + 4, "IHDR", 4) != 0)
        return std::nullopt;
    return ImageExtent{be32(b.data() + 8), be32(b.data() + 12)};
}

std::optional<ImageExtent> jpeg(Reader &r)
{
    int64_t pos = 2;
    // markers until the first frame header; a damaged file ends the walk at its end
    for (int guard = 0; guard < 100000; ++guard) {
        auto m = r.at(pos, 2);
        if (m.empty() || m[0] != 0xFF)
            return std::nullopt;
        const uint8_t marker = m[1];
        if (marker == 0xFF) { // fill byte
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // no length field
            pos += 2;
            continue;
        }
        const auto len = r.at(pos + 2, 2);
        if (len.empty())
            return std::nullopt;
        const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) {
            const auto f = r.at(pos + 4, 5);
            if (f.empty())
                return std::nullopt;
            return ImageExtent{be16(f.data() + 3), be16(f.data() + 1)};
        }
        pos += 2 + be16(len.data());
    }
    return std::nullopt;
}

std::optional<ImageExtent> bmp(Reader &r)
{
    const auto b = r.at(14, 12);
    if (b.empty())
        return std::nullopt;
    if (le32(b.data()) == 12) // OS/2 BITMAPCOREHEADER: 16-bit sizes
        return ImageExtent{le16(b.data() + 4), le16(b.data() + 6)};
    const auto h = static_cast<int32_t>(le32(b.data() + 8)); // negative: rows stored top-down
    return ImageExtent{static_cast<int32_t>(le32(b.data() + 4)), h < 0 ? -int64_t(h) : int64_t(h)};
}

std::optional<ImageExtent> webp(Reader &r)
{
    const auto b = r.at(12, 18);
    if (b.empty())
        return std::nullopt;
    if (std::memcmp(b.data(), "VP8 ", 4) == 0)
        return ImageExtent{le16(b.data() + 14) & 0x3FFF, le16(b.data() + 16) & 0x3FFF};
    if (std::memcmp(b.data(), "VP8L", 4) == 0) {
        const uint32_t bits = le32(b.data() + 9);
        return ImageExtent{1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)};
    }
    if (std::memcmp(b.data(), "VP8X", 4) == 0)
        return ImageExtent{1 + int64_t(le24(b.data() + 12)), 1 + int64_t(le24(b.data() + 15))};
    return std::nullopt;
}

std::optional<ImageExtent> tiff(Reader &r, bool little)
{
    const auto u16 = [little](const uint8_t *p) { return little ? le16(p) : be16(p); };
    const auto u32 = [little](const uint8_t *p) { return little ? le32(p) : be32(p); };
    const auto head = r.at(4, 4);
    if (head.empty())
        return std::nullopt;
    const int64_t ifd = u32(head.data());
    const auto count = r.at(ifd, 2);
    if (count.empty())
        return std::nullopt;
    const uint32_t n = u16(count.data());
    const auto entries = r.at(ifd + 2, size_t(n) * 12);
    if (entries.empty())
        return std::nullopt;
    ImageExtent e{-1, -1};
    for (uint32_t i = 0; i < n; ++i) {
        const uint8_t *p = entries.data() + size_t(i) * 12;
        const uint32_t tag = u16(p), type = u16(p + 2);
        const int64_t value = type == 3 ? u16(p + 8) : u32(p + 8); // SHORT or LONG
        if (tag == 256)
            e.width = value;
        else if (tag == 257)
            e.height = value;
    }
    if (e.width < 0 || e.height < 0)
        return std::nullopt;
    return e;
}

// "P6\n# comment\n640 480\n255\n": the two numbers after the magic, skipping comments.
std::optional<ImageExtent> pnm(Reader &r)
{
    const std::vector<uint8_t> text = r.upTo(0, 4096);
    if (text.empty())
        return std::nullopt;
    size_t i = 2;
    int64_t numbers[2] = {0, 0};
    for (int64_t &v : numbers) {
        while (i < text.size() && (std::isspace(text[i]) || text[i] == '#')) {
            if (text[i] == '#')
                while (i < text.size() && text[i] != '\n')
                    ++i;
            else
                ++i;
        }
        if (i >= text.size() || !std::isdigit(text[i]))
            return std::nullopt;
        for (; i < text.size() && std::isdigit(text[i]) && v < (int64_t(1) << 40); ++i)
            v = v * 10 + (text[i] - '0');
    }
    return ImageExtent{numbers[0], numbers[1]};
}

} // namespace

bool jpegReachesEnd(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<char> buf(1 << 16);
    size_t have = 0, at = 0;
    const auto byte = [&]() -> int {
        if (at == have) {
            in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
            have = static_cast<size_t>(in.gcount());
            at = 0;
            if (have == 0)
                return -1;
        }
        return static_cast<uint8_t>(buf[at++]);
    };
    const auto skip = [&](int64_t n) {
        for (; n > 0; --n)
            if (byte() < 0)
                return false;
        return true;
    };
    if (byte() != 0xFF || byte() != 0xD8)
        return false;
    int marker = -1;
    for (;;) {
        if (marker < 0) { // between segments: the next marker, after any fill bytes
            int b = byte();
            if (b != 0xFF)
                return false;
            while (b == 0xFF)
                b = byte();
            if (b < 0)
                return false;
            marker = b;
        }
        if (marker == 0xD9)
            return true;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
            marker = -1;
            continue;
        }
        const int hi = byte(), lo = byte();
        if (lo < 0 || !skip((hi << 8 | lo) - 2))
            return false;
        const bool scan = marker == 0xDA;
        marker = -1;
        if (!scan)
            continue;
        // entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte), a restart marker or the next marker
        for (;;) {
            int b = byte();
            if (b < 0)
                return false;
            if (b != 0xFF)
                continue;
            while (b == 0xFF)
                b = byte();
            if (b < 0)
                return false;
            if (b != 0x00 && (b < 0xD0 || b > 0xD7)) {
                marker = b;
                break;
            }
        }
    }
}

std::optional<ImageExtent> readImageExtent(const std::string &path)
{
    Reader r(path);
    const auto m = r.at(0, 12);
    if (m.empty())
        return std::nullopt;
    const uint8_t *p = m.data();
    const auto as = [](std::optional<ImageExtent> e, ImageFormat f) {
        if (e)
            e->format = f;
        return e;
    };
    if (std::memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return as(png(r), ImageFormat::Png);
    if (p[0] == 0xFF && p[1] == 0xD8)
        return as(jpeg(r), ImageFormat::Jpeg);
    if (p[0] == 'B' && p[1] == 'M')
        return as(bmp(r), ImageFormat::Bmp);
    if (std::memcmp(p, "RIFF", 4) == 0 && std::memcmp(p + 8, "WEBP", 4) == 0)
        return as(webp(r), ImageFormat::WebP);
    if (std::memcmp(p, "II*\0", 4) == 0 || std::memcmp(p, "MM\0*", 4) == 0)
        return as(tiff(r, p[0] == 'I'), ImageFormat::Tiff);
    if (p[0] == 'P' && ((p[1] >= '1' && p[1] <= '6') || p[1] == 'F' || p[1] == 'f'))
        return as(pnm(r), ImageFormat::Pnm);
    if (be32(p) == 0x59A66A95)
        return ImageExtent{be32(p + 4), be32(p + 8), ImageFormat::SunRaster};
    return std::nullopt;
}

} // namespace gc::io
