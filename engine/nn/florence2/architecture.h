#pragma once

// Florence-2 as a runtime architecture: the BART byte-level BPE with the processor's tokens, the
// processor's preprocessing, the DaViT image encoder, the BART encoder-decoder, and its prompt layout:
// the image features, then the processor's text (a task token becomes its instruction) between <s> and
// </s>, all of it for the encoder. Internal header (ATen).

#include "runtime/architecture.h"

#include <memory>

namespace gc::nn::florence2 {

// Reads config.json, the tokenizer, the preprocessor settings and the weights (remote-code or native
// names, safetensors or pytorch_model.bin) of `folder`; throws io::FormatError (and the other errors
// LocalModel::load turns into a Status) when they do not fit.
[[nodiscard]] std::unique_ptr<runtime::Architecture> loadArchitecture(const io::ModelFolder &folder,
                                                                      const runtime::LoadContext &context);

} // namespace gc::nn::florence2
