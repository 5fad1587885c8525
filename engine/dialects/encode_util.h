#pragma once

// Prompt assembly shared by the codecs of this group: task templates and the per-region loop.

#include "dialect.h"

#include <functional>
#include <string>

namespace gc::dialects {

// Finds the TaskPrompt with id `taskId`; nullptr when the family has none.
[[nodiscard]] const TaskPrompt *findTask(const DialectInfo &info, const std::string &taskId);

// Writes every region with `writeOne` (which returns false and sets the error for a kind the
// family cannot take), joins them with `sep`, then fills the task template: {input} becomes the
// region text, or the phrase when there are no regions. Checks that the image size is known.
[[nodiscard]] EncodeResult encodeRegions(const DialectInfo &info, const EncodeRequest &req, const std::string &sep,
                                         const std::function<bool(const PromptRegion &, std::string &out,
                                                                  std::string &error)> &writeOne);

} // namespace gc::dialects
