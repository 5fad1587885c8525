#include "text/template_syntax.h"

#include <algorithm>
#include <cctype>

namespace gc::text::jinja {

namespace {

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

} // namespace

Body parseTemplate(std::vector<Segment> segments, int maxDepth) { return Parser(std::move(segments), maxDepth).parseTemplate(); }

} // namespace gc::text::jinja
