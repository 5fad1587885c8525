#pragma once

// Parsing a whole JSON document with a syntax error reported where an editor shows it: the importers' and the
// session file's one parser.

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace gc::annot {

struct JsonSyntaxError : std::runtime_error {
    JsonSyntaxError(size_t line, size_t column, const std::string &what)
        : std::runtime_error(what), line(line), column(column) {}
    size_t line;   // 1-based
    size_t column; // 1-based, in bytes
};

// Throws JsonSyntaxError.
[[nodiscard]] nlohmann::json parseJson(std::string_view text);

} // namespace gc::annot
