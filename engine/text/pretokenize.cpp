#include "text/pretokenize.h"

#include "core/utf8.h"
#include "text/unicode_classes.h"

namespace gc::text {
namespace {

enum Class : unsigned char { Letter, Number, Space, Other };

struct Cp {
    size_t at; // byte offset in the text
    Class cls;
    char32_t cp;
};

std::vector<Cp> classify(std::string_view text)
{
    std::vector<Cp> out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        char32_t cp = 0;
        const size_t n = utf8::decodeAt(text, i, &cp);
        // an invalid byte is neither a letter, a digit nor white space: the reference never sees one (its
        // input is a valid string), and here it falls into the punctuation runs
        const Class c = cp == utf8::kInvalid      ? Other
                      : unicode::isLetter(cp)     ? Letter
                      : unicode::isNumber(cp)     ? Number
                      : unicode::isWhiteSpace(cp) ? Space
                                                  : Other;
        out.push_back({i, c, cp});
        i += n;
    }
    return out;
}

// Length in code points of the GPT-2 match at k (always >= 1).
size_t gpt2Match(const std::vector<Cp> &cps, size_t k)
{
    const size_t n = cps.size();
    const auto cpAt = [&](size_t j) { return j < n ? cps[j].cp : 0; };
    // 's|'t|'re|'ve|'m|'ll|'d (lower case only, as GPT-2 wrote it)
    if (cps[k].cp == '\'') {
        const char32_t a = cpAt(k + 1), b = cpAt(k + 2);
        if (a == 's' || a == 't' || a == 'm' || a == 'd')
            return 2;
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
            return 3;
    }
    // ' ?X+' for X = \p{L}, \p{N}, [^\s\p{L}\p{N}]: an optional plain space, then a run of one class
    const size_t start = cps[k].cp == ' ' && k + 1 < n && cps[k + 1].cls != Space ? k + 1 : k;
    const Class run = cps[start].cls;
    if (run != Space) {
        size_t j = start;
        while (j < n && cps[j].cls == run)
            ++j;
        return j - k;
    }
    // \s+(?!\S): the white-space run, less its last character when a non-space follows; else \s+
    size_t j = k;
    while (j < n && cps[j].cls == Space)
        ++j;
    if (j < n && j - k > 1)
        return j - k - 1;
    return j - k;
}

} // namespace

std::vector<std::string_view> preTokenize(PreTokenizer kind, std::string_view text)
{
    std::vector<std::string_view> words;
    const std::vector<Cp> cps = classify(text);
    size_t k = 0;
    while (k < cps.size()) {
        size_t len = 0;
        switch (kind) {
        case PreTokenizer::Gpt2:
            len = gpt2Match(cps, k);
            break;
        }
        const size_t from = cps[k].at;
        const size_t to = k + len < cps.size() ? cps[k + len].at : text.size();
        words.push_back(text.substr(from, to - from));
        k += len;
    }
    return words;
}

} // namespace gc::text
