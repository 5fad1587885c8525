#include "json_syntax.h"

#include <algorithm>

namespace gc::annot {

nlohmann::json parseJson(std::string_view text)
{
    // nlohmann reports a byte offset; people look for lines
    const auto failure = [&](size_t offset, const std::string &what) {
        offset = std::min(offset, text.size());
        size_t line = 1, column = 1;
        for (size_t i = 0; i < offset; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return JsonSyntaxError(line, column, what);
    };
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error &e) {
        std::string what = e.what();
        if (const size_t p = what.find("syntax error"); p != std::string::npos)
            what = what.substr(p);
        throw failure(e.byte > 0 ? e.byte - 1 : 0, "not valid JSON (" + what + ")");
    } catch (const nlohmann::json::out_of_range &e) {
        // "number overflow parsing '1e999'" carries no offset: the number's first appearance is where it is
        const std::string what = e.what();
        const size_t open = what.find('\''), close = what.rfind('\'');
        const std::string number = open < close ? what.substr(open + 1, close - open - 1) : std::string();
        const size_t at = number.empty() ? std::string::npos : text.find(number);
        throw failure(at == std::string::npos ? 0 : at,
                      "a number too large for JSON (" + (number.empty() ? what : number) + ")");
    }
}

} // namespace gc::annot
