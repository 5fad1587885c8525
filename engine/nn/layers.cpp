#include "nn/layers.h"

namespace gc::nn {

at::Tensor WeightStore::get(const std::string &name) const
{
    if (auto live = m_live.find(name); live != m_live.end())
        return live->second;
    const io::TensorView *t = m_file.find(name);
    if (!t)
        throw io::FormatError("checkpoint: missing tensor '" + name + "'");
    at::ScalarType st;
    switch (t->dtype) {
    case io::DType::F32: st = at::kFloat; break;
    case io::DType::F16: st = at::kHalf; break;
    case io::DType::BF16: st = at::kBFloat16; break;
    default: throw io::FormatError("checkpoint: tensor '" + name + "' has unsupported dtype " + t->dtypeText);
    }
    // The mapping is read-only; nothing in the model writes to its weights.
    at::Tensor view = at::from_blob(const_cast<void *>(t->data), t->shape, at::TensorOptions().dtype(st));
    if (m_device.is_cpu())
        return st == at::kFloat ? view : view.to(at::kFloat);
    return view.to(m_device, at::kFloat);
}

Linear::Linear(const WeightStore &w, const std::string &prefix, bool withBias)
    : weight(w.get(prefix + ".weight")), bias(withBias ? w.get(prefix + ".bias") : at::Tensor())
{
}

at::Tensor linearAny(const at::Tensor &x, const at::Tensor &weight, const at::Tensor &bias)
{
    // One row (a decode step at batch 1): BLAS gemv streams the weight at close to memory bandwidth,
    // where the gemm path with m = 1 reaches only about half of it.
    if (x.numel() == x.size(-1) && x.is_contiguous() && weight.is_contiguous()) {
        std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
        shape.back() = weight.size(0);
        at::Tensor y = bias.defined() ? at::addmv(bias, weight, x.view({-1})) : at::mv(weight, x.view({-1}));
        return y.view(shape);
    }
    return at::linear(x, weight, bias);
}

at::Tensor Linear::operator()(const at::Tensor &x) const { return linearAny(x, weight, bias); }

LayerNorm::LayerNorm(const WeightStore &w, const std::string &prefix, double e)
    : weight(w.get(prefix + ".weight")), bias(w.get(prefix + ".bias")), eps(e)
{
}

at::Tensor LayerNorm::operator()(const at::Tensor &x) const
{
    return at::layer_norm(x, {weight.size(0)}, weight, bias, eps);
}

at::Tensor splitHeads(const at::Tensor &x, int64_t heads)
{
    return x.view({x.size(0), x.size(1), heads, x.size(2) / heads}).transpose(1, 2);
}

at::Tensor mergeHeads(const at::Tensor &x)
{
    return x.transpose(1, 2).reshape({x.size(0), x.size(2), x.size(1) * x.size(3)});
}

at::Tensor attend(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask)
{
    at::Tensor s = at::matmul(q, k.transpose(-1, -2));
    if (mask.defined())
        s.add_(mask);
    return at::matmul(at::softmax(s, -1), v);
}

at::Tensor quickGelu(const at::Tensor &x) { return x * at::sigmoid(x * 1.702); }

} // namespace gc::nn
