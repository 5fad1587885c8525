#include "nn/decoder_probe.h"

namespace gc::nn {

void DecoderProbe::recordHidden(const at::Tensor &x)
{
    if (!hiddenAt.defined())
        return;
    const at::Tensor index = hiddenAt.to(x.device()).unsqueeze(-1).expand({-1, -1, x.size(2)});
    hidden.push_back(x.gather(1, index).clone());
}

void DecoderProbe::recordAttention(const at::Tensor &weights)
{
    if (!queriesAt.defined())
        return;
    const int64_t B = weights.size(0), H = weights.size(1), keys = weights.size(3), Q = queriesAt.size(1);
    const at::Tensor index = queriesAt.to(weights.device()).view({B, 1, Q, 1}).expand({B, H, Q, keys});
    // Each query's head-averaged row is a distribution over the keys.
    attention.push_back(weights.gather(2, index).mean(1));
}

at::Tensor attendRecorded(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask,
                          DecoderProbe &probe)
{
    at::Tensor s = at::matmul(q, k.transpose(-1, -2));
    if (mask.defined())
        s.add_(mask);
    const at::Tensor weights = at::softmax(s, -1);
    probe.recordAttention(weights);
    return at::matmul(weights, v);
}

} // namespace gc::nn
