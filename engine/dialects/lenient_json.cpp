#include "lenient_json.h"

#include "core/utf8.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace gc::dialects {
namespace {

// Only a few candidate starts are tried so that a megabyte of brackets stays linear.
constexpr int kMaxCandidates = 4;

bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isIdentChar(char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); }
bool isNumberChar(char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

enum class Outcome { Closed, Truncated, Bad };

// Rewrites one model-written value into strict JSON in a single pass with an explicit stack
// (no recursion), remembering for every open container where its last complete element ended, so
// a cut-off answer can be closed right after it.
class Normalizer {
public:
    Normalizer(std::string_view text, size_t maxDepth) : m_t(text), m_maxDepth(maxDepth) {}

    Outcome run(size_t start)
    {
        size_t i = start;
        while (i < m_t.size()) {
            const char c = m_t[i];
            if (utf8::isSpace(c)) {
                ++i;
                continue;
            }
            if (c == '[' || c == '(' || c == '{') {
                if (m_stack.size() >= m_maxDepth)
                    return Outcome::Bad;
                if (c == '(')
                    m_repaired = true;
                m_out += c == '{' ? '{' : '[';
                m_stack.push_back({c == '{' ? '{' : '[', m_out.size(), false});
                ++i;
                continue;
            }
            if (m_stack.empty())
                return Outcome::Bad;
            if (c == ']' || c == ')' || c == '}') {
                const char want = m_stack.back().kind == '{' ? '}' : ']';
                if ((c == '}') != (want == '}'))
                    return Outcome::Bad;
                dropTrailingComma();
                m_out += want;
                m_stack.pop_back();
                ++i;
                if (m_stack.empty()) {
                    m_end = i;
                    return Outcome::Closed;
                }
                valueCompleted();
                continue;
            }
            if (c == ',') {
                if (m_out.back() == ',' || m_out.back() == '[' || m_out.back() == '{')
                    m_repaired = true; // a doubled or leading comma
                else
                    m_out += ',';
                ++i;
                continue;
            }
            if (c == ':') {
                if (m_stack.back().kind != '{')
                    return Outcome::Bad;
                m_out += ':';
                m_stack.back().afterColon = true;
                ++i;
                continue;
            }
            Outcome o = Outcome::Closed;
            if (c == '"' || c == '\'')
                o = string(i);
            else if (isNumberChar(c))
                o = number(i);
            else if (isIdentStart(c))
                o = identifier(i);
            else
                return Outcome::Bad;
            if (o != Outcome::Closed)
                return o;
        }
        return Outcome::Truncated;
    }

    // Cuts the output back to complete elements and closes what is still open.
    void repairTruncation()
    {
        // An object that is an element of an array is only kept once its brace arrived: cut at the
        // outermost such object, right after the array's last complete element.
        size_t keep = m_stack.size();
        for (size_t k = 1; k < m_stack.size(); ++k) {
            if (m_stack[k].kind == '{' && m_stack[k - 1].kind == '[') {
                keep = k;
                break;
            }
        }
        const size_t cut = m_stack[keep - 1].lastComplete;
        m_stack.resize(keep);
        m_out.resize(cut);
        dropTrailingComma();
        for (size_t k = m_stack.size(); k-- > 0;)
            m_out += m_stack[k].kind == '{' ? '}' : ']';
        m_stack.clear();
    }

    [[nodiscard]] const std::string &output() const { return m_out; }
    [[nodiscard]] size_t end() const { return m_end; }
    [[nodiscard]] bool repaired() const { return m_repaired; }

private:
    struct Frame {
        char kind;
        size_t lastComplete; // output length just after the last complete element
        bool afterColon;     // objects: a key and ':' were written, the value is pending
    };

    void dropTrailingComma()
    {
        if (!m_out.empty() && m_out.back() == ',') {
            m_out.pop_back();
            m_repaired = true;
        }
    }

    void valueCompleted()
    {
        Frame &f = m_stack.back();
        if (f.kind == '[') {
            f.lastComplete = m_out.size();
        } else if (f.afterColon) {
            f.lastComplete = m_out.size();
            f.afterColon = false;
        }
    }

    [[nodiscard]] bool expectingKey() const { return m_stack.back().kind == '{' && !m_stack.back().afterColon; }

    Outcome string(size_t &i)
    {
        const char quote = m_t[i];
        if (quote == '\'')
            m_repaired = true;
        std::string s = "\"";
        size_t j = i + 1;
        for (;;) {
            if (j >= m_t.size())
                return Outcome::Truncated;
            const char ch = m_t[j];
            if (ch == quote) {
                ++j;
                break;
            }
            if (ch == '\\') {
                if (j + 1 >= m_t.size())
                    return Outcome::Truncated;
                const char next = m_t[j + 1];
                if (next == '\'') {
                    s += '\'';
                } else if (next == 'u') {
                    if (j + 6 > m_t.size())
                        return Outcome::Truncated;
                    bool hex = true;
                    for (size_t k = j + 2; k < j + 6; ++k)
                        hex = hex && std::isxdigit(static_cast<unsigned char>(m_t[k]));
                    // lone surrogates would make the strict parser reject the whole answer
                    const bool surrogate = hex && (m_t[j + 2] == 'd' || m_t[j + 2] == 'D') &&
                                           std::string_view("89abAB").find(m_t[j + 3]) != std::string_view::npos;
                    s += hex && !surrogate ? "\\u" : "\\\\u";
                } else if (std::string_view("\"\\/bfnrt").find(next) != std::string_view::npos) {
                    s += '\\';
                    s += next;
                } else {
                    s += "\\\\";
                    s += next;
                }
                j += 2;
                continue;
            }
            if (ch == '"') {
                s += "\\\"";
            } else if (static_cast<unsigned char>(ch) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(ch)));
                s += buf;
            } else {
                s += ch;
            }
            ++j;
        }
        s += '"';
        const bool key = expectingKey();
        m_out += s;
        i = j;
        if (!key)
            valueCompleted();
        return Outcome::Closed;
    }

    Outcome number(size_t &i)
    {
        size_t j = i;
        while (j < m_t.size() && isNumberChar(m_t[j]) && j - i < 64)
            ++j;
        if (j >= m_t.size())
            return Outcome::Truncated; // digits at the very end may still grow
        if (expectingKey())
            return Outcome::Bad;
        const std::string tok(m_t.substr(i, j - i));
        char *endp = nullptr;
        const double v = std::strtod(tok.c_str(), &endp);
        if (endp != tok.c_str() + tok.size() || !std::isfinite(v))
            return Outcome::Bad;
        bool integral = tok.size() <= 16;
        for (char ch : tok)
            integral = integral && ((ch >= '0' && ch <= '9') || ch == '-' || ch == '+');
        char buf[40];
        if (integral)
            std::snprintf(buf, sizeof buf, "%lld", std::strtoll(tok.c_str(), nullptr, 10));
        else
            std::snprintf(buf, sizeof buf, "%.17g", v);
        if (tok != buf)
            m_repaired = m_repaired || tok.front() == '+' || tok.front() == '.' || tok.back() == '.';
        m_out += buf;
        i = j;
        valueCompleted();
        return Outcome::Closed;
    }

    Outcome identifier(size_t &i)
    {
        size_t j = i;
        while (j < m_t.size() && isIdentChar(m_t[j]) && j - i < 64)
            ++j;
        if (j >= m_t.size())
            return Outcome::Truncated; // "tru" may still become "true"
        const std::string_view word = m_t.substr(i, j - i);
        const bool key = expectingKey();
        if (key) {
            m_out += '"';
            m_out += word;
            m_out += '"';
            m_repaired = true;
        } else if (word == "true" || word == "True") {
            m_out += "true";
        } else if (word == "false" || word == "False") {
            m_out += "false";
        } else if (word == "null" || word == "None") {
            m_out += "null";
        } else {
            return Outcome::Bad;
        }
        if (word != "true" && word != "false" && word != "null")
            m_repaired = true;
        i = j;
        if (!key)
            valueCompleted();
        return Outcome::Closed;
    }

    std::string_view m_t;
    size_t m_maxDepth;
    std::string m_out;
    std::vector<Frame> m_stack;
    size_t m_end = 0;
    bool m_repaired = false;
};

} // namespace

FenceRange findCodeFence(std::string_view text)
{
    FenceRange r;
    const size_t open = text.find("```");
    if (open == std::string_view::npos)
        return r;
    size_t body = open + 3;
    // an info string ("json", "python") up to the end of the line belongs to the fence
    size_t k = body;
    while (k < text.size() && isIdentChar(text[k]))
        ++k;
    if (k < text.size() && (text[k] == '\n' || text[k] == '\r'))
        body = k;
    else if (k == text.size())
        body = k;
    r.fenceBegin = open;
    r.bodyBegin = body;
    const size_t close = text.find("```", body);
    if (close == std::string_view::npos) {
        r.bodyEnd = r.fenceEnd = text.size();
    } else {
        r.bodyEnd = close;
        r.fenceEnd = close + 3;
    }
    return r;
}

LenientJson parseLenientJson(std::string_view text, size_t maxDepth)
{
    LenientJson result;
    const FenceRange fence = findCodeFence(text);
    const bool fenced = fence.fenceBegin != std::string_view::npos;
    const size_t lo = fenced ? fence.bodyBegin : 0;
    const std::string_view body = text.substr(0, fenced ? fence.bodyEnd : text.size());
    if (maxDepth == 0)
        return result;

    size_t from = lo;
    for (int attempt = 0; attempt < kMaxCandidates; ++attempt) {
        const size_t start = body.find_first_of("[{", from);
        if (start == std::string_view::npos)
            break;
        from = start + 1;
        Normalizer norm(body, maxDepth);
        const Outcome o = norm.run(start);
        if (o == Outcome::Bad)
            continue;
        if (o == Outcome::Truncated)
            norm.repairTruncation();
        nlohmann::json value = nlohmann::json::parse(utf8::sanitize(norm.output()), nullptr, false);
        if (value.is_discarded())
            continue;
        result.ok = true;
        result.value = std::move(value);
        result.truncated = o == Outcome::Truncated;
        result.repaired = norm.repaired() || result.truncated;
        result.begin = fenced ? fence.fenceBegin : start;
        result.end = fenced ? fence.fenceEnd : (result.truncated ? text.size() : norm.end());
        return result;
    }
    return result;
}

} // namespace gc::dialects
