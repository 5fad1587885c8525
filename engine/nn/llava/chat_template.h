#pragma once

// LLaVA-1.5's conversation format (the llava_v1 separators without the system line, as llava-hf's model card
// writes it): "USER: <image>\n{question} ASSISTANT:", each earlier answer closed by "</s>" and followed directly
// by the next "USER: ...". Plain C++.

#include "runtime/local_model.h"

#include <string>
#include <vector>

namespace gc::nn::llava {

struct ChatTokens {
    std::string image = "<image>";
    std::string eos = "</s>";
};

// The whole conversation: earlier turns oldest first, then the new question, ready for the answer.
[[nodiscard]] std::string conversationText(const std::vector<runtime::Turn> &history, const std::string &prompt,
                                           const ChatTokens &tokens);
// The next question after an answer closed by the end-of-sequence token.
[[nodiscard]] std::string followUpText(const std::string &prompt);

} // namespace gc::nn::llava
