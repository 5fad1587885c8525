#pragma once

// The rotary inverse frequencies of a rope decoder, scaled as its config's rope_scaling says (transformers'
// modeling_rope_utils, computed in float32 as it computes them). Internal header (ATen).

#include "nn/rope_decoder_config.h"

#include <ATen/ATen.h>

namespace gc::nn {

// [headDim / 2] inverse frequencies for a pass whose largest position is seqLen - 1 (only the dynamic scaling
// reads it: below max_position_embeddings it is the plain RoPE).
[[nodiscard]] at::Tensor ropeInverseFrequencies(const RopeDecoderConfig &cfg, int64_t seqLen, const at::TensorOptions &options);

} // namespace gc::nn
