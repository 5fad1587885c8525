#include "nn/llava/chat_template.h"

#include "core/utf8.h"

namespace gc::nn::llava {

std::string followUpText(const std::string &prompt)
{
    return "USER: " + std::string(utf8::trim(prompt)) + " ASSISTANT:";
}

std::string conversationText(const std::vector<runtime::Turn> &history, const std::string &prompt,
                             const ChatTokens &tokens)
{
    std::string text;
    bool first = true;
    auto question = [&](const std::string &q) {
        text += first ? "USER: " + tokens.image + "\n" + std::string(utf8::trim(q)) + " ASSISTANT:" : followUpText(q);
        first = false;
    };
    for (const runtime::Turn &t : history) {
        question(t.prompt);
        text += " " + std::string(utf8::trim(t.answer)) + tokens.eos;
    }
    question(prompt);
    return text;
}

} // namespace gc::nn::llava
