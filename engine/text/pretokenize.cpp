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

bool isNewline(char32_t c) { return c == '\r' || c == '\n'; }

// The white-space tail shared by both patterns: \s+(?!\S), else \s+.
size_t spaceRun(const std::vector<Cp> &cps, size_t k)
{
    size_t j = k;
    while (j < cps.size() && cps[j].cls == Space)
        ++j;
    if (j < cps.size() && j - k > 1)
        return j - k - 1;
    return j - k;
}

size_t runEnd(const std::vector<Cp> &cps, size_t from, Class cls)
{
    size_t j = from;
    while (j < cps.size() && cps[j].cls == cls)
        ++j;
    return j;
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
    return spaceRun(cps, k);
}

// Length in code points of the Qwen2 match at k (always >= 1).
size_t qwen2Match(const std::vector<Cp> &cps, size_t k)
{
    const size_t n = cps.size();
    // (?i:...) folds case the Unicode way: the long s (U+017F) is an s too.
    const auto lowerAt = [&](size_t j) -> char32_t {
        const char32_t c = j < n ? cps[j].cp : 0;
        return c == 0x17F ? 's' : c >= 'A' && c <= 'Z' ? c + 32 : c;
    };
    if (cps[k].cp == '\'') {
        const char32_t a = lowerAt(k + 1), b = lowerAt(k + 2);
        if (a == 's' || a == 't' || a == 'm' || a == 'd')
            return 2;
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
            return 3;
    }
    const Class c = cps[k].cls;
    // [^\r\n\p{L}\p{N}]?\p{L}+
    if (c == Letter)
        return runEnd(cps, k, Letter) - k;
    if (c != Number && !isNewline(cps[k].cp) && k + 1 < n && cps[k + 1].cls == Letter)
        return runEnd(cps, k + 1, Letter) - k;
    // \p{N}: digits one by one
    if (c == Number)
        return 1;
    // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
    const size_t start = cps[k].cp == ' ' && k + 1 < n && cps[k + 1].cls == Other ? k + 1 : k;
    if (cps[start].cls == Other) {
        size_t j = runEnd(cps, start, Other);
        while (j < n && isNewline(cps[j].cp))
            ++j;
        return j - k;
    }
    // \s*[\r\n]+: the white space up to and including its last line break
    const size_t end = runEnd(cps, k, Space);
    for (size_t j = end; j > k; --j)
        if (isNewline(cps[j - 1].cp))
            return j - k;
    return spaceRun(cps, k);
}

} // namespace

bool preTokenizerOfPattern(std::string_view regex, PreTokenizer *kind)
{
    static constexpr std::string_view qwen2 =
        R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
    static constexpr std::string_view gpt2 = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
    if (regex == qwen2)
        *kind = PreTokenizer::Qwen2;
    else if (regex == gpt2)
        *kind = PreTokenizer::Gpt2;
    else
        return false;
    return true;
}

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
        case PreTokenizer::Qwen2:
            len = qwen2Match(cps, k);
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
