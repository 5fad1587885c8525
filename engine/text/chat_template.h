#pragma once

// A model folder's chat template (the Jinja text Hugging Face checkpoints ship in tokenizer_config.json,
// chat_template.json or chat_template.jinja), read and rendered by a small interpreter of the Jinja subset
// that released chat templates use. Nothing in a template can run code or touch files: it reads the context
// it is given and writes text, within limits on work and output, so a hostile template fails with a
// TemplateError instead of hanging or exhausting memory. Plain C++.
//
// Supported: text with {{ }}, {% %} and {# #}, whitespace control ("-") and the environment transformers
// renders with (trim_blocks, lstrip_blocks); for (one name or two unpacked, an "if" filter, loop.index,
// index0, first, last, length, revindex), if/elif/else, set (a name, or an attribute of a namespace()),
// generation/endgeneration (rendered as its content); literals, lists, dicts, attribute and item access,
// and/or/not, comparisons, in / not in, + - * / // %, ~, the ternary if/else; the tests defined, undefined,
// none, string, number, integer, boolean, mapping, iterable, sequence, equalto, true, false, odd, even; the
// filters trim, length/count, tojson, upper, lower, title, capitalize, string, int, first, last, join,
// default, list, selectattr, rejectattr, items; the string methods upper, lower, strip, lstrip, rstrip,
// title, startswith, endswith, split, replace and the mapping methods items, keys, values, get; the
// functions raise_exception, namespace and range. Anything else is a TemplateError naming it.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gc::text {

// A template that cannot be read, or a rendering that failed (raise_exception, a limit, a type error);
// the message says where (line) and why.
struct TemplateError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct TemplateLimits {
    size_t maxOutput = size_t(4) << 20; // bytes of rendered text
    int64_t maxSteps = 2'000'000;       // expressions evaluated and loop iterations, all together
    int maxDepth = 64;                  // nesting of blocks and of expressions
};

class ChatTemplate {
public:
    // Throws TemplateError when `source` is not a template of the supported subset.
    explicit ChatTemplate(std::string_view source, TemplateLimits limits = {});
    ~ChatTemplate();
    ChatTemplate(ChatTemplate &&) noexcept;
    ChatTemplate &operator=(ChatTemplate &&) noexcept;

    // The text for `context` (a JSON object: messages, add_generation_prompt, bos_token, ...). Throws
    // TemplateError.
    [[nodiscard]] std::string render(const nlohmann::json &context) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// A conversation as chat templates take it (transformers' messages): each turn's content a list of typed parts,
// the image ({"type": "image"}) before the text of the first user turn; earlier exchanges (question, answer)
// oldest first, then `prompt`.
[[nodiscard]] nlohmann::json chatMessages(const std::vector<std::pair<std::string, std::string>> &history,
                                          const std::string &prompt);

// The special tokens a template may name (bos_token, eos_token, pad_token, unk_token), from tokenizer_config.json
// (a string, or an added token's {"content": ...}).
[[nodiscard]] nlohmann::json templateTokens(const nlohmann::json &tokenizerConfig);

// chatMessages(history, prompt) rendered with add_generation_prompt and `tokens`: the text the model answers.
[[nodiscard]] std::string renderConversation(const ChatTemplate &chatTemplate, const nlohmann::json &tokens,
                                             const std::vector<std::pair<std::string, std::string>> &history,
                                             const std::string &prompt);
// What the template writes after an earlier answer to ask `prompt` next (up to where the next answer begins).
// TemplateError when the template does not write earlier answers back.
[[nodiscard]] std::string renderFollowUp(const ChatTemplate &chatTemplate, const nlohmann::json &tokens,
                                         const std::string &prompt);

} // namespace gc::text
