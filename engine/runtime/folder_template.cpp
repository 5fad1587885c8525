#include "runtime/folder_template.h"

#include <stdexcept>

namespace gc::runtime {

std::optional<FolderTemplate> FolderTemplate::of(const io::ModelFolder &folder)
{
    if (folder.chatTemplate.empty())
        return std::nullopt;
    try {
        return FolderTemplate(text::ChatTemplate(folder.chatTemplate), text::templateTokens(folder.tokenizerConfig),
                              folder.chatTemplateFile);
    } catch (const text::TemplateError &e) {
        throw io::FormatError(folder.chatTemplateFile + ": " + e.what());
    }
}

std::string FolderTemplate::conversation(const Exchanges &history, const std::string &prompt) const
{
    try {
        return text::renderConversation(m_template, m_tokens, history, prompt);
    } catch (const text::TemplateError &e) {
        throw std::invalid_argument(m_file + ": " + e.what());
    }
}

std::string FolderTemplate::followUp(const std::string &prompt) const
{
    try {
        return text::renderFollowUp(m_template, m_tokens, prompt);
    } catch (const text::TemplateError &e) {
        throw std::invalid_argument(m_file + ": " + e.what());
    }
}

} // namespace gc::runtime
