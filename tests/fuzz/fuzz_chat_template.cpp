// libFuzzer target for the chat template interpreter (engine/text/chat_template.*), also compiled into a plain
// replay test. Input: a template's text. Whatever it is, reading and rendering it with a conversation either works
// or fails with a TemplateError, within the limits on work and output.
#include "text/chat_template.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view source(reinterpret_cast<const char *>(data), size);
    gc::text::TemplateLimits limits; // small, so that a fuzzed loop ends quickly
    limits.maxSteps = 100000;
    limits.maxOutput = 1 << 16;
    try {
        const gc::text::ChatTemplate t(source, limits);
        nlohmann::json context = {{"messages", gc::text::chatMessages({{"What is it?", "A cat."}}, "Where?")},
                                  {"add_generation_prompt", true}, {"bos_token", "<s>"}};
        const std::string out = t.render(context);
        if (out.size() > limits.maxOutput)
            __builtin_trap();
    } catch (const gc::text::TemplateError &) {
    }
    return 0;
}
