#include "png_mask.h"

#include <zlib.h>

#include <cstdint>
#include <cstdlib>

namespace gc::annot {

namespace {

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void put32(std::string &s, uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        s.push_back(char((v >> shift) & 0xFF));
}

uint32_t get32(const std::string &s, size_t at)
{
    return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
           (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
}

void chunk(std::string &png, const char *type, const std::string &data)
{
    put32(png, uint32_t(data.size()));
    const std::string body = std::string(type, 4) + data;
    png += body;
    put32(png, uint32_t(crc32(0, reinterpret_cast<const Bytef *>(body.data()), uInt(body.size()))));
}

int paeth(int a, int b, int c)
{
    const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
}

} // namespace

std::string base64Encode(const std::string &bytes)
{
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
        out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
    }
    if (i + 1 == bytes.size()) {
        const uint32_t v = uint8_t(bytes[i]) << 16;
        out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == bytes.size()) {
        const uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
        out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
    }
    return out;
}

std::optional<std::string> base64Decode(const std::string &text)
{
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=' || c == '\n' || c == '\r')
            continue;
        const char *at = std::char_traits<char>::find(kAlphabet, 64, c);
        if (!at)
            return std::nullopt;
        acc = (acc << 6) | uint32_t(at - kAlphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(char((acc >> bits) & 0xFF));
        }
    }
    return out;
}

std::string encodeMaskPng(const Mask &mask)
{
    std::string raw;
    raw.reserve(size_t(mask.height) * (size_t(mask.width) + 1));
    for (int y = 0; y < mask.height; ++y) {
        raw.push_back(0); // filter: none
        for (int x = 0; x < mask.width; ++x)
            raw.push_back(mask.at(x, y) ? 1 : 0);
    }
    uLongf size = compressBound(uLong(raw.size()));
    std::string z(size, '\0');
    compress2(reinterpret_cast<Bytef *>(z.data()), &size, reinterpret_cast<const Bytef *>(raw.data()), uLong(raw.size()),
              Z_BEST_COMPRESSION);
    z.resize(size);
    std::string png = "\x89PNG\r\n\x1a\n";
    std::string ihdr;
    put32(ihdr, uint32_t(mask.width));
    put32(ihdr, uint32_t(mask.height));
    ihdr += std::string("\x08\x00\x00\x00\x00", 5); // 8 bits, greyscale, deflate, adaptive filter, no interlace
    chunk(png, "IHDR", ihdr);
    chunk(png, "IDAT", z);
    chunk(png, "IEND", {});
    return png;
}

std::optional<Mask> decodeMaskPng(const std::string &png, std::string *error)
{
    const auto bad = [&](const char *why) -> std::optional<Mask> {
        *error = why;
        return std::nullopt;
    };
    if (png.size() < 33 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0)
        return bad("not a PNG");
    uint32_t width = 0, height = 0;
    int depth = 0;
    std::string idat;
    for (size_t at = 8; at + 12 <= png.size();) {
        const uint32_t len = get32(png, at);
        if (at + 12 + size_t(len) > png.size())
            return bad("truncated PNG");
        const std::string type = png.substr(at + 4, 4);
        if (type == "IHDR") {
            width = get32(png, at + 8);
            height = get32(png, at + 12);
            depth = uint8_t(png[at + 16]);
            if (uint8_t(png[at + 17]) != 0 || (depth != 8 && depth != 1) || uint8_t(png[at + 20]) != 0)
                return bad("mask PNGs must be 1- or 8-bit greyscale, not interlaced");
            if (width == 0 || height == 0 || width > 1u << 16 || height > 1u << 16)
                return bad("mask size out of range");
        } else if (type == "IDAT") {
            idat += png.substr(at + 8, len);
        }
        at += 12 + size_t(len);
    }
    if (width == 0)
        return bad("PNG without a header");
    const size_t stride = depth == 8 ? width : (width + 7) / 8;
    std::string raw((stride + 1) * height, '\0');
    uLongf rawSize = uLongf(raw.size());
    if (uncompress(reinterpret_cast<Bytef *>(raw.data()), &rawSize, reinterpret_cast<const Bytef *>(idat.data()),
                   uLong(idat.size())) != Z_OK ||
        rawSize != raw.size())
        return bad("corrupt PNG image data");
    Mask mask{int(width), int(height)};
    std::string prev(stride, '\0'), row(stride, '\0');
    for (uint32_t y = 0; y < height; ++y) {
        const int filter = uint8_t(raw[y * (stride + 1)]);
        for (size_t i = 0; i < stride; ++i) {
            const int x = uint8_t(raw[y * (stride + 1) + 1 + i]);
            const int a = i ? uint8_t(row[i - 1]) : 0, b = uint8_t(prev[i]), c = i ? uint8_t(prev[i - 1]) : 0;
            int v = 0;
            switch (filter) {
            case 0: v = x; break;
            case 1: v = x + a; break;
            case 2: v = x + b; break;
            case 3: v = x + (a + b) / 2; break;
            case 4: v = x + paeth(a, b, c); break;
            default: return bad("unknown PNG filter");
            }
            row[i] = char(v & 0xFF);
        }
        for (uint32_t x = 0; x < width; ++x) {
            const bool on = depth == 8 ? row[x] != 0 : ((uint8_t(row[x / 8]) >> (7 - x % 8)) & 1) != 0;
            mask.set(int(x), int(y), on);
        }
        prev.swap(row);
    }
    return mask;
}

} // namespace gc::annot
