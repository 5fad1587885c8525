#pragma once

// Kosmos-2 as a runtime architecture: the XLM-R tokenizer, CLIP preprocessing, the model, and its
// prompt layout "<s> <image> (one slot per latent query) </image> prompt". Internal header (ATen).

#include "runtime/architecture.h"

#include <memory>

namespace gc::nn::kosmos2 {

// Reads config.json, the tokenizer, the preprocessor settings and the weights of `folder`; throws
// io::FormatError (and the other errors LocalModel::load turns into a Status) when they do not fit.
[[nodiscard]] std::unique_ptr<runtime::Architecture> loadArchitecture(const io::ModelFolder &folder,
                                                                      const runtime::LoadContext &context);

} // namespace gc::nn::kosmos2
