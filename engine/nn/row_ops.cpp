#include "nn/row_ops.h"

#include <algorithm>

namespace gc::nn::row {

void layerNorm(const float *x, const LayerNorm &ln, int64_t n, float *out)
{
    // libtorch's own kernel on the row where it lies (one operator): the same rounding as the general path, so the
    // one-token path's logits equal it bit for bit (a hand-written loop's last-bit differences moved Q8/Q4's input
    // quantisation across a rounding edge now and then)
    const at::Tensor y = ln(at::from_blob(const_cast<float *>(x), {n}, at::kFloat));
    std::copy_n(y.data_ptr<float>(), n, out);
}

void gelu(float *x, int64_t n)
{
    at::Tensor t = at::from_blob(x, {n}, at::kFloat); // libtorch's vectorised erf; one operator, no allocation
    at::gelu_(t);
}

} // namespace gc::nn::row
