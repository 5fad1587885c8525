#pragma once

// One token's hidden state through a decoder layer's element-wise steps, on raw floats: the one-token decode path
// (a decoder's runTextLayer when one row steps through the cache), where a tensor per step — its allocation and
// dispatch — cost more than the step (perf, Kosmos-2 q4 decode: libtorch's small operators, malloc and the
// second thread waiting for them were a quarter of the main thread's time). Internal header (ATen).

#include "nn/layers.h"

namespace gc::nn::row {

// out = LayerNorm(x) over n floats, as the general path computes it; out may be x.
void layerNorm(const float *x, const LayerNorm &ln, int64_t n, float *out);
// x = gelu(x), the erf form (at::gelu's default), in place.
void gelu(float *x, int64_t n);

} // namespace gc::nn::row
