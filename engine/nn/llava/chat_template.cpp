#include "nn/llava/chat_template.h"

#include "core/utf8.h"

#include <algorithm>
#include <stdexcept>

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

runtime::PromptLayout expandImage(const std::vector<int64_t> &ids, int64_t imageId, int64_t rows)
{
    const auto images = std::count(ids.begin(), ids.end(), imageId);
    if (images != 1)
        throw std::invalid_argument("the prompt has " + std::to_string(images) +
                                    " <image> tokens; LLaVA takes its one image exactly once");
    runtime::PromptLayout l;
    for (int64_t id : ids) {
        if (id != imageId) {
            l.ids.push_back(id);
            continue;
        }
        l.images.push_back({static_cast<int64_t>(l.ids.size()), rows});
        l.ids.insert(l.ids.end(), static_cast<size_t>(rows), imageId);
    }
    l.textStart = l.images.front().start + rows;
    return l;
}

} // namespace gc::nn::llava
