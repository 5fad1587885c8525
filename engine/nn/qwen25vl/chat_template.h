#pragma once

// Qwen2.5-VL's prompt text: the released checkpoints' chat template (a default system turn, <|im_start|> role
// turns closed by <|im_end|>, the image as <|vision_start|><|image_pad|><|vision_end|> where it appears in the
// first user turn, the assistant's turn opened for the answer), and the processor's expansion of each
// <|image_pad|> into as many pads as the image has merged tokens. Plain C++.

#include "text/tokenizer.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gc::nn::qwen25vl {

inline constexpr const char *kDefaultSystem = "You are a helpful assistant.";
inline constexpr const char *kImagePlaceholder = "<|vision_start|><|image_pad|><|vision_end|>";

// Earlier exchanges (prompt, answer as the model wrote it), oldest first.
using Exchanges = std::vector<std::pair<std::string, std::string>>;

// The conversation as the template renders it with add_generation_prompt: the image opens the first user turn.
[[nodiscard]] std::string chatText(const Exchanges &history, const std::string &prompt);

// What follows an answer to ask `prompt` next: the answer's <|im_end|> when `closeAnswer` (it was cut before the
// model wrote one), then the template's line break, the user turn and the opened assistant turn.
[[nodiscard]] std::string followUpText(const std::string &prompt, bool closeAnswer);

struct ExpandedPrompt {
    std::vector<int64_t> ids;
    std::vector<int64_t> imageStarts; // where each image's pads begin
};

// `markup` in the model's own tokens, each "<|image_pad|>" expanded to imageTokens[i] pads for the i-th image.
// Throws std::invalid_argument when the markup holds another number of image placeholders than images.
[[nodiscard]] ExpandedPrompt expandImages(const text::Tokenizer &tokenizer, const std::string &markup,
                                          const std::vector<int64_t> &imageTokens);

} // namespace gc::nn::qwen25vl
