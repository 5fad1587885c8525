#include "text/template_syntax.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <vector>

namespace gc::text::jinja {

namespace {

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

std::string renderTemplate(const Body &body, const TemplateLimits &limits, const json &context)
{
    Renderer r(limits, context);
    r.run(body);
    return std::move(r.out);
}

} // namespace gc::text::jinja
