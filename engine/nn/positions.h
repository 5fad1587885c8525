#pragma once

// Position ids as the architectures number their tokens. Each architecture's decode state computes its
// own (the generator never does): XLM-R's padding-aware offset here; rotary schemes (RoPE, Qwen2-VL's
// multimodal RoPE with its three sections) and learned tables go beside it when a model needs them.
// Internal header (ATen).

#include <ATen/ATen.h>

namespace gc::nn {

// XLM-R / fairseq numbering: real tokens count from padId + 1, pads get padId.
// That is the reference's cumsum(ids != pad) * (ids != pad) + pad.
[[nodiscard]] inline at::Tensor xlmrPositions(const at::Tensor &ids, int64_t padId)
{
    at::Tensor notPad = ids.ne(padId).to(at::kLong);
    return at::cumsum(notPad, 1) * notPad + padId;
}

} // namespace gc::nn
