#pragma once

// The explanation of a prompt (and answer) about an image (runtime/explanation.h), for any architecture whose
// decode state records into a DecoderProbe, in two steps: one prefill with the probe records what every later
// question needs (ExplainPass), then each question (a word, a phrase of the answer, a layer) is read from that
// record without running the model again. Internal header (ATen).

#include "runtime/architecture.h"
#include "runtime/explanation.h"

#include <utility>

namespace gc::runtime {

// What one pass of the decoder over a prompt and its answer left at the image positions. It keeps each layer's
// output there, [layers, positions, width], not the lens itself, [layers, positions, vocabulary]: the width is
// smaller than the vocabulary in every model (the demo model: 128 against 1,160; Qwen2.5-VL-3B: 2,048 against
// 151,936), and a word's lens needs only that word's row of the head.
struct ExplainPass {
    std::vector<int64_t> answer;  // the answer's ids, run after the prompt
    std::string answerText;       // their decoded text
    std::vector<std::pair<int64_t, int64_t>> tokenBytes; // answer token i wrote answerText's bytes [first, second)
    int64_t promptLength = 0;
    ImageCells cells;
    at::Tensor hidden;    // [layers, positions, width]: each layer's raw output at the image positions
    at::Tensor logNorm;   // [layers, positions]: log Σ exp of the lens's logits there
    at::Tensor topLogp;   // [layers, positions, topK] and their ids, most probable first
    at::Tensor topIds;
    // [max(1, answer), layers, positions]: the attention to the image positions (head-averaged) of the position
    // that answer token i was generated from (the last prompt position for i = 0).
    at::Tensor attention;
};

// The answer's ids: params.answer, or params.answerText tokenized when only the text is given.
[[nodiscard]] std::vector<int64_t> answerIds(const text::Tokenizer &tok, const ExplainParams &params);

// One prefill of `layout` (the prompt with its one image span) followed by `answer`; `pixels` and `embeds`: the
// image as pixels() and encodeImage() made it. Throws UnsupportedError for an architecture without the hooks,
// std::invalid_argument for a bad span, nn::Stopped when shouldAbort says so.
[[nodiscard]] ExplainPass recordPass(const Architecture &arch, SizeI imageSize, const at::Tensor &pixels,
                                     const at::Tensor &embeds, PromptLayout layout, std::vector<int64_t> answer,
                                     int topK, const nn::StopCheck &shouldAbort);

// The explanation `params` asks for (its word, span or phrase, top tokens, whole lens) read from `pass`, which
// must be of params' answer. std::invalid_argument for a span or phrase outside the answer, or a whole lens over
// the limit.
[[nodiscard]] Explanation readPass(const Architecture &arch, const ExplainPass &pass, const ExplainParams &params);

// The ids a word has after other text (its leading-space form where the tokenizer has one).
[[nodiscard]] std::vector<int64_t> wordTokens(const text::Tokenizer &tok, const std::string &word);

} // namespace gc::runtime
