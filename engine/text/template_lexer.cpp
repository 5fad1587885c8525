#include "text/template_syntax.h"

#include <algorithm>
#include <cctype>

namespace gc::text::jinja {

void fail(int line, const std::string &what)
{
    throw TemplateError("chat template, line " + std::to_string(line) + ": " + what);
}

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Lexer {
public:
    explicit Lexer(std::string_view s) : m_s(s) {}

    std::vector<Segment> segments()
    {
        std::vector<Segment> out;
        bool stripNext = false, trimNewline = false;
        while (m_pos < m_s.size()) {
            const size_t segStart = m_pos;
            const size_t open = findOpen(m_pos);
            std::string text(m_s.substr(m_pos, open - m_pos));
            if (stripNext)
                text.erase(0, std::min(text.size(), text.find_first_not_of(" \t\n\r\f\v")));
            else if (trimNewline && !text.empty() && text[0] == '\n')
                text.erase(0, 1);
            else if (trimNewline && text.size() >= 2 && text[0] == '\r' && text[1] == '\n')
                text.erase(0, 2);
            stripNext = trimNewline = false;
            const int textLine = m_line;
            advanceLines(m_pos, open);
            m_pos = open;
            if (open == m_s.size()) {
                out.push_back({Segment::Text, text, {}, textLine});
                break;
            }
            const char kind = m_s[open + 1];
            const bool minusBefore = open + 2 < m_s.size() && m_s[open + 2] == '-';
            const bool plusBefore = open + 2 < m_s.size() && m_s[open + 2] == '+';
            if (minusBefore) {
                const size_t keep = text.find_last_not_of(" \t\n\r\f\v");
                text.erase(keep == std::string::npos ? 0 : keep + 1);
            } else if (kind != '{' && !plusBefore) {
                // lstrip_blocks: the spaces and tabs between the start of the tag's line (in the source) and the tag go
                size_t blank = open;
                while (blank > segStart && (m_s[blank - 1] == ' ' || m_s[blank - 1] == '\t'))
                    --blank;
                if (blank == 0 || m_s[blank - 1] == '\n')
                    text.erase(text.size() - std::min(text.size(), open - blank));
            }
            if (!text.empty())
                out.push_back({Segment::Text, text, {}, textLine});
            m_pos = open + 2 + (minusBefore || plusBefore ? 1 : 0);
            const int tagLine = m_line;
            bool minusAfter = false;
            if (kind == '#') {
                const size_t close = m_s.find("#}", m_pos);
                if (close == std::string::npos)
                    fail(tagLine, "a comment {# is never closed by #}");
                minusAfter = close > m_pos && m_s[close - 1] == '-';
                advanceLines(m_pos, close + 2);
                m_pos = close + 2;
                trimNewline = true;
            } else {
                Segment seg{kind == '{' ? Segment::Print : Segment::Statement, {}, {}, tagLine};
                seg.tokens = tagTokens(kind == '{' ? "}}" : "%}", minusAfter);
                trimNewline = kind == '%';
                out.push_back(std::move(seg));
            }
            stripNext = minusAfter;
        }
        return out;
    }

private:
    size_t findOpen(size_t from) const
    {
        for (size_t i = from; i + 1 < m_s.size(); ++i)
            if (m_s[i] == '{' && (m_s[i + 1] == '{' || m_s[i + 1] == '%' || m_s[i + 1] == '#'))
                return i;
        return m_s.size();
    }

    void advanceLines(size_t from, size_t to)
    {
        m_line += static_cast<int>(std::count(m_s.begin() + static_cast<std::ptrdiff_t>(from),
                                              m_s.begin() + static_cast<std::ptrdiff_t>(std::min(to, m_s.size())), '\n'));
    }

    // The tokens up to the closing delimiter, which is found outside string literals only.
    std::vector<Token> tagTokens(std::string_view close, bool &minusAfter)
    {
        std::vector<Token> out;
        const int startLine = m_line;
        while (true) {
            while (m_pos < m_s.size() && isSpace(m_s[m_pos])) {
                m_line += m_s[m_pos] == '\n';
                ++m_pos;
            }
            if (m_pos >= m_s.size())
                fail(startLine, std::string("a tag is never closed by ") + std::string(close));
            if (m_s.compare(m_pos, close.size(), close) == 0 ||
                (m_s[m_pos] == '-' && m_s.compare(m_pos + 1, close.size(), close) == 0)) {
                minusAfter = m_s[m_pos] == '-';
                m_pos += close.size() + (minusAfter ? 1 : 0);
                out.push_back({Tok::End, "", m_line});
                return out;
            }
            out.push_back(token());
        }
    }

    Token token()
    {
        const char c = m_s[m_pos];
        Token t{Tok::Op, "", m_line};
        if (isNameStart(c)) {
            const size_t start = m_pos;
            while (m_pos < m_s.size() && isNameChar(m_s[m_pos]))
                ++m_pos;
            t.kind = Tok::Name;
            t.text = std::string(m_s.substr(start, m_pos - start));
            return t;
        }
        if (std::isdigit(static_cast<unsigned char>(c))) {
            const size_t start = m_pos;
            while (m_pos < m_s.size() && (std::isdigit(static_cast<unsigned char>(m_s[m_pos])) || m_s[m_pos] == '_'))
                ++m_pos;
            t.kind = Tok::Int;
            if (m_pos + 1 < m_s.size() && m_s[m_pos] == '.' && std::isdigit(static_cast<unsigned char>(m_s[m_pos + 1]))) {
                ++m_pos;
                while (m_pos < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_pos])))
                    ++m_pos;
                t.kind = Tok::Float;
            }
            t.text = std::string(m_s.substr(start, m_pos - start));
            t.text.erase(std::remove(t.text.begin(), t.text.end(), '_'), t.text.end());
            return t;
        }
        if (c == '\'' || c == '"') {
            t.kind = Tok::String;
            ++m_pos;
            while (true) {
                if (m_pos >= m_s.size())
                    fail(t.line, "a string literal is never closed");
                const char ch = m_s[m_pos++];
                if (ch == c)
                    break;
                m_line += ch == '\n';
                if (ch != '\\') {
                    t.text += ch;
                    continue;
                }
                if (m_pos >= m_s.size())
                    fail(t.line, "a string literal is never closed");
                const char e = m_s[m_pos++];
                switch (e) {
                case 'n': t.text += '\n'; break;
                case 't': t.text += '\t'; break;
                case 'r': t.text += '\r'; break;
                case '\\': case '\'': case '"': t.text += e; break;
                default: t.text += '\\'; t.text += e; break;
                }
            }
            return t;
        }
        static const char *const twoChar[] = {"==", "!=", "<=", ">=", "//", "**"};
        for (const char *op : twoChar)
            if (m_s.compare(m_pos, 2, op) == 0) {
                m_pos += 2;
                t.text = op;
                return t;
            }
        if (std::string_view("()[]{},.:|~+-*/%<>=").find(c) == std::string_view::npos)
            fail(m_line, std::string("unexpected character '") + c + "' in a tag");
        ++m_pos;
        t.text = std::string(1, c);
        return t;
    }

    std::string_view m_s;
    size_t m_pos = 0;
    int m_line = 1;
};

} // namespace

std::vector<Segment> lexTemplate(std::string_view source) { return Lexer(source).segments(); }

} // namespace gc::text::jinja
