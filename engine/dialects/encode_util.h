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

// The task template's input of families that write regions right after the words: the phrase alone without
// regions, the phrase and then the regions, or the regions alone (no phrase, or the region task).
[[nodiscard]] std::string phraseAndRegions(const EncodeRequest &req, const std::string &regionsText);

// The family's task template (when the request names a task) with {input} filled by `input`.
[[nodiscard]] EncodeResult wrapInTask(const DialectInfo &info, const EncodeRequest &req, std::string input);

// A referring phrase and its boxes in one pair of tags, all boxes as "[x1, y1, x2, y2]" integers on a
// 0..scale grid inside one list: "<ref>phrase</ref><box>[[..], [..]]</box>" (InternVL) and the same
// shape with DeepSeek-VL2's tags. Then the task template.
struct RefBoxTags {
    std::string refOpen, refClose, boxOpen, boxClose;
    double scale = 1000;
};
[[nodiscard]] EncodeResult encodeRefBoxList(const DialectInfo &info, const EncodeRequest &req, const RefBoxTags &tags);

} // namespace gc::dialects
