#include "text/unicode_classes.h"

#include <algorithm>
#include <iterator>

namespace gc::text::unicode {
namespace {

struct Range {
    char32_t first, last;
};

#include "text/unicode_classes_data.inc"

template<size_t N> bool inTable(const Range (&table)[N], char32_t cp)
{
    const Range *end = table + N;
    const Range *r = std::upper_bound(table, end, cp, [](char32_t c, const Range &x) { return c < x.first; });
    return r != table && cp <= std::prev(r)->last;
}

} // namespace

bool isLetter(char32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return inTable(kLetter, cp);
}

bool isNumber(char32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return inTable(kNumber, cp);
}

bool isWhiteSpace(char32_t cp) { return inTable(kWhiteSpace, cp); }

} // namespace gc::text::unicode
