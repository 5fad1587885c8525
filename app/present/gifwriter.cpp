#include "gifwriter.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <unordered_map>

namespace gc::video {

namespace {

void word(std::ofstream &out, int v)
{
    out.put(char(v & 0xff));
    out.put(char((v >> 8) & 0xff));
}

// Codes of growing width, least significant bit first, as GIF packs them.
class BitPacker
{
public:
    void put(int code, int width)
    {
        m_acc |= uint32_t(code) << m_bits;
        m_bits += width;
        while (m_bits >= 8) {
            bytes.push_back(uint8_t(m_acc & 0xff));
            m_acc >>= 8;
            m_bits -= 8;
        }
    }
    void end()
    {
        if (m_bits > 0)
            bytes.push_back(uint8_t(m_acc & 0xff));
        m_acc = 0;
        m_bits = 0;
    }
    std::vector<uint8_t> bytes;

private:
    uint32_t m_acc = 0;
    int m_bits = 0;
};

struct Palette {
    std::vector<std::array<uint8_t, 3>> colours;
    std::vector<uint8_t> lookup; // 5-bit-per-channel colour -> index
};

int bin(const uint8_t *p) { return (p[0] >> 3) << 10 | (p[1] >> 3) << 5 | (p[2] >> 3); }

// The 256 most frequent colours (5 bits a channel) of the pixels, each bin mapped to its nearest.
Palette paletteOf(const std::vector<uint8_t> &rgb)
{
    std::vector<uint32_t> count(1 << 15, 0);
    for (size_t i = 0; i + 2 < rgb.size(); i += 3)
        ++count[size_t(bin(&rgb[i]))];
    std::vector<int> used;
    for (int b = 0; b < (1 << 15); ++b)
        if (count[size_t(b)])
            used.push_back(b);
    std::sort(used.begin(), used.end(), [&](int a, int b) { return count[size_t(a)] > count[size_t(b)]; });
    used.resize(std::min<size_t>(used.size(), 256));
    Palette p;
    for (int b : used)
        p.colours.push_back({uint8_t((b >> 10) << 3 | 4), uint8_t(((b >> 5) & 31) << 3 | 4), uint8_t((b & 31) << 3 | 4)});
    p.lookup.assign(1 << 15, 0);
    for (int b = 0; b < (1 << 15); ++b) {
        if (!count[size_t(b)])
            continue;
        const int r = (b >> 10) << 3 | 4, g = ((b >> 5) & 31) << 3 | 4, bl = (b & 31) << 3 | 4;
        int best = 0, bestDistance = 1 << 30;
        for (size_t i = 0; i < p.colours.size(); ++i) {
            const int dr = r - p.colours[i][0], dg = g - p.colours[i][1], db = bl - p.colours[i][2];
            const int d = 2 * dr * dr + 4 * dg * dg + 3 * db * db; // green counts most, as the eye sees it
            if (d < bestDistance) {
                bestDistance = d;
                best = int(i);
            }
        }
        p.lookup[size_t(b)] = uint8_t(best);
    }
    return p;
}

} // namespace

std::vector<uint8_t> gifLzw(const std::vector<uint8_t> &indices, int minCodeSize)
{
    const int clear = 1 << minCodeSize, stop = clear + 1;
    BitPacker bits;
    std::unordered_map<uint32_t, int> table; // (prefix code << 8 | next index) -> code
    int width = minCodeSize + 1, next = stop + 1;
    bits.put(clear, width);
    int prefix = -1;
    for (const uint8_t index : indices) {
        if (prefix < 0) {
            prefix = index;
            continue;
        }
        const uint32_t key = uint32_t(prefix) << 8 | index;
        if (const auto it = table.find(key); it != table.end()) {
            prefix = it->second;
            continue;
        }
        bits.put(prefix, width);
        if (next == 4096) {
            // the table is full: start again
            bits.put(clear, width);
            table.clear();
            width = minCodeSize + 1;
            next = stop + 1;
        } else {
            table[key] = next++;
            if (next > (1 << width) && width < 12)
                ++width;
        }
        prefix = index;
    }
    if (prefix >= 0)
        bits.put(prefix, width);
    bits.put(stop, width);
    bits.end();
    std::vector<uint8_t> out{uint8_t(minCodeSize)};
    for (size_t at = 0; at < bits.bytes.size(); at += 255) {
        const size_t n = std::min<size_t>(255, bits.bytes.size() - at);
        out.push_back(uint8_t(n));
        out.insert(out.end(), bits.bytes.begin() + long(at), bits.bytes.begin() + long(at + n));
    }
    out.push_back(0);
    return out;
}

GifWriter::GifWriter(const std::string &path, int width, int height, int delayCs)
    : m_out(path, std::ios::binary), m_width(width), m_height(height), m_delay(std::max(1, delayCs))
{
    m_out.write("GIF89a", 6);
    word(m_out, width);
    word(m_out, height);
    m_out.put(0); // no global colour table: each frame has its own
    m_out.put(0);
    m_out.put(0);
    // loop forever (NETSCAPE2.0)
    m_out.write("\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00", 19);
}

void GifWriter::write(const uint8_t *rgb, int stride)
{
    std::vector<uint8_t> frame(size_t(m_width) * size_t(m_height) * 3);
    for (int y = 0; y < m_height; ++y)
        std::copy_n(rgb + size_t(y) * size_t(stride), size_t(m_width) * 3, frame.begin() + long(size_t(y) * size_t(m_width) * 3));
    if (!m_pending.empty() && frame == m_pending) {
        m_pendingDelay += m_delay;
        return;
    }
    flush();
    m_pending = std::move(frame);
    m_pendingDelay = m_delay;
}

void GifWriter::flush()
{
    if (m_pending.empty())
        return;
    // the rectangle that changed since the frame before (all of it for the first)
    int x0 = 0, y0 = 0, x1 = m_width - 1, y1 = m_height - 1;
    if (!m_previous.empty()) {
        x0 = m_width;
        y0 = m_height;
        x1 = y1 = -1;
        for (int y = 0; y < m_height; ++y)
            for (int x = 0; x < m_width; ++x) {
                const size_t i = (size_t(y) * size_t(m_width) + size_t(x)) * 3;
                if (!std::equal(&m_pending[i], &m_pending[i] + 3, &m_previous[i])) {
                    x0 = std::min(x0, x);
                    x1 = std::max(x1, x);
                    y0 = std::min(y0, y);
                    y1 = std::max(y1, y);
                }
            }
        if (x1 < 0) // unchanged (frames equal only after quantisation do not reach here)
            x0 = y0 = x1 = y1 = 0;
    }
    const int w = x1 - x0 + 1, h = y1 - y0 + 1;
    std::vector<uint8_t> region;
    region.reserve(size_t(w) * size_t(h) * 3);
    for (int y = y0; y <= y1; ++y)
        region.insert(region.end(), m_pending.begin() + long((size_t(y) * size_t(m_width) + size_t(x0)) * 3),
                      m_pending.begin() + long((size_t(y) * size_t(m_width) + size_t(x1) + 1) * 3));
    const Palette palette = paletteOf(region);
    std::vector<uint8_t> indices(size_t(w) * size_t(h));
    for (size_t i = 0; i < indices.size(); ++i)
        indices[i] = palette.lookup[size_t(bin(&region[i * 3]))];

    // graphic control: the delay; what is outside the rectangle stays from the frame before
    m_out.write("\x21\xf9\x04\x04", 4);
    word(m_out, m_pendingDelay);
    m_out.put(0);
    m_out.put(0);
    m_out.put(0x2c);
    word(m_out, x0);
    word(m_out, y0);
    word(m_out, w);
    word(m_out, h);
    m_out.put(char(0x80 | 7)); // a local colour table of 256 entries
    for (size_t i = 0; i < 256; ++i) {
        const std::array<uint8_t, 3> c = i < palette.colours.size() ? palette.colours[i] : std::array<uint8_t, 3>{0, 0, 0};
        m_out.write(reinterpret_cast<const char *>(c.data()), 3);
    }
    const std::vector<uint8_t> data = gifLzw(indices, 8);
    m_out.write(reinterpret_cast<const char *>(data.data()), std::streamsize(data.size()));
    m_previous = std::move(m_pending);
    m_pending.clear();
}

bool GifWriter::finish()
{
    flush();
    m_out.put(0x3b);
    m_out.close();
    return !m_out.fail();
}

} // namespace gc::video
