#include "rle.h"

#include <limits>

namespace gc {

long long Mask::area() const
{
    long long n = 0;
    for (uint8_t v : data)
        n += v != 0;
    return n;
}

Box Mask::bbox() const
{
    int x1 = width, y1 = height, x2 = -1, y2 = -1;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            if (!at(x, y))
                continue;
            x1 = std::min(x1, x);
            y1 = std::min(y1, y);
            x2 = std::max(x2, x);
            y2 = std::max(y2, y);
        }
    }
    if (x2 < 0)
        return {};
    return {double(x1), double(y1), double(x2 + 1), double(y2 + 1)};
}

bool Mask::operator==(const Mask &o) const
{
    if (width != o.width || height != o.height)
        return false;
    for (size_t i = 0; i < data.size(); ++i)
        if ((data[i] != 0) != (o.data[i] != 0))
            return false;
    return true;
}

Rle rleEncode(const Mask &mask)
{
    Rle rle{mask.width, mask.height, {}};
    bool current = false;
    uint32_t run = 0;
    for (int x = 0; x < mask.width; ++x) {
        for (int y = 0; y < mask.height; ++y) {
            const bool v = mask.at(x, y);
            if (v != current) {
                rle.counts.push_back(run);
                run = 0;
                current = v;
            }
            ++run;
        }
    }
    rle.counts.push_back(run);
    return rle;
}

std::optional<Mask> rleDecode(const Rle &rle)
{
    if (rle.width < 0 || rle.height < 0)
        return std::nullopt;
    const unsigned long long total = static_cast<unsigned long long>(rle.width) * static_cast<unsigned long long>(rle.height);
    unsigned long long sum = 0;
    for (uint32_t c : rle.counts)
        sum += c;
    if (sum != total)
        return std::nullopt;
    Mask m(rle.width, rle.height);
    unsigned long long pos = 0;
    bool value = false;
    for (uint32_t c : rle.counts) {
        if (value) {
            for (unsigned long long i = pos; i < pos + c; ++i) {
                const int x = int(i / static_cast<unsigned long long>(rle.height));
                const int y = int(i % static_cast<unsigned long long>(rle.height));
                m.set(x, y, true);
            }
        }
        pos += c;
        value = !value;
    }
    return m;
}

long long rleArea(const Rle &rle)
{
    long long a = 0;
    for (size_t i = 1; i < rle.counts.size(); i += 2)
        a += rle.counts[i];
    return a;
}

std::string rleToString(const Rle &rle)
{
    std::string out;
    for (size_t i = 0; i < rle.counts.size(); ++i) {
        long long x = rle.counts[i];
        if (i > 2)
            x -= static_cast<long long>(rle.counts[i - 2]);
        bool more = true;
        while (more) {
            long long c = x & 0x1f;
            x >>= 5; // arithmetic shift keeps the sign, as the format expects
            more = (c & 0x10) ? x != -1 : x != 0;
            if (more)
                c |= 0x20;
            out.push_back(char(c + 48));
        }
    }
    return out;
}

std::optional<Rle> rleFromString(const std::string &s, int width, int height)
{
    Rle rle{width, height, {}};
    size_t p = 0;
    while (p < s.size()) {
        long long x = 0;
        int k = 0;
        bool more = true;
        while (more) {
            if (p >= s.size() || k > 6)
                return std::nullopt;
            const long long c = static_cast<long long>(static_cast<unsigned char>(s[p])) - 48;
            if (c < 0 || c > 63)
                return std::nullopt;
            x |= (c & 0x1f) << (5 * k);
            more = (c & 0x20) != 0;
            ++p;
            ++k;
            if (!more && (c & 0x10))
                x |= -1LL << (5 * k);
        }
        const size_t m = rle.counts.size();
        if (m > 2)
            x += static_cast<long long>(rle.counts[m - 2]);
        if (x < 0 || x > std::numeric_limits<uint32_t>::max())
            return std::nullopt;
        rle.counts.push_back(static_cast<uint32_t>(x));
    }
    unsigned long long sum = 0;
    for (uint32_t c : rle.counts)
        sum += c;
    if (sum != static_cast<unsigned long long>(width) * static_cast<unsigned long long>(height))
        return std::nullopt;
    return rle;
}

} // namespace gc
