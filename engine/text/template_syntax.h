#pragma once

// The chat-template interpreter's inner parts (chat_template.h is its interface): the lexer's segments, the syntax
// tree the parser builds from them, and the renderer that walks it. Internal to engine/text.

#include "text/chat_template.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gc::text::jinja {

using json = nlohmann::json;

// Throws TemplateError("chat template, line N: what").
[[noreturn]] void fail(int line, const std::string &what);

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

// The source cut into text and tags, whitespace control applied.
[[nodiscard]] std::vector<Segment> lexTemplate(std::string_view source);
// The tree of `segments`; blocks and expressions nested deeper than maxDepth are a TemplateError.
[[nodiscard]] Body parseTemplate(std::vector<Segment> segments, int maxDepth);
// What `body` writes for `context`, within `limits`.
[[nodiscard]] std::string renderTemplate(const Body &body, const TemplateLimits &limits, const json &context);

} // namespace gc::text::jinja
