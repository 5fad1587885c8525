#include "import_error.h"
#include "json_syntax.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace gc::annot {

std::string ImportError::describe() const
{
    std::string s = file.empty() ? std::string() : file + ": ";
    if (line > 0)
        s += "line " + std::to_string(line) + ": ";
    if (!field.empty())
        s += field + ": ";
    return s + message;
}

void Node::fail(const std::string &message) const { throw ImportFailure({m_file, m_line, m_path, message}); }

void Node::requireObject() const
{
    if (!m_value->is_object())
        fail("expected an object");
}

Node Node::at(const char *key) const
{
    requireObject();
    const auto it = m_value->find(key);
    const std::string sub = m_path.empty() ? std::string(key) : m_path + "." + key;
    if (it == m_value->end())
        throw ImportFailure({m_file, m_line, sub, "missing"});
    return Node(*it, sub, m_file, m_line);
}

std::optional<Node> Node::opt(const char *key) const
{
    requireObject();
    const auto it = m_value->find(key);
    if (it == m_value->end() || it->is_null())
        return std::nullopt;
    return Node(*it, m_path.empty() ? std::string(key) : m_path + "." + key, m_file, m_line);
}

Node Node::at(size_t index) const
{
    if (!m_value->is_array() || index >= m_value->size())
        fail("expected an array with an element " + std::to_string(index));
    return Node((*m_value)[index], m_path + "[" + std::to_string(index) + "]", m_file, m_line);
}

size_t Node::size() const
{
    if (!m_value->is_array())
        fail("expected an array");
    return m_value->size();
}

std::string Node::str() const
{
    if (!m_value->is_string())
        fail("expected a string");
    return m_value->get<std::string>();
}

double Node::num() const
{
    if (!m_value->is_number())
        fail("expected a number");
    const double v = m_value->get<double>();
    if (!std::isfinite(v))
        fail("expected a finite number");
    return v;
}

long long Node::integer() const
{
    if (!m_value->is_number_integer() && !(m_value->is_number_float() && std::floor(num()) == num()))
        fail("expected an integer");
    return m_value->is_number_integer() ? m_value->get<long long>() : static_cast<long long>(num());
}

bool Node::boolean() const
{
    if (!m_value->is_boolean())
        fail("expected true or false");
    return m_value->get<bool>();
}

nlohmann::json parseDocument(const std::string &text, const std::string &file)
{
    try {
        return parseJson(text);
    } catch (const JsonSyntaxError &e) {
        throw ImportFailure({file, e.line, "", "column " + std::to_string(e.column) + ": " + e.what()});
    }
}

std::string readWholeFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ImportFailure({path, 0, "", "cannot be opened"});
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace gc::annot
