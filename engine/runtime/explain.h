#pragma once

// The explanation of a prompt (and answer) about an image (runtime/explanation.h), for any architecture whose
// decode state records into a DecoderProbe: one prefill with the probe, then the lens math on the recorded
// rows. Internal header (ATen).

#include "runtime/architecture.h"
#include "runtime/explanation.h"

namespace gc::runtime {

// `layout`: the prompt with its one image span; `pixels` and `embeds`: the image as pixels() and
// encodeImage() made it. Throws UnsupportedError for an architecture without the hooks, std::invalid_argument
// for a bad span or a whole lens over the limit, nn::Stopped when shouldAbort says so.
[[nodiscard]] Explanation explain(const Architecture &arch, SizeI imageSize, const at::Tensor &pixels,
                                  const at::Tensor &embeds, PromptLayout layout, const ExplainParams &params);

// The ids a word has after other text (its leading-space form where the tokenizer has one).
[[nodiscard]] std::vector<int64_t> wordTokens(const text::Tokenizer &tok, const std::string &word);

} // namespace gc::runtime
