#include "text/byte_level.h"

#include "core/utf8.h"

#include <array>

namespace gc::text::byte_level {
namespace {

// bytes_to_unicode() of GPT-2's encoder.py: the printable Latin-1 bytes stand for themselves, the other
// 68 bytes take the code points from U+0100 upwards, in byte order.
struct Tables {
    std::array<char32_t, 256> toChar{};
    std::array<int, 324> toByte{}; // every code point used is below U+0144
    Tables()
    {
        toByte.fill(-1);
        const auto printable = [](int b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE; };
        int next = 256;
        for (int b = 0; b < 256; ++b) {
            toChar[b] = static_cast<char32_t>(printable(b) ? b : next++);
            toByte[toChar[b]] = b;
        }
    }
};

const Tables &tables()
{
    static const Tables t;
    return t;
}

} // namespace

char32_t charOf(unsigned char byte) { return tables().toChar[byte]; }

std::string encode(std::string_view raw)
{
    std::string out;
    out.reserve(raw.size() * 2);
    for (char c : raw)
        utf8::append(out, charOf(static_cast<unsigned char>(c)));
    return out;
}

bool decode(std::string_view token, std::string &out)
{
    const Tables &t = tables();
    std::string bytes;
    bytes.reserve(token.size());
    for (size_t i = 0; i < token.size();) {
        char32_t cp = 0;
        i += utf8::decodeAt(token, i, &cp);
        if (cp >= t.toByte.size() || t.toByte[cp] < 0)
            return false;
        bytes.push_back(static_cast<char>(t.toByte[cp]));
    }
    out += bytes;
    return true;
}

} // namespace gc::text::byte_level
