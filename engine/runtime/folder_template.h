#pragma once

// A model folder's own chat template (io::ModelFolder::chatTemplate) applied to GroundChat's conversations, for
// the chat architectures that fall back to their built-in template when the folder ships none. Plain C++.

#include "io/model_folder.h"
#include "text/chat_template.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gc::runtime {

class FolderTemplate {
public:
    using Exchanges = std::vector<std::pair<std::string, std::string>>; // (question, answer), oldest first

    // The folder's template; nullopt when it ships none. io::FormatError naming the file when the template is not
    // one GroundChat can read.
    [[nodiscard]] static std::optional<FolderTemplate> of(const io::ModelFolder &folder);

    // text::renderConversation and text::renderFollowUp; std::invalid_argument naming the file when the template
    // fails on this conversation (its raise_exception, a limit).
    [[nodiscard]] std::string conversation(const Exchanges &history, const std::string &prompt) const;
    [[nodiscard]] std::string followUp(const std::string &prompt) const;
    // The template's special token text, "" when tokenizer_config.json names none ("bos_token").
    [[nodiscard]] std::string token(const char *name) const { return m_tokens.value(name, std::string()); }

private:
    FolderTemplate(text::ChatTemplate t, nlohmann::json tokens, std::string file)
        : m_template(std::move(t)), m_tokens(std::move(tokens)), m_file(std::move(file))
    {
    }
    text::ChatTemplate m_template;
    nlohmann::json m_tokens;
    std::string m_file;
};

} // namespace gc::runtime
