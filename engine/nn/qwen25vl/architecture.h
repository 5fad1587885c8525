#pragma once

// Qwen2.5-VL as a runtime architecture: the byte-level BPE with Qwen2's pre-tokenizer and special tokens, the
// smart_resize processor and vision tower (image_processor.h, vision.h), the chat template (chat_template.h),
// the rotary decoder with M-RoPE (nn/rope_decoder.h) and its decode state. An image's span follows its size:
// one <|image_pad|> per merged patch, numbered by its grid. Internal header (ATen).

#include "runtime/architecture.h"

#include <memory>

namespace gc::nn::qwen25vl {

// Reads config.json, the tokenizer, preprocessor_config.json and the weights (4.49's names or the later
// layout's) of `folder`; throws io::FormatError (and the other errors LocalModel::load turns into a Status)
// when they do not fit.
[[nodiscard]] std::unique_ptr<runtime::Architecture> loadArchitecture(const io::ModelFolder &folder,
                                                                      const runtime::LoadContext &context);

} // namespace gc::nn::qwen25vl
