#include "text/chat_template.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <vector>

namespace gc::text {

namespace {

using json = nlohmann::json;

[[noreturn]] void fail(int line, const std::string &what)
{
    throw TemplateError("chat template, line " + std::to_string(line) + ": " + what);
}

// ---- lexing ---------------------------------------------------------------------------------------------

enum class Tok { Name, String, Int, Float, Op, End };

struct Token {
    Tok kind = Tok::End;
    std::string text; // the name, the string's value, the operator, the number as written
    int line = 1;
};

// One piece of the source: text as it is, or the tokens of a {{ }} or {% %} tag.
struct Segment {
    enum Kind { Text, Print, Statement } kind = Text;
    std::string text;
    std::vector<Token> tokens;
    int line = 1;
};

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

// ---- syntax tree ----------------------------------------------------------------------------------------

struct Expr {
    enum Kind { Literal, Name, Attr, Item, Call, Filter, Test, Unary, Binary, Ternary, List, Dict } kind = Literal;
    int line = 1;
    json value;                             // Literal
    std::string name;                       // Name, Attr, Call (method or function), Filter, Test, Unary/Binary op
    std::vector<std::unique_ptr<Expr>> sub; // operands; Call/Filter/Test: the subject (or null) then the arguments
    std::vector<std::string> keywords;      // Call: the name of each argument, "" when positional
    bool negated = false;                   // Test: "is not"
};
using ExprPtr = std::unique_ptr<Expr>;

struct Node;
using Body = std::vector<std::unique_ptr<Node>>;

struct Node {
    enum Kind { Text, Print, If, For, Set } kind = Text;
    int line = 1;
    std::string text;                                // Text
    ExprPtr expr;                                    // Print, Set's value, For's iterable
    std::vector<std::pair<ExprPtr, Body>> branches;  // If: condition (null for else) and body
    std::vector<std::string> targets;                // For: the loop names; Set: name [, attribute]
    ExprPtr filter;                                  // For: "if" condition
    Body body, elseBody;                             // For
};

class Parser {
public:
    Parser(std::vector<Segment> segments, int maxDepth) : m_segs(std::move(segments)), m_maxDepth(maxDepth) {}

    Body parseTemplate()
    {
        std::string end;
        Body b = parseBody({}, end);
        return b;
    }

private:
    // Statements up to one of `ends` (its keyword goes to `ended`), or the template's end when `ends` is empty.
    Body parseBody(const std::vector<std::string> &ends, std::string &ended)
    {
        if (++m_depth > m_maxDepth)
            fail(line(), "blocks nested too deeply");
        Body body;
        while (m_seg < m_segs.size()) {
            Segment &s = m_segs[m_seg];
            if (s.kind == Segment::Text) {
                auto n = std::make_unique<Node>();
                n->kind = Node::Text;
                n->text = s.text;
                n->line = s.line;
                body.push_back(std::move(n));
                ++m_seg;
                continue;
            }
            m_tokens = &s.tokens;
            m_tok = 0;
            if (s.kind == Segment::Print) {
                ++m_seg;
                auto n = std::make_unique<Node>();
                n->kind = Node::Print;
                n->line = s.line;
                n->expr = expression();
                expectEnd();
                body.push_back(std::move(n));
                continue;
            }
            const Token &kw = peek();
            if (kw.kind != Tok::Name)
                fail(kw.line, "a {% %} tag must begin with a keyword");
            if (std::find(ends.begin(), ends.end(), kw.text) != ends.end()) {
                ended = kw.text;
                --m_depth;
                return body; // the caller reads the rest of this tag
            }
            ++m_seg;
            next();
            if (kw.text == "if")
                body.push_back(parseIf(s.line));
            else if (kw.text == "for")
                body.push_back(parseFor(s.line));
            else if (kw.text == "set")
                body.push_back(parseSet(s.line));
            else if (kw.text == "generation") {
                expectEnd();
                std::string e;
                Body inner = parseBody({"endgeneration"}, e);
                closeTag(e, "generation", s.line);
                for (auto &n : inner)
                    body.push_back(std::move(n));
            } else
                fail(kw.line, "unsupported or misplaced tag '" + kw.text + "'");
        }
        if (!ends.empty())
            fail(line(), "the template ends where {% " + ends.back() + " %} is missing");
        --m_depth;
        return body;
    }

    // After parseBody stopped at `ended`: the tag must be one that closes `what`.
    void closeTag(const std::string &ended, const std::string &what, int opened)
    {
        if (ended.empty())
            fail(opened, "{% " + what + " %} is never closed");
        ++m_seg;
        next();
        expectEnd();
    }

    std::unique_ptr<Node> parseIf(int ln)
    {
        auto n = std::make_unique<Node>();
        n->kind = Node::If;
        n->line = ln;
        ExprPtr cond = expression();
        expectEnd();
        while (true) {
            std::string ended;
            Body b = parseBody({"elif", "else", "endif"}, ended);
            n->branches.emplace_back(std::move(cond), std::move(b));
            ++m_seg;
            next();
            if (ended == "elif") {
                if (!n->branches.back().first)
                    fail(ln, "{% elif %} after {% else %}");
                cond = expression();
                expectEnd();
            } else if (ended == "else") {
                if (!n->branches.back().first)
                    fail(ln, "two {% else %} in one {% if %}");
                cond = nullptr;
                expectEnd();
            } else {
                expectEnd();
                return n;
            }
        }
    }

    std::unique_ptr<Node> parseFor(int ln)
    {
        auto n = std::make_unique<Node>();
        n->kind = Node::For;
        n->line = ln;
        n->targets.push_back(name());
        while (peekOp(",")) {
            next();
            n->targets.push_back(name());
        }
        if (n->targets.size() > 2)
            fail(ln, "a for loop unpacks at most two names");
        if (peek().kind != Tok::Name || peek().text != "in")
            fail(ln, "expected 'in' in a for loop");
        next();
        n->expr = orExpr();
        if (peek().kind == Tok::Name && peek().text == "if") {
            next();
            n->filter = orExpr();
        }
        expectEnd();
        std::string ended;
        n->body = parseBody({"else", "endfor"}, ended);
        if (ended == "else") {
            ++m_seg;
            next();
            expectEnd();
            n->elseBody = parseBody({"endfor"}, ended);
        }
        closeTag(ended, "for", ln);
        return n;
    }

    std::unique_ptr<Node> parseSet(int ln)
    {
        auto n = std::make_unique<Node>();
        n->kind = Node::Set;
        n->line = ln;
        n->targets.push_back(name());
        if (peekOp(".")) {
            next();
            n->targets.push_back(name());
        }
        if (!peekOp("="))
            fail(ln, "only '{% set name = value %}' is supported (no block set)");
        next();
        n->expr = expression();
        expectEnd();
        return n;
    }

    // ---- expressions

    const Token &peek() const { return (*m_tokens)[m_tok]; }
    const Token &next()
    {
        const Token &t = (*m_tokens)[m_tok];
        if (t.kind != Tok::End)
            ++m_tok;
        return t;
    }
    bool peekOp(const char *op) const { return peek().kind == Tok::Op && peek().text == op; }
    bool peekName(const char *n) const { return peek().kind == Tok::Name && peek().text == n; }
    int line() const { return m_tokens && m_tok < m_tokens->size() ? peek().line : (m_segs.empty() ? 1 : m_segs.back().line); }
    void expectOp(const char *op)
    {
        if (!peekOp(op))
            fail(peek().line, std::string("expected '") + op + "'" + found());
        next();
    }
    void expectEnd()
    {
        if (peek().kind != Tok::End)
            fail(peek().line, "unexpected '" + peek().text + "' before the end of the tag");
    }
    std::string found() const { return peek().kind == Tok::End ? " at the end of the tag" : " before '" + peek().text + "'"; }
    std::string name()
    {
        if (peek().kind != Tok::Name)
            fail(peek().line, "expected a name" + found());
        return next().text;
    }

    ExprPtr make(Expr::Kind k, std::string n = {})
    {
        auto e = std::make_unique<Expr>();
        e->kind = k;
        e->line = peek().line;
        e->name = std::move(n);
        return e;
    }
    ExprPtr binary(std::string op, ExprPtr a, ExprPtr b)
    {
        ExprPtr e = make(Expr::Binary, std::move(op));
        e->sub.push_back(std::move(a));
        e->sub.push_back(std::move(b));
        return e;
    }

    struct DepthGuard {
        Parser &p;
        explicit DepthGuard(Parser &parser) : p(parser)
        {
            if (++p.m_exprDepth > p.m_maxDepth)
                fail(p.peek().line, "an expression nested too deeply");
        }
        ~DepthGuard() { --p.m_exprDepth; }
    };

    ExprPtr expression()
    {
        DepthGuard g(*this);
        ExprPtr e = orExpr();
        if (peekName("if")) {
            next();
            ExprPtr t = make(Expr::Ternary);
            ExprPtr cond = orExpr();
            ExprPtr otherwise;
            if (peekName("else")) {
                next();
                otherwise = expression();
            }
            t->sub.push_back(std::move(cond));
            t->sub.push_back(std::move(e));
            t->sub.push_back(std::move(otherwise));
            return t;
        }
        return e;
    }
    ExprPtr orExpr()
    {
        ExprPtr e = andExpr();
        while (peekName("or")) {
            next();
            e = binary("or", std::move(e), andExpr());
        }
        return e;
    }
    ExprPtr andExpr()
    {
        ExprPtr e = notExpr();
        while (peekName("and")) {
            next();
            e = binary("and", std::move(e), notExpr());
        }
        return e;
    }
    ExprPtr notExpr()
    {
        DepthGuard g(*this);
        if (peekName("not")) {
            next();
            ExprPtr e = make(Expr::Unary, "not");
            e->sub.push_back(notExpr());
            return e;
        }
        return compare();
    }
    ExprPtr compare()
    {
        ExprPtr e = concat();
        while (true) {
            static const char *const ops[] = {"==", "!=", "<", ">", "<=", ">="};
            std::string op;
            for (const char *o : ops)
                if (peekOp(o))
                    op = o;
            if (!op.empty()) {
                next();
            } else if (peekName("in")) {
                next();
                op = "in";
            } else if (peekName("not") && m_tok + 1 < m_tokens->size() && (*m_tokens)[m_tok + 1].kind == Tok::Name &&
                       (*m_tokens)[m_tok + 1].text == "in") {
                next();
                next();
                op = "not in";
            } else {
                return e;
            }
            e = binary(op, std::move(e), concat());
        }
    }
    ExprPtr concat()
    {
        ExprPtr e = additive();
        while (peekOp("~")) {
            next();
            e = binary("~", std::move(e), additive());
        }
        return e;
    }
    ExprPtr additive()
    {
        ExprPtr e = multiplicative();
        while (peekOp("+") || peekOp("-")) {
            const std::string op = next().text;
            e = binary(op, std::move(e), multiplicative());
        }
        return e;
    }
    ExprPtr multiplicative()
    {
        ExprPtr e = unary();
        while (peekOp("*") || peekOp("/") || peekOp("//") || peekOp("%")) {
            const std::string op = next().text;
            e = binary(op, std::move(e), unary());
        }
        return e;
    }
    ExprPtr unary()
    {
        DepthGuard g(*this);
        if (peekOp("-") || peekOp("+")) {
            ExprPtr e = make(Expr::Unary, next().text);
            e->sub.push_back(unary());
            return e;
        }
        return postfix(primary());
    }

    void arguments(Expr &call)
    {
        expectOp("(");
        while (!peekOp(")")) {
            std::string kw;
            if (peek().kind == Tok::Name && m_tok + 1 < m_tokens->size() && (*m_tokens)[m_tok + 1].kind == Tok::Op &&
                (*m_tokens)[m_tok + 1].text == "=") {
                kw = next().text;
                next();
            }
            call.keywords.push_back(kw);
            call.sub.push_back(expression());
            if (!peekOp(","))
                break;
            next();
        }
        expectOp(")");
    }

    ExprPtr postfix(ExprPtr e)
    {
        while (true) {
            if (peekOp(".")) {
                next();
                const std::string n = name();
                if (peekOp("(")) {
                    ExprPtr c = make(Expr::Call, n);
                    c->sub.push_back(std::move(e));
                    c->keywords.push_back("");
                    arguments(*c);
                    e = std::move(c);
                } else {
                    ExprPtr a = make(Expr::Attr, n);
                    a->sub.push_back(std::move(e));
                    e = std::move(a);
                }
            } else if (peekOp("[")) {
                next();
                ExprPtr i = make(Expr::Item);
                i->sub.push_back(std::move(e));
                i->sub.push_back(expression());
                expectOp("]");
                e = std::move(i);
            } else if (peekOp("(")) {
                if (e->kind != Expr::Name)
                    fail(peek().line, "only named functions can be called");
                ExprPtr c = make(Expr::Call, e->name);
                c->sub.push_back(nullptr);
                c->keywords.push_back("");
                arguments(*c);
                e = std::move(c);
            } else if (peekOp("|")) {
                next();
                ExprPtr f = make(Expr::Filter, name());
                f->sub.push_back(std::move(e));
                f->keywords.push_back("");
                if (peekOp("("))
                    arguments(*f);
                e = std::move(f);
            } else if (peekName("is")) {
                next();
                ExprPtr t = make(Expr::Test);
                if (peekName("not")) {
                    next();
                    t->negated = true;
                }
                t->name = name();
                t->sub.push_back(std::move(e));
                t->keywords.push_back("");
                if (peekOp("("))
                    arguments(*t);
                else if (peek().kind == Tok::String || peek().kind == Tok::Int || peek().kind == Tok::Float) {
                    t->keywords.push_back("");
                    t->sub.push_back(primary());
                }
                e = std::move(t);
            } else {
                return e;
            }
        }
    }

    ExprPtr primary()
    {
        DepthGuard g(*this);
        const Token &t = peek();
        switch (t.kind) {
        case Tok::String: {
            ExprPtr e = make(Expr::Literal);
            std::string s = next().text;
            while (peek().kind == Tok::String) // adjacent literals join, as in Python
                s += next().text;
            e->value = s;
            return e;
        }
        case Tok::Int: {
            ExprPtr e = make(Expr::Literal);
            try {
                e->value = std::stoll(next().text);
            } catch (const std::exception &) {
                fail(t.line, "integer literal out of range");
            }
            return e;
        }
        case Tok::Float: {
            ExprPtr e = make(Expr::Literal);
            e->value = std::stod(next().text);
            return e;
        }
        case Tok::Name: {
            const std::string n = next().text;
            ExprPtr e = make(Expr::Literal);
            if (n == "true" || n == "True")
                e->value = true;
            else if (n == "false" || n == "False")
                e->value = false;
            else if (n == "none" || n == "None")
                e->value = nullptr;
            else {
                e->kind = Expr::Name;
                e->name = n;
            }
            return e;
        }
        case Tok::Op:
            if (t.text == "(") {
                next();
                ExprPtr e = expression();
                expectOp(")");
                return e;
            }
            if (t.text == "[") {
                next();
                ExprPtr e = make(Expr::List);
                while (!peekOp("]")) {
                    e->sub.push_back(expression());
                    if (!peekOp(","))
                        break;
                    next();
                }
                expectOp("]");
                return e;
            }
            if (t.text == "{") {
                next();
                ExprPtr e = make(Expr::Dict);
                while (!peekOp("}")) {
                    e->sub.push_back(expression());
                    expectOp(":");
                    e->sub.push_back(expression());
                    if (!peekOp(","))
                        break;
                    next();
                }
                expectOp("}");
                return e;
            }
            break;
        case Tok::End:
            fail(t.line, "an expression is missing at the end of the tag");
        }
        fail(t.line, "unexpected '" + t.text + "' in an expression");
    }

    std::vector<Segment> m_segs;
    size_t m_seg = 0;
    const std::vector<Token> *m_tokens = nullptr;
    size_t m_tok = 0;
    int m_maxDepth;
    int m_depth = 0, m_exprDepth = 0;
};

// ---- values ---------------------------------------------------------------------------------------------

// A value while rendering: JSON, Jinja's undefined, or a namespace() whose attributes `set` may change.
struct Value {
    enum Kind { Undefined, Json, Namespace } kind = Undefined;
    json j;
    std::shared_ptr<json> ns;
    std::string undefinedName; // what was looked up, for the error when an undefined value is used

    static Value of(json v)
    {
        Value r;
        r.kind = Json;
        r.j = std::move(v);
        return r;
    }
    static Value undefined(std::string what)
    {
        Value r;
        r.undefinedName = std::move(what);
        return r;
    }
};

std::string pyRepr(const json &v);

std::string numberText(const json &v)
{
    if (v.is_number_integer())
        return v.dump();
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e16) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.1f", d);
        return buf;
    }
    return v.dump();
}

// str() of a value, as Python prints it.
std::string str(const json &v)
{
    switch (v.type()) {
    case json::value_t::string: return v.get<std::string>();
    case json::value_t::boolean: return v.get<bool>() ? "True" : "False";
    case json::value_t::null: return "None";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return numberText(v);
    default: return pyRepr(v);
    }
}

std::string pyRepr(const json &v)
{
    if (v.is_string()) {
        std::string s = "'";
        for (char c : v.get<std::string>()) {
            if (c == '\'' || c == '\\')
                s += '\\';
            if (c == '\n') {
                s += "\\n";
                continue;
            }
            s += c;
        }
        return s + "'";
    }
    if (v.is_array()) {
        std::string s = "[";
        for (size_t i = 0; i < v.size(); ++i)
            s += (i ? ", " : "") + pyRepr(v[i]);
        return s + "]";
    }
    if (v.is_object()) {
        std::string s = "{";
        bool first = true;
        for (const auto &[k, x] : v.items()) {
            s += (first ? "" : ", ") + pyRepr(json(k)) + ": " + pyRepr(x);
            first = false;
        }
        return s + "}";
    }
    return str(v);
}

// Python's json.dumps(v, ensure_ascii=False): ", " and ": " between items.
void toJson(const json &v, std::string &out)
{
    if (v.is_array()) {
        out += '[';
        for (size_t i = 0; i < v.size(); ++i) {
            if (i)
                out += ", ";
            toJson(v[i], out);
        }
        out += ']';
    } else if (v.is_object()) {
        out += '{';
        bool first = true;
        for (const auto &[k, x] : v.items()) {
            if (!first)
                out += ", ";
            first = false;
            out += json(k).dump(-1, ' ', false, json::error_handler_t::replace);
            out += ": ";
            toJson(x, out);
        }
        out += '}';
    } else if (v.is_number_float()) {
        out += numberText(v);
    } else {
        out += v.dump(-1, ' ', false, json::error_handler_t::replace);
    }
}

bool truthy(const Value &v)
{
    if (v.kind == Value::Undefined)
        return false;
    if (v.kind == Value::Namespace)
        return true;
    const json &j = v.j;
    switch (j.type()) {
    case json::value_t::null: return false;
    case json::value_t::boolean: return j.get<bool>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return j.get<int64_t>() != 0;
    case json::value_t::number_float: return j.get<double>() != 0;
    case json::value_t::string:
    case json::value_t::array:
    case json::value_t::object: return !j.empty();
    default: return true;
    }
}

std::string upper(std::string s)
{
    for (char &c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}
std::string lower(std::string s)
{
    for (char &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
std::string title(std::string s)
{
    bool start = true;
    for (char &c : s) {
        const unsigned char u = static_cast<unsigned char>(c);
        c = static_cast<char>(start ? std::toupper(u) : std::tolower(u));
        start = !std::isalnum(u);
    }
    return s;
}
std::string strip(const std::string &s, const std::string &chars, bool left, bool right)
{
    const size_t a = left ? s.find_first_not_of(chars) : 0;
    if (a == std::string::npos)
        return {};
    const size_t b = right ? s.find_last_not_of(chars) : s.size() - 1;
    return s.substr(a, b - a + 1);
}
const std::string kWhitespace = " \t\n\r\f\v";

// ---- rendering ------------------------------------------------------------------------------------------

class Renderer {
public:
    Renderer(const TemplateLimits &limits, const json &context) : m_limits(limits)
    {
        m_scopes.emplace_back();
        if (context.is_object())
            for (const auto &[k, v] : context.items())
                m_scopes.back()[k] = Value::of(v);
    }

    void run(const Body &body)
    {
        if (++m_depth > m_limits.maxDepth)
            fail(body.empty() ? 1 : body.front()->line, "blocks nested too deeply");
        for (const auto &n : body)
            node(*n);
        --m_depth;
    }

    std::string out;

private:
    void step(int line)
    {
        if (++m_steps > m_limits.maxSteps)
            fail(line, "the template does too much work (more than " + std::to_string(m_limits.maxSteps) + " steps)");
    }
    void write(const std::string &s, int line)
    {
        if (out.size() + s.size() > m_limits.maxOutput)
            fail(line, "the template writes more than " + std::to_string(m_limits.maxOutput) + " bytes");
        out += s;
    }

    void node(const Node &n)
    {
        step(n.line);
        switch (n.kind) {
        case Node::Text: write(n.text, n.line); break;
        case Node::Print: write(text(eval(*n.expr), n.line), n.line); break;
        case Node::If:
            for (const auto &[cond, body] : n.branches)
                if (!cond || truthy(eval(*cond))) {
                    run(body);
                    break;
                }
            break;
        case Node::Set: set(n); break;
        case Node::For: loop(n); break;
        }
    }

    std::string text(const Value &v, int line)
    {
        (void)line;
        if (v.kind == Value::Undefined)
            return {};
        if (v.kind == Value::Namespace)
            return "<Namespace " + pyRepr(*v.ns) + ">";
        return str(v.j);
    }

    void set(const Node &n)
    {
        Value v = eval(*n.expr);
        if (n.targets.size() == 1) {
            m_scopes.back()[n.targets[0]] = std::move(v);
            return;
        }
        const Value target = lookup(n.targets[0]);
        if (target.kind != Value::Namespace)
            fail(n.line, "'" + n.targets[0] + "' is not a namespace(): only a namespace's attributes can be set");
        (*target.ns)[n.targets[1]] = jsonOf(v, n.line);
    }

    json jsonOf(const Value &v, int line)
    {
        if (v.kind == Value::Namespace)
            fail(line, "a namespace cannot be stored in another value");
        return v.kind == Value::Undefined ? json() : v.j;
    }

    void loop(const Node &n)
    {
        const Value seq = eval(*n.expr);
        std::vector<json> items = iterate(seq, n.line);
        if (n.filter) {
            std::vector<json> kept;
            for (json &item : items) {
                step(n.line);
                m_scopes.emplace_back();
                bind(n, item);
                if (truthy(eval(*n.filter)))
                    kept.push_back(std::move(item));
                m_scopes.pop_back();
            }
            items = std::move(kept);
        }
        if (items.empty()) {
            run(n.elseBody);
            return;
        }
        const size_t count = items.size();
        for (size_t i = 0; i < count; ++i) {
            step(n.line);
            m_scopes.emplace_back();
            bind(n, items[i]);
            json info = {{"index0", i},          {"index", i + 1},         {"first", i == 0},
                         {"last", i + 1 == count}, {"length", count},       {"revindex", count - i},
                         {"revindex0", count - i - 1}};
            m_scopes.back()["loop"] = Value::of(std::move(info));
            run(n.body);
            m_scopes.pop_back();
        }
    }

    void bind(const Node &n, const json &item)
    {
        if (n.targets.size() == 1) {
            m_scopes.back()[n.targets[0]] = Value::of(item);
            return;
        }
        if (!item.is_array() || item.size() != 2)
            fail(n.line, "a for loop over pairs got an item that is not a pair");
        m_scopes.back()[n.targets[0]] = Value::of(item[0]);
        m_scopes.back()[n.targets[1]] = Value::of(item[1]);
    }

    std::vector<json> iterate(const Value &v, int line)
    {
        if (v.kind == Value::Undefined)
            fail(line, "'" + v.undefinedName + "' is undefined and cannot be looped over");
        if (v.kind == Value::Namespace)
            fail(line, "a namespace cannot be looped over");
        if (v.j.is_array())
            return std::vector<json>(v.j.begin(), v.j.end());
        if (v.j.is_object()) {
            std::vector<json> keys;
            for (const auto &[k, x] : v.j.items())
                keys.emplace_back(k);
            return keys;
        }
        if (v.j.is_string()) {
            std::vector<json> chars;
            for (char c : v.j.get<std::string>())
                chars.emplace_back(std::string(1, c));
            return chars;
        }
        fail(line, "a " + std::string(v.j.type_name()) + " cannot be looped over");
    }

    Value lookup(const std::string &name) const
    {
        for (auto it = m_scopes.rbegin(); it != m_scopes.rend(); ++it)
            if (const auto f = it->find(name); f != it->end())
                return f->second;
        return Value::undefined(name);
    }

    const json &need(const Value &v, int line)
    {
        if (v.kind == Value::Undefined)
            fail(line, "'" + v.undefinedName + "' is undefined");
        if (v.kind == Value::Namespace)
            fail(line, "a namespace is not a value");
        return v.j;
    }
    std::string needString(const Value &v, int line, const char *what)
    {
        const json &j = need(v, line);
        if (!j.is_string())
            fail(line, std::string(what) + " needs a string, not a " + j.type_name());
        return j.get<std::string>();
    }

    // x.name and x[key]: a missing key or attribute is undefined, as Jinja has it.
    Value member(const Value &base, const json &key, int line, const std::string &shown)
    {
        if (base.kind == Value::Namespace) {
            if (key.is_string() && base.ns->contains(key.get<std::string>()))
                return Value::of((*base.ns)[key.get<std::string>()]);
            return Value::undefined(shown);
        }
        const json &j = need(base, line);
        if (j.is_object() && key.is_string()) {
            if (const auto it = j.find(key.get<std::string>()); it != j.end())
                return Value::of(*it);
            return Value::undefined(shown);
        }
        if ((j.is_array() || j.is_string()) && key.is_number_integer()) {
            const int64_t size = static_cast<int64_t>(j.is_array() ? j.size() : j.get_ref<const std::string &>().size());
            int64_t i = key.get<int64_t>();
            if (i < 0)
                i += size;
            if (i < 0 || i >= size)
                return Value::undefined(shown);
            return j.is_array() ? Value::of(j[static_cast<size_t>(i)])
                                : Value::of(std::string(1, j.get_ref<const std::string &>()[static_cast<size_t>(i)]));
        }
        return Value::undefined(shown);
    }

    struct Args {
        std::vector<Value> positional;
        std::map<std::string, Value> named;
    };
    Args args(const Expr &e, size_t from)
    {
        Args a;
        for (size_t i = from; i < e.sub.size(); ++i) {
            if (e.keywords[i].empty())
                a.positional.push_back(eval(*e.sub[i]));
            else
                a.named[e.keywords[i]] = eval(*e.sub[i]);
        }
        return a;
    }
    static void arity(const Args &a, size_t lo, size_t hi, const std::string &what, int line)
    {
        if (a.positional.size() < lo || a.positional.size() > hi)
            fail(line, what + " takes " + (lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi)) +
                           " argument(s), not " + std::to_string(a.positional.size()));
    }

    Value eval(const Expr &e)
    {
        step(e.line);
        if (++m_depth > m_limits.maxDepth * 4)
            fail(e.line, "an expression nested too deeply");
        Value v = evalInner(e);
        --m_depth;
        return v;
    }

    Value evalInner(const Expr &e)
    {
        switch (e.kind) {
        case Expr::Literal: return Value::of(e.value);
        case Expr::Name: return lookup(e.name);
        case Expr::Attr: return member(eval(*e.sub[0]), json(e.name), e.line, e.name);
        case Expr::Item: {
            const Value base = eval(*e.sub[0]);
            const Value key = eval(*e.sub[1]);
            return member(base, need(key, e.line), e.line, str(key.j));
        }
        case Expr::List: {
            json a = json::array();
            for (const auto &s : e.sub)
                a.push_back(jsonOf(eval(*s), e.line));
            return Value::of(std::move(a));
        }
        case Expr::Dict: {
            json o = json::object();
            for (size_t i = 0; i + 1 < e.sub.size(); i += 2)
                o[str(need(eval(*e.sub[i]), e.line))] = jsonOf(eval(*e.sub[i + 1]), e.line);
            return Value::of(std::move(o));
        }
        case Expr::Ternary:
            if (truthy(eval(*e.sub[0])))
                return eval(*e.sub[1]);
            return e.sub[2] ? eval(*e.sub[2]) : Value::undefined("the ternary's else");
        case Expr::Unary: {
            const Value v = eval(*e.sub[0]);
            if (e.name == "not")
                return Value::of(!truthy(v));
            const json &j = need(v, e.line);
            if (!j.is_number())
                fail(e.line, "unary " + e.name + " needs a number");
            if (e.name == "+")
                return Value::of(j);
            return j.is_number_integer() ? Value::of(-j.get<int64_t>()) : Value::of(-j.get<double>());
        }
        case Expr::Binary: return binaryOp(e);
        case Expr::Call: return call(e);
        case Expr::Filter: return filter(e);
        case Expr::Test: {
            const bool r = test(e.name, eval(*e.sub[0]), args(e, 1), e.line);
            return Value::of(e.negated ? !r : r);
        }
        }
        fail(e.line, "unknown expression");
    }

    static bool equal(const Value &a, const Value &b)
    {
        if (a.kind == Value::Undefined || b.kind == Value::Undefined)
            return a.kind == b.kind;
        if (a.kind == Value::Namespace || b.kind == Value::Namespace)
            return a.ns == b.ns;
        return a.j == b.j;
    }

    Value binaryOp(const Expr &e)
    {
        const std::string &op = e.name;
        if (op == "and") {
            Value a = eval(*e.sub[0]);
            return truthy(a) ? eval(*e.sub[1]) : a;
        }
        if (op == "or") {
            Value a = eval(*e.sub[0]);
            return truthy(a) ? a : eval(*e.sub[1]);
        }
        const Value a = eval(*e.sub[0]), b = eval(*e.sub[1]);
        if (op == "==")
            return Value::of(equal(a, b));
        if (op == "!=")
            return Value::of(!equal(a, b));
        if (op == "~") {
            std::string s = text(a, e.line) + text(b, e.line);
            if (s.size() > m_limits.maxOutput)
                fail(e.line, "a string longer than " + std::to_string(m_limits.maxOutput) + " bytes");
            return Value::of(std::move(s));
        }
        if (op == "in" || op == "not in") {
            const json &hay = need(b, e.line);
            bool found = false;
            if (hay.is_string())
                found = hay.get_ref<const std::string &>().find(needString(a, e.line, "'in' over a string")) != std::string::npos;
            else if (hay.is_array())
                found = a.kind == Value::Json && std::find(hay.begin(), hay.end(), a.j) != hay.end();
            else if (hay.is_object())
                found = a.kind == Value::Json && a.j.is_string() && hay.contains(a.j.get<std::string>());
            else
                fail(e.line, std::string("'in' needs a string, list or mapping, not a ") + hay.type_name());
            return Value::of(op == "in" ? found : !found);
        }
        const json &x = need(a, e.line), &y = need(b, e.line);
        if (op == "+" && x.is_string() && y.is_string()) {
            if (x.get_ref<const std::string &>().size() + y.get_ref<const std::string &>().size() > m_limits.maxOutput)
                fail(e.line, "a string longer than " + std::to_string(m_limits.maxOutput) + " bytes");
            return Value::of(x.get<std::string>() + y.get<std::string>());
        }
        if (op == "+" && x.is_array() && y.is_array()) {
            if (x.size() + y.size() > m_limits.maxOutput)
                fail(e.line, "a list too long");
            json r = x;
            r.insert(r.end(), y.begin(), y.end());
            return Value::of(std::move(r));
        }
        if ((op == "<" || op == ">" || op == "<=" || op == ">=") && x.is_string() && y.is_string()) {
            const int c = x.get_ref<const std::string &>().compare(y.get_ref<const std::string &>());
            return Value::of(op == "<" ? c < 0 : op == ">" ? c > 0 : op == "<=" ? c <= 0 : c >= 0);
        }
        if (!x.is_number() || !y.is_number())
            fail(e.line, "'" + op + "' cannot combine a " + x.type_name() + " and a " + y.type_name());
        const bool ints = x.is_number_integer() && y.is_number_integer();
        const double p = x.get<double>(), q = y.get<double>();
        if (op == "<") return Value::of(p < q);
        if (op == ">") return Value::of(p > q);
        if (op == "<=") return Value::of(p <= q);
        if (op == ">=") return Value::of(p >= q);
        if ((op == "/" || op == "//" || op == "%") && q == 0)
            fail(e.line, "division by zero");
        if (ints && op != "/") {
            const int64_t i = x.get<int64_t>(), k = y.get<int64_t>();
            if (op == "+") return Value::of(i + k);
            if (op == "-") return Value::of(i - k);
            if (op == "*") return Value::of(i * k);
            const int64_t fl = i / k - ((i % k != 0) && ((i < 0) != (k < 0)) ? 1 : 0); // Python's floor division
            if (op == "//") return Value::of(fl);
            if (op == "%") return Value::of(i - fl * k);
        }
        if (op == "+") return Value::of(p + q);
        if (op == "-") return Value::of(p - q);
        if (op == "*") return Value::of(p * q);
        if (op == "/") return Value::of(p / q);
        if (op == "//") return Value::of(std::floor(p / q));
        if (op == "%") return Value::of(p - std::floor(p / q) * q);
        fail(e.line, "unsupported operator '" + op + "'");
    }

    Value call(const Expr &e)
    {
        const int line = e.line;
        if (!e.sub[0]) { // a function
            Args a = args(e, 1);
            if (e.name == "raise_exception") {
                arity(a, 1, 1, "raise_exception()", line);
                throw TemplateError("the model's chat template refused the conversation: " + text(a.positional[0], line));
            }
            if (e.name == "namespace") {
                if (!a.positional.empty())
                    fail(line, "namespace() takes keyword arguments only");
                Value ns;
                ns.kind = Value::Namespace;
                ns.ns = std::make_shared<json>(json::object());
                for (const auto &[k, v] : a.named)
                    (*ns.ns)[k] = jsonOf(v, line);
                return ns;
            }
            if (e.name == "range") {
                arity(a, 1, 2, "range()", line);
                const json &lo = need(a.positional[0], line);
                const json &hi = a.positional.size() > 1 ? need(a.positional[1], line) : lo;
                if (!lo.is_number_integer() || !hi.is_number_integer())
                    fail(line, "range() takes integers");
                const int64_t from = a.positional.size() > 1 ? lo.get<int64_t>() : 0, to = hi.get<int64_t>();
                json r = json::array();
                for (int64_t i = from; i < to; ++i) {
                    step(line);
                    r.push_back(i);
                }
                return Value::of(std::move(r));
            }
            fail(line, "unknown function '" + e.name + "'");
        }
        const Value self = eval(*e.sub[0]);
        Args a = args(e, 1);
        const json &j = need(self, line);
        const std::string &m = e.name;
        if (j.is_string()) {
            const std::string &s = j.get_ref<const std::string &>();
            if (m == "upper" || m == "lower" || m == "title" || m == "capitalize") {
                arity(a, 0, 0, m + "()", line);
                return Value::of(m == "upper" ? upper(s) : m == "lower" ? lower(s) : m == "title" ? title(s)
                                                                                               : capitalize(s));
            }
            if (m == "strip" || m == "lstrip" || m == "rstrip") {
                arity(a, 0, 1, m + "()", line);
                const std::string chars = a.positional.empty() ? kWhitespace : needString(a.positional[0], line, m.c_str());
                return Value::of(strip(s, chars, m != "rstrip", m != "lstrip"));
            }
            if (m == "startswith" || m == "endswith") {
                arity(a, 1, 1, m + "()", line);
                const std::string x = needString(a.positional[0], line, m.c_str());
                const bool r = x.size() <= s.size() &&
                               (m == "startswith" ? s.compare(0, x.size(), x) == 0 : s.compare(s.size() - x.size(), x.size(), x) == 0);
                return Value::of(r);
            }
            if (m == "split") {
                arity(a, 0, 1, "split()", line);
                json parts = json::array();
                if (a.positional.empty()) {
                    size_t i = 0;
                    while ((i = s.find_first_not_of(kWhitespace, i)) != std::string::npos) {
                        const size_t end = std::min(s.size(), s.find_first_of(kWhitespace, i));
                        parts.push_back(s.substr(i, end - i));
                        i = end;
                    }
                } else {
                    const std::string sep = needString(a.positional[0], line, "split()");
                    if (sep.empty())
                        fail(line, "split() with an empty separator");
                    size_t from = 0;
                    for (size_t at; (at = s.find(sep, from)) != std::string::npos; from = at + sep.size())
                        parts.push_back(s.substr(from, at - from));
                    parts.push_back(s.substr(from));
                }
                return Value::of(std::move(parts));
            }
            if (m == "replace") {
                arity(a, 2, 2, "replace()", line);
                const std::string from = needString(a.positional[0], line, "replace()");
                const std::string to = needString(a.positional[1], line, "replace()");
                if (from.empty())
                    fail(line, "replace() of an empty string");
                std::string r;
                size_t at = 0;
                for (size_t hit; (hit = s.find(from, at)) != std::string::npos; at = hit + from.size()) {
                    r += s.substr(at, hit - at) + to;
                    if (r.size() > m_limits.maxOutput)
                        fail(line, "a string longer than " + std::to_string(m_limits.maxOutput) + " bytes");
                }
                return Value::of(r + s.substr(at));
            }
        }
        if (j.is_object()) {
            if (m == "items" || m == "keys" || m == "values") {
                arity(a, 0, 0, m + "()", line);
                json r = json::array();
                for (const auto &[k, v] : j.items())
                    r.push_back(m == "items" ? json::array({k, v}) : m == "keys" ? json(k) : v);
                return Value::of(std::move(r));
            }
            if (m == "get") {
                arity(a, 1, 2, "get()", line);
                const Value found = member(self, need(a.positional[0], line), line, "get()");
                if (found.kind != Value::Undefined)
                    return found;
                return a.positional.size() > 1 ? a.positional[1] : Value::of(nullptr);
            }
        }
        fail(line, "a " + std::string(j.type_name()) + " has no method '" + m + "' here");
    }

    static std::string capitalize(const std::string &s)
    {
        std::string r = lower(s);
        if (!r.empty())
            r[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(r[0])));
        return r;
    }

    bool test(const std::string &name, const Value &v, const Args &a, int line)
    {
        if (name == "defined")
            return v.kind != Value::Undefined;
        if (name == "undefined")
            return v.kind == Value::Undefined;
        if (name == "equalto" || name == "eq" || name == "sameas") {
            arity(a, 1, 1, "the test " + name, line);
            return equal(v, a.positional[0]);
        }
        static const char *const typeTests[] = {"none", "string", "number", "integer", "float", "boolean", "true",
                                                "false", "mapping", "iterable", "sequence", "odd", "even"};
        if (std::none_of(std::begin(typeTests), std::end(typeTests), [&](const char *t) { return name == t; }))
            fail(line, "unknown test '" + name + "'");
        if (v.kind != Value::Json)
            return false;
        const json &j = v.j;
        if (name == "none") return j.is_null();
        if (name == "string") return j.is_string();
        if (name == "number") return j.is_number();
        if (name == "integer") return j.is_number_integer();
        if (name == "float") return j.is_number_float();
        if (name == "boolean") return j.is_boolean();
        if (name == "true") return j.is_boolean() && j.get<bool>();
        if (name == "false") return j.is_boolean() && !j.get<bool>();
        if (name == "mapping") return j.is_object();
        if (name == "iterable") return j.is_array() || j.is_object() || j.is_string();
        if (name == "sequence") return j.is_array() || j.is_string() || j.is_object();
        if (name == "odd" || name == "even") {
            if (!j.is_number_integer())
                fail(line, "the test " + name + " needs an integer");
            return (j.get<int64_t>() % 2 != 0) == (name == "odd");
        }
        return false;
    }

    Value filter(const Expr &e)
    {
        const int line = e.line;
        const std::string &f = e.name;
        const Value v = eval(*e.sub[0]);
        Args a = args(e, 1);
        if (f == "default" || f == "d") {
            arity(a, 0, 2, "default", line);
            const bool boolean = a.positional.size() > 1 && truthy(a.positional[1]);
            if (v.kind == Value::Undefined || (boolean && !truthy(v)))
                return a.positional.empty() ? Value::of("") : a.positional[0];
            return v;
        }
        if (f == "string")
            return Value::of(text(v, line));
        if ((f == "length" || f == "count") && v.kind == Value::Undefined)
            return Value::of(0); // as Jinja's Undefined has it
        const json &j = need(v, line);
        if (f == "trim") {
            arity(a, 0, 1, "trim", line);
            const std::string chars = a.positional.empty() ? kWhitespace : needString(a.positional[0], line, "trim");
            return Value::of(strip(needString(v, line, "trim"), chars, true, true));
        }
        if (f == "upper" || f == "lower" || f == "title" || f == "capitalize") {
            const std::string s = needString(v, line, f.c_str());
            return Value::of(f == "upper" ? upper(s) : f == "lower" ? lower(s) : f == "title" ? title(s) : capitalize(s));
        }
        if (f == "length" || f == "count") {
            if (j.is_string())
                return Value::of(static_cast<int64_t>(j.get_ref<const std::string &>().size()));
            if (j.is_array() || j.is_object())
                return Value::of(static_cast<int64_t>(j.size()));
            fail(line, std::string("a ") + j.type_name() + " has no length");
        }
        if (f == "tojson") {
            std::string s;
            toJson(j, s);
            if (s.size() > m_limits.maxOutput)
                fail(line, "tojson writes more than " + std::to_string(m_limits.maxOutput) + " bytes");
            return Value::of(std::move(s));
        }
        if (f == "int") {
            if (j.is_number())
                return Value::of(static_cast<int64_t>(j.get<double>()));
            if (j.is_string()) {
                try {
                    return Value::of(std::stoll(j.get<std::string>()));
                } catch (const std::exception &) {
                    return Value::of(0);
                }
            }
            return Value::of(0);
        }
        if (f == "first" || f == "last") {
            const std::vector<json> items = iterate(v, line);
            if (items.empty())
                return Value::undefined(f + " of an empty sequence");
            return Value::of(f == "first" ? items.front() : items.back());
        }
        if (f == "list")
            return Value::of(json(iterate(v, line)));
        if (f == "items") {
            if (!j.is_object())
                fail(line, "items needs a mapping");
            json r = json::array();
            for (const auto &[k, x] : j.items())
                r.push_back(json::array({k, x}));
            return Value::of(std::move(r));
        }
        if (f == "join") {
            arity(a, 0, 1, "join", line);
            const std::string sep = a.positional.empty() ? std::string() : needString(a.positional[0], line, "join");
            std::string r;
            bool first = true;
            for (const json &item : iterate(v, line)) {
                r += (first ? "" : sep) + str(item);
                first = false;
                if (r.size() > m_limits.maxOutput)
                    fail(line, "join writes more than " + std::to_string(m_limits.maxOutput) + " bytes");
            }
            return Value::of(std::move(r));
        }
        if (f == "selectattr" || f == "rejectattr") {
            arity(a, 1, 3, f, line);
            const std::string attr = needString(a.positional[0], line, f.c_str());
            json kept = json::array();
            for (const json &item : iterate(v, line)) {
                step(line);
                const Value field = member(Value::of(item), json(attr), line, attr);
                Args rest;
                rest.positional.assign(a.positional.begin() + std::min<std::ptrdiff_t>(2, static_cast<std::ptrdiff_t>(a.positional.size())),
                                       a.positional.end());
                const bool ok = a.positional.size() > 1 ? test(needString(a.positional[1], line, f.c_str()), field, rest, line)
                                                        : truthy(field);
                if (ok == (f == "selectattr"))
                    kept.push_back(item);
            }
            return Value::of(std::move(kept));
        }
        fail(line, "unknown filter '" + f + "'");
    }

    const TemplateLimits &m_limits;
    std::vector<std::map<std::string, Value>> m_scopes;
    int64_t m_steps = 0;
    int m_depth = 0;
};

} // namespace

struct ChatTemplate::Impl {
    TemplateLimits limits;
    Body body;
};

ChatTemplate::ChatTemplate(std::string_view source, TemplateLimits limits) : d(std::make_unique<Impl>())
{
    d->limits = limits;
    Parser parser(Lexer(source).segments(), limits.maxDepth);
    d->body = parser.parseTemplate();
}

ChatTemplate::~ChatTemplate() = default;
ChatTemplate::ChatTemplate(ChatTemplate &&) noexcept = default;
ChatTemplate &ChatTemplate::operator=(ChatTemplate &&) noexcept = default;

nlohmann::json chatMessages(const std::vector<std::pair<std::string, std::string>> &history, const std::string &prompt)
{
    const auto text = [](const std::string &t) { return json{{"type", "text"}, {"text", t}}; };
    json messages = json::array();
    for (size_t i = 0; i <= history.size(); ++i) {
        json user = json::array();
        if (i == 0)
            user.push_back({{"type", "image"}});
        user.push_back(text(i < history.size() ? history[i].first : prompt));
        messages.push_back({{"role", "user"}, {"content", user}});
        if (i < history.size())
            messages.push_back({{"role", "assistant"}, {"content", json::array({text(history[i].second)})}});
    }
    return messages;
}

nlohmann::json templateTokens(const nlohmann::json &tokenizerConfig)
{
    json tokens = json::object();
    for (const char *name : {"bos_token", "eos_token", "pad_token", "unk_token"}) {
        const auto it = tokenizerConfig.find(name);
        if (it == tokenizerConfig.end())
            continue;
        if (it->is_string())
            tokens[name] = *it;
        else if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
            tokens[name] = (*it)["content"];
    }
    return tokens;
}

std::string renderConversation(const ChatTemplate &chatTemplate, const nlohmann::json &tokens,
                               const std::vector<std::pair<std::string, std::string>> &history, const std::string &prompt)
{
    json context = tokens;
    context["messages"] = chatMessages(history, prompt);
    context["add_generation_prompt"] = true;
    return chatTemplate.render(context);
}

std::string renderFollowUp(const ChatTemplate &chatTemplate, const nlohmann::json &tokens, const std::string &prompt)
{
    // an answer no model writes, found again in the rendering: what follows it is the follow-up
    const std::string answer = "\x01GroundChat earlier answer\x01";
    const std::string text = renderConversation(chatTemplate, tokens, {{"\x01", answer}}, prompt);
    const size_t at = text.rfind(answer);
    if (at == std::string::npos)
        throw TemplateError("the chat template does not write earlier answers back, so a conversation cannot continue");
    return text.substr(at + answer.size());
}

std::string ChatTemplate::render(const nlohmann::json &context) const
{
    Renderer r(d->limits, context);
    r.run(d->body);
    return std::move(r.out);
}

} // namespace gc::text
