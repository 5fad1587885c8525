#include "expert/noun_phrases.h"

#include "core/utf8.h"

#include <algorithm>
#include <cctype>

namespace gc::expert {
namespace {

// Words that open a noun phrase.
const std::set<std::string> kOpeners = {
    "a", "an", "the", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "some", "several", "many", "few", "each", "every", "another", "both", "all", "his", "her", "its",
    "their", "my", "your", "our", "this", "that", "these", "those"};

// Function words that end one: verbs of being and having, prepositions, conjunctions, pronouns, adverbs.
const std::set<std::string> kClosers = {
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "can", "could",
    "will", "would", "should", "may", "might", "must", "shall", "of", "in", "on", "at", "to", "from", "with",
    "by", "near", "next", "above", "below", "under", "over", "behind", "beside", "besides", "between", "into",
    "onto", "across", "around", "inside", "outside", "along", "among", "toward", "towards", "against",
    "beneath", "underneath", "through", "for", "as", "like", "than", "and", "or", "but", "nor", "so", "yet",
    "while", "whereas", "which", "who", "whom", "whose", "where", "when", "there", "here", "it", "they", "he",
    "she", "we", "you", "i", "them", "him", "me", "us", "not", "no", "also", "very", "too", "just", "only",
    "then", "appears", "appear", "seems", "seem", "looks", "look", "shows", "show", "contains", "contain",
    "sits", "stands", "lies", "placed", "located", "positioned", "if", "because", "although", "though"};

// Heads that name a place in the picture or an amount, not an object to box.
const std::set<std::string> kNoObject = {
    "image", "images", "picture", "photo", "photograph", "scene", "view", "background", "foreground", "left",
    "right", "top", "bottom", "middle", "center", "centre", "side", "sides", "corner", "corners", "edge",
    "front", "back", "rest", "total", "number", "lot", "lots", "kind", "kinds", "type", "types", "way", "time",
    "moment", "question", "answer", "detail", "details", "thing", "things", "part", "parts", "area", "group",
    "set", "variety", "couple", "pair", "color", "colour", "colors", "colours", "shape", "shapes", "size"};

struct Word {
    std::string lower;
    size_t byteBegin = 0, byteEnd = 0;
    size_t cpBegin = 0, cpEnd = 0;
    bool endsClause = false; // punctuation other than a space or a hyphen follows before the next word
};

bool wordChar(char32_t c)
{
    return c >= 0x80 ? c != utf8::kInvalid : std::isalnum(int(c)) != 0 || c == '\'' || c == '-';
}

std::vector<Word> words(std::string_view s)
{
    std::vector<Word> out;
    size_t i = 0, cp = 0;
    while (i < s.size()) {
        char32_t c = 0;
        size_t n = utf8::decodeAt(s, i, &c);
        if (!wordChar(c)) {
            if (!out.empty() && !(c < 0x80 && std::isspace(int(c))))
                out.back().endsClause = true;
            i += n;
            ++cp;
            continue;
        }
        Word w;
        w.byteBegin = i;
        w.cpBegin = cp;
        while (i < s.size()) {
            n = utf8::decodeAt(s, i, &c);
            if (!wordChar(c))
                break;
            if (c < 0x80)
                w.lower += char(std::tolower(int(c)));
            else
                utf8::append(w.lower, c);
            i += n;
            ++cp;
        }
        // a trailing apostrophe or hyphen is punctuation (the boys' toys)
        while (!w.lower.empty() && (w.lower.back() == '\'' || w.lower.back() == '-')) {
            w.lower.pop_back();
            --i;
            --cp;
        }
        w.byteEnd = i;
        w.cpEnd = cp;
        if (!w.lower.empty())
            out.push_back(std::move(w));
        else
            ++i, ++cp;
    }
    return out;
}

bool isNumber(const std::string &w) { return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }); }

std::string singular(std::string w)
{
    if (w.size() > 2 && w.compare(w.size() - 2, 2, "'s") == 0)
        w.resize(w.size() - 2);
    if (w.size() > 4 && w.compare(w.size() - 3, 3, "ies") == 0)
        return w.substr(0, w.size() - 3) + "y";
    if (w.size() > 4 && (w.compare(w.size() - 4, 4, "ches") == 0 || w.compare(w.size() - 4, 4, "shes") == 0 ||
                         w.compare(w.size() - 3, 3, "xes") == 0 || w.compare(w.size() - 4, 4, "sses") == 0))
        return w.substr(0, w.size() - 2);
    if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's')
        w.pop_back();
    return w;
}

} // namespace

std::vector<PhraseSpan> nounPhrases(std::string_view answer, size_t limit)
{
    constexpr size_t kMaxWords = 6;
    const std::vector<Word> ws = words(answer);
    std::vector<PhraseSpan> out;
    for (size_t i = 0; i < ws.size() && out.size() < limit; ++i) {
        if (!kOpeners.count(ws[i].lower) && !isNumber(ws[i].lower))
            continue;
        // the content words after the opener, up to a function word, another opener or punctuation
        size_t end = i;
        bool comma = ws[i].endsClause;
        for (size_t k = i + 1; !comma && k < ws.size() && k - i <= kMaxWords; ++k) {
            const std::string &w = ws[k].lower;
            if (kClosers.count(w) || kOpeners.count(w) || isNumber(w))
                break;
            // "a cat sitting on…": a participle after the noun starts what the cat does
            if (end > i && w.size() > 4 && w.compare(w.size() - 3, 3, "ing") == 0)
                break;
            end = k;
            comma = ws[k].endsClause;
        }
        if (end == i)
            continue;
        if (kNoObject.count(ws[end].lower)) {
            i = end;
            continue;
        }
        PhraseSpan p;
        p.text = std::string(answer.substr(ws[i].byteBegin, ws[end].byteEnd - ws[i].byteBegin));
        p.span = {ws[i].cpBegin, ws[end].cpEnd};
        out.push_back(std::move(p));
        i = end;
    }
    return out;
}

std::set<std::string> contentWords(std::string_view phrase)
{
    std::set<std::string> out;
    for (const Word &w : words(phrase))
        if (!kOpeners.count(w.lower) && !kClosers.count(w.lower) && !isNumber(w.lower))
            out.insert(singular(w.lower));
    return out;
}

int objectCount(std::string_view phrase)
{
    static const std::vector<std::string> kNumbers = {"zero", "one", "two",   "three",  "four",  "five",  "six",
                                                      "seven", "eight", "nine", "ten", "eleven", "twelve"};
    const std::vector<Word> ws = words(phrase);
    for (const Word &w : ws) {
        if (w.lower == "both")
            return 2;
        if (const auto n = std::find(kNumbers.begin(), kNumbers.end(), w.lower); n != kNumbers.end() && n != kNumbers.begin())
            return int(n - kNumbers.begin());
        if (isNumber(w.lower) && w.lower.size() <= 4 && std::stoi(w.lower) > 0)
            return std::stoi(w.lower);
    }
    // the head noun, the phrase's last word, says whether it is one or more
    if (ws.empty() || singular(ws.back().lower) == ws.back().lower)
        return 1;
    const std::string &head = ws.back().lower;
    return head.size() > 2 && head.compare(head.size() - 2, 2, "'s") == 0 ? 1 : 0;
}

double wordAgreement(std::string_view phrase, std::string_view description)
{
    const std::set<std::string> want = contentWords(phrase), have = contentWords(description);
    if (want.empty())
        return 0;
    size_t shared = 0;
    for (const std::string &w : want)
        shared += have.count(w);
    return double(shared) / double(want.size());
}

} // namespace gc::expert
