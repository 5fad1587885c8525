#pragma once

// A prompt as an architecture lays it out (ids and image positions), and prompts batched to one
// length. Plain C++.

#include <cstdint>
#include <string>
#include <vector>

namespace gc::runtime {

// Positions [start, start + length) of a prompt that take an image's embeddings instead of token ids.
struct ImageSpan {
    int64_t start = 0;
    int64_t length = 0;
    // The span's grid when the model numbers its positions in 2-D (Qwen2-VL's M-RoPE): rows × cols = length;
    // 0 for a flat span.
    int64_t rows = 0, cols = 0;
};

// A position whose embedding is replaced by a feature the model computes from the image inside a region (Ferret's
// <region_fea>): the region in pixels of the image the prompt is about, a box with x2 and y2 inside it or a point
// (x1, y1), and that image's size.
struct RegionSlot {
    int64_t position = 0;
    int x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    bool point = false;
    int imageWidth = 0, imageHeight = 0;
};

// A conversation as the architecture's prompt: the ids, where the image goes, and where the text the
// dialect reads begins (after the image and its tags). A cached prefix is reused only when it reaches
// textStart, because image slots are run together with their embeddings.
struct PromptLayout {
    std::vector<int64_t> ids;
    std::vector<ImageSpan> images;
    std::vector<RegionSlot> regions; // in the order of their positions
    int64_t textStart = 0;
    // Where the text the dialect reads begins when it is not textStart: a chat model's answer alone, not the
    // conversation's earlier text (whose region coordinates would read as the answer's); -1 = textStart.
    int64_t dialectStart = -1;
};

// Prompts of one length: each row left-padded, its image spans and region slots shifted by its padding.
struct PromptBatch {
    std::vector<std::vector<int64_t>> rows;
    std::vector<int64_t> padding;
    std::vector<std::vector<ImageSpan>> images;
    std::vector<std::vector<RegionSlot>> regions; // each row's, shifted by its padding
    [[nodiscard]] static PromptBatch single(const PromptLayout &layout);
    [[nodiscard]] static PromptBatch leftPadded(const std::vector<PromptLayout> &layouts, int64_t padId);
};

// A conversation's `ids`, which end with the model's answer, closed as `followUp` (the chat template's text from
// the end of an answer to the start of the next) has it: an answer that ended with the end token `eosId` keeps it
// when the template writes `eosText` next and loses it when the template writes none; an answer cut short gets
// it. Returns the rest of followUp, for the tokenizer.
[[nodiscard]] std::string closeAnswer(std::vector<int64_t> &ids, std::string followUp, int64_t eosId,
                                      const std::string &eosText);

} // namespace gc::runtime
