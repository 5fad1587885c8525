#include "text/nfc.h"

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace gc::text {

std::string nfc(std::string_view utf8)
{
    // ASCII is its own NFC, and it is what prompts mostly are.
    if (std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return std::string(utf8);
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *form = unorm2_getNFCInstance(&err);
    if (U_FAILURE(err) || utf8.size() > INT32_MAX / 2)
        return std::string(utf8);
    std::vector<UChar> wide(utf8.size() + 1);
    int32_t wideLength = 0;
    u_strFromUTF8(wide.data(), static_cast<int32_t>(wide.size()), &wideLength, utf8.data(),
                  static_cast<int32_t>(utf8.size()), &err);
    if (U_FAILURE(err)) // invalid UTF-8
        return std::string(utf8);
    if (unorm2_isNormalized(form, wide.data(), wideLength, &err) && U_SUCCESS(err))
        return std::string(utf8);
    err = U_ZERO_ERROR;
    // NFC of UTF-16 text is at most three times as long (the standard's bound for composition forms)
    std::vector<UChar> normal(static_cast<size_t>(wideLength) * 3 + 1);
    const int32_t normalLength =
        unorm2_normalize(form, wide.data(), wideLength, normal.data(), static_cast<int32_t>(normal.size()), &err);
    if (U_FAILURE(err))
        return std::string(utf8);
    std::string out(static_cast<size_t>(normalLength) * 3 + 1, '\0');
    int32_t outLength = 0;
    u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &outLength, normal.data(), normalLength, &err);
    if (U_FAILURE(err))
        return std::string(utf8);
    out.resize(static_cast<size_t>(outLength));
    return out;
}

} // namespace gc::text
