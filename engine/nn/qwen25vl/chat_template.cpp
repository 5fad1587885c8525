#include "nn/qwen25vl/chat_template.h"

#include <stdexcept>

namespace gc::nn::qwen25vl {

namespace {

constexpr std::string_view kImagePad = "<|image_pad|>";

std::string turn(const char *role, const std::string &content)
{
    return std::string("<|im_start|>") + role + "\n" + content + "<|im_end|>\n";
}

} // namespace

std::string chatText(const Exchanges &history, const std::string &prompt)
{
    std::string text = turn("system", kDefaultSystem);
    for (size_t i = 0; i <= history.size(); ++i) {
        const std::string &question = i < history.size() ? history[i].first : prompt;
        text += turn("user", (i == 0 ? std::string(kImagePlaceholder) : std::string()) + question);
        if (i < history.size())
            text += turn("assistant", history[i].second);
    }
    return text + "<|im_start|>assistant\n";
}

std::string followUpText(const std::string &prompt, bool closeAnswer)
{
    return (closeAnswer ? "<|im_end|>\n" : "\n") + turn("user", prompt) + "<|im_start|>assistant\n";
}

ExpandedPrompt expandImages(const text::Tokenizer &tokenizer, const std::string &markup,
                            const std::vector<int64_t> &imageTokens)
{
    const int64_t pad = tokenizer.tokenId(std::string(kImagePad));
    if (pad < 0)
        throw std::invalid_argument("the tokenizer has no <|image_pad|> token");
    ExpandedPrompt out;
    size_t from = 0, image = 0;
    // The pad is an added token, so the text between pads tokenizes on its own exactly as within the whole.
    for (size_t at = markup.find(kImagePad); at != std::string::npos; at = markup.find(kImagePad, from), ++image) {
        if (image >= imageTokens.size())
            throw std::invalid_argument("the prompt has more <|image_pad|> placeholders than images (" +
                                        std::to_string(imageTokens.size()) + ")");
        const std::vector<int64_t> before = tokenizer.encode(std::string_view(markup).substr(from, at - from));
        out.ids.insert(out.ids.end(), before.begin(), before.end());
        out.imageStarts.push_back(static_cast<int64_t>(out.ids.size()));
        out.ids.insert(out.ids.end(), static_cast<size_t>(imageTokens[image]), pad);
        from = at + kImagePad.size();
    }
    if (image != imageTokens.size())
        throw std::invalid_argument("the prompt has " + std::to_string(image) + " <|image_pad|> placeholders for " +
                                    std::to_string(imageTokens.size()) + " images (write " + kImagePlaceholder +
                                    " where the image goes)");
    const std::vector<int64_t> rest = tokenizer.encode(std::string_view(markup).substr(from));
    out.ids.insert(out.ids.end(), rest.begin(), rest.end());
    return out;
}

} // namespace gc::nn::qwen25vl
