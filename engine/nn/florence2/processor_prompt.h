#pragma once

// Florence-2's prompt construction (Florence2Processor._construct_prompts): a task token becomes the
// English instruction the model was trained on, a task that takes an input puts it into its template,
// and the text is tokenized between <s> and </s>. Plain C++.

#include "core/geometry.h"
#include "dialects/dialect.h"
#include "text/tokenizer.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gc::nn::florence2 {

// What the user gives a task besides the image.
enum class TaskInput {
    None, // the task token alone
    Phrase, // text: a caption to ground, an expression to segment, a category to detect
    Region, // a drawn box, written as four <loc_…> tokens
};

struct Task {
    std::string token; // "<OD>"
    std::string dialectTask; // the Florence-2 dialect's TaskPrompt id ("detect"), for encoding and decoding
    std::string instruction; // the processor's text; "{input}" marks where the input goes
    TaskInput input = TaskInput::None;
};

// The processor's two tables, in its order: the tasks without input, then those with one.
[[nodiscard]] const std::vector<Task> &tasks();
// By task token ("<OD>"), the token without its brackets ("OD", as `--task OD`) or the dialect's task id
// ("detect"); nullptr when none.
[[nodiscard]] const Task *findTask(std::string_view tokenOrId);

struct PromptText {
    bool ok = true;
    std::string text; // what the tokenizer sees
    std::string error; // why not
};

// _construct_prompts for one text: a task token without input must be the whole text (else an error, where
// the reference asserts); the first task token with input found is removed wherever it is and the rest
// of the text fills its template; text without a task token is left as it is.
[[nodiscard]] PromptText constructPrompt(std::string_view text);

// The text a user's request hands the processor: the task token and its input, the phrase or the region
// box written by the Florence-2 dialect (<loc_x1><loc_y1><loc_x2><loc_y2>, 1000 bins of `imageSize`), e.g.
// "<REGION_TO_DESCRIPTION><loc_50><loc_332><loc_932><loc_774>". promptIds() turns it into the model's ids;
// Task::token is what the dialect decodes the answer with. A missing or superfluous input is an error.
[[nodiscard]] PromptText taskText(const Task &task, const std::string &phrase, const std::vector<PromptRegion> &regions,
                                  SizeI imageSize);

// The processor's input_ids for `text` (constructPrompt, then <s> … </s>). Throws std::invalid_argument
// with constructPrompt's error.
[[nodiscard]] std::vector<int64_t> promptIds(const text::Tokenizer &tokenizer, std::string_view text);

} // namespace gc::nn::florence2
