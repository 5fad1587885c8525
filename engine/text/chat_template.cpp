#include "text/chat_template.h"

#include "text/template_syntax.h"

namespace gc::text {

using json = nlohmann::json;

struct ChatTemplate::Impl {
    TemplateLimits limits;
    jinja::Body body;
};

ChatTemplate::ChatTemplate(std::string_view source, TemplateLimits limits) : d(std::make_unique<Impl>())
{
    d->limits = limits;
    d->body = jinja::parseTemplate(jinja::lexTemplate(source), limits.maxDepth);
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
    return jinja::renderTemplate(d->body, d->limits, context);
}

} // namespace gc::text
