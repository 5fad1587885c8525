#include "nn/rms_norm.h"

namespace gc::nn {

RmsNorm::RmsNorm(const WeightStore &w, const std::string &prefix, double e) : weight(w.get(prefix + ".weight")), eps(e) {}

at::Tensor RmsNorm::operator()(const at::Tensor &x) const
{
    return x * at::rsqrt(x.pow(2).mean(-1, true) + eps) * weight;
}

} // namespace gc::nn
