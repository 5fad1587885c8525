#include "nn/florence2/processor_prompt.h"

#include "dialects/registry.h"

#include <stdexcept>

namespace gc::nn::florence2 {
namespace {

struct Row {
    const char *token, *dialectTask, *instruction;
};

// processing_florence2.py (microsoft/Florence-2-* remote code, hub revision of 2024-06-30):
// task_prompts_without_inputs, then task_prompts_with_input, each in its order.
const Row kRows[] = {
    {"<OCR>", "ocr", "What is the text in the image?"},
    {"<OCR_WITH_REGION>", "ocr-regions", "What is the text in the image, with regions?"},
    {"<CAPTION>", "caption", "What does the image describe?"},
    {"<DETAILED_CAPTION>", "detailed", "Describe in detail what is shown in the image."},
    {"<MORE_DETAILED_CAPTION>", "more-detailed", "Describe with a paragraph what is shown in the image."},
    {"<OD>", "detect", "Locate the objects with category name in the image."},
    {"<DENSE_REGION_CAPTION>", "dense-caption", "Locate the objects in the image, with their descriptions."},
    {"<REGION_PROPOSAL>", "proposals", "Locate the region proposals in the image."},
    {"<CAPTION_TO_PHRASE_GROUNDING>", "grounded-caption", "Locate the phrases in the caption: {input}"},
    {"<REFERRING_EXPRESSION_SEGMENTATION>", "segment", "Locate {input} in the image with mask"},
    {"<REGION_TO_SEGMENTATION>", "region-segment", "What is the polygon mask of region {input}"},
    {"<OPEN_VOCABULARY_DETECTION>", "refer", "Locate {input} in the image."},
    {"<REGION_TO_CATEGORY>", "region-category", "What is the region {input}?"},
    {"<REGION_TO_DESCRIPTION>", "region", "What does the region {input} describe?"},
    {"<REGION_TO_OCR>", "region-ocr", "What text is in the region {input}?"},
};

constexpr std::string_view kInput = "{input}";

const Dialect &dialect()
{
    const Dialect *d = dialects::find("florence2");
    if (!d)
        throw std::logic_error("the Florence-2 dialect is not registered");
    return *d;
}

} // namespace

const std::vector<Task> &tasks()
{
    // Whether an input is a region is the dialect's to say (it writes regions); the processor only knows
    // that the template has a place for text.
    static const std::vector<Task> table = [] {
        std::vector<Task> t;
        for (const Row &r : kRows) {
            const TaskPrompt *p = nullptr;
            for (const TaskPrompt &tp : dialect().info().tasks)
                if (tp.id == r.dialectTask && tp.token == r.token)
                    p = &tp;
            if (!p)
                throw std::logic_error(std::string("the Florence-2 dialect lacks task ") + r.token);
            const bool hasInput = std::string_view(r.instruction).find(kInput) != std::string_view::npos;
            t.push_back({r.token, r.dialectTask, r.instruction,
                         !hasInput        ? TaskInput::None
                         : p->needsRegion ? TaskInput::Region
                                          : TaskInput::Phrase});
        }
        return t;
    }();
    return table;
}

const Task *findTask(std::string_view tokenOrId)
{
    for (const Task &t : tasks())
        if (t.token == tokenOrId || t.dialectTask == tokenOrId
            || std::string_view(t.token).substr(1, t.token.size() - 2) == tokenOrId)
            return &t;
    return nullptr;
}

PromptText constructPrompt(std::string_view text)
{
    std::string out(text);
    for (const Task &t : tasks()) {
        if (t.input != TaskInput::None || out.find(t.token) == std::string::npos)
            continue;
        if (out != t.token)
            return {false, {}, "the task " + t.token + " takes no other text: it must be the whole prompt"};
        out = t.instruction;
        break;
    }
    for (const Task &t : tasks()) {
        if (t.input == TaskInput::None || out.find(t.token) == std::string::npos)
            continue;
        std::string input;
        size_t at = 0;
        for (size_t hit; (hit = out.find(t.token, at)) != std::string::npos; at = hit + t.token.size())
            input.append(out, at, hit - at);
        input.append(out, at, std::string::npos);
        out = t.instruction;
        out.replace(out.find(kInput), kInput.size(), input);
        break;
    }
    return {true, out, {}};
}

PromptText taskText(const Task &task, const std::string &phrase, const std::vector<PromptRegion> &regions,
                    SizeI imageSize)
{
    switch (task.input) {
    case TaskInput::None:
        if (!phrase.empty() || !regions.empty())
            return {false, {}, "the task " + task.token + " takes no text or region"};
        break;
    case TaskInput::Phrase:
        if (phrase.empty() || !regions.empty())
            return {false, {}, "the task " + task.token + " takes a phrase and no region"};
        break;
    case TaskInput::Region:
        if (regions.size() != 1 || regions.front().kind != RegionKind::Box || !phrase.empty())
            return {false, {}, "the task " + task.token + " takes one drawn box and no text"};
        break;
    }
    EncodeRequest req;
    req.imageSize = imageSize;
    req.regions = regions;
    req.phrase = phrase;
    req.task = task.dialectTask;
    const EncodeResult enc = dialect().encode(req);
    if (!enc.ok)
        return {false, {}, enc.error};
    // a phrase holding another task token is refused here, as the processor would refuse it
    const PromptText constructed = constructPrompt(enc.text);
    return constructed.ok ? PromptText{true, enc.text, {}} : constructed;
}

std::vector<int64_t> promptIds(const text::Tokenizer &tokenizer, std::string_view text)
{
    const PromptText p = constructPrompt(text);
    if (!p.ok)
        throw std::invalid_argument(p.error);
    std::vector<int64_t> ids;
    if (tokenizer.bosId() >= 0)
        ids.push_back(tokenizer.bosId());
    const std::vector<int64_t> body = tokenizer.encode(p.text);
    ids.insert(ids.end(), body.begin(), body.end());
    if (tokenizer.eosId() >= 0)
        ids.push_back(tokenizer.eosId());
    return ids;
}

} // namespace gc::nn::florence2
