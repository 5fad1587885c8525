#pragma once

// LLaVA-1.5's conversation format (the llava_v1 separators without the system line, as llava-hf's model card
// writes it): "USER: <image>\n{question} ASSISTANT:", each earlier answer closed by "</s>" and followed directly
// by the next "USER: ...". Plain C++.

#include "runtime/local_model.h"
#include "runtime/prompt_layout.h"

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

// Token ids holding the image id once as the model's prompt: that id becomes the image's `rows` feature rows
// (the merge transformers 4.41 does inside the model). std::invalid_argument when the image is not there
// exactly once.
[[nodiscard]] runtime::PromptLayout expandImage(const std::vector<int64_t> &ids, int64_t imageId, int64_t rows);

} // namespace gc::nn::llava
