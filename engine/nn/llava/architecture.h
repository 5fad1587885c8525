#pragma once

// LLaVA (LlavaForConditionalGeneration snapshots such as llava-hf/llava-1.5-7b-hf) as a runtime architecture:
// the LLaMA sentencepiece tokenizer, the CLIP processor (or the original repo's pad-to-square), the LLaVA-1.5
// conversation format and the 4.41 image merge. Internal header (ATen).

#include "runtime/architecture.h"

#include <memory>

namespace gc::nn::llava {

// Reads config.json, the tokenizer, the preprocessor settings and the weights of `folder`; throws
// io::FormatError (and the other errors LocalModel::load turns into a Status) when they do not fit.
[[nodiscard]] std::unique_ptr<runtime::Architecture> loadArchitecture(const io::ModelFolder &folder,
                                                                      const runtime::LoadContext &context);

} // namespace gc::nn::llava
