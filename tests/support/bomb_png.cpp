#include "bomb_png.h"

#include <fstream>

#include <sys/resource.h>
#include <zlib.h>

namespace gc::test {

namespace {
std::string be32(uint32_t v) { return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; }
} // namespace

bool writeBombPng(const std::string &path, uint32_t width, uint32_t height)
{
    std::ofstream out(path, std::ios::binary);
    const auto chunk = [&](const char *type, const std::string &data) {
        const std::string body = type + data;
        out << be32(uint32_t(data.size())) << body
            << be32(uint32_t(crc32(0, reinterpret_cast<const Bytef *>(body.data()), uInt(body.size()))));
    };
    out << "\x89PNG\r\n\x1a\n";
    chunk("IHDR", be32(width) + be32(height) + std::string{1, 0, 0, 0, 0}); // depth 1, greyscale
    z_stream z{};
    if (deflateInit(&z, 9) != Z_OK)
        return false;
    const std::string row((width + 7) / 8 + 1, '\0'); // filter byte 0, then zero bits
    std::string compressed;
    char buf[1 << 16];
    for (uint32_t y = 0; y < height; ++y) {
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(row.data()));
        z.avail_in = uInt(row.size());
        const int flush = y + 1 == height ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = reinterpret_cast<Bytef *>(buf);
            z.avail_out = sizeof buf;
            deflate(&z, flush);
            compressed.append(buf, sizeof buf - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    chunk("IDAT", compressed);
    chunk("IEND", "");
    return bool(out);
}

long peakRssKb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

} // namespace gc::test
