#include "nn/layers.h"

#include "quant/gemv.h"

#include <ATen/Parallel.h>

#include <sys/mman.h>
#include <unistd.h>

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

namespace {

// Once a matrix is packed its f32 (or 16-bit) pages in the map are not read again, yet they would stay resident
// and count twice toward peak memory. The map is read-only and file-backed, so dropping them loses nothing
// (a later read faults them back in from the file). Only whole pages inside the tensor: its neighbours share
// the edge pages. Tensors another reader copied to the heap are left alone: there DONTNEED would zero them.
void dropPages(const io::TensorView &t)
{
    if (!t.fileMapped)
        return;
    static const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(t.data) + page - 1) / page * page;
    const uintptr_t end = (reinterpret_cast<uintptr_t>(t.data) + t.nbytes) / page * page;
    if (end > begin)
        ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_DONTNEED);
}

} // namespace

std::shared_ptr<const quant::QuantizedMatrix> WeightStore::packed(const std::string &name) const
{
    if (m_format == quant::WeightFormat::F32 || !m_device.is_cpu() || m_live.count(name))
        return nullptr;
    if (auto it = m_packed.find(name); it != m_packed.end())
        return it->second;
    const io::TensorView *t = m_file.find(name);
    if (!t)
        throw io::FormatError("checkpoint: missing tensor '" + name + "'");
    if (t->shape.size() != 2)
        return nullptr;
    const int64_t rows = t->shape[0], cols = t->shape[1];
    std::shared_ptr<const quant::QuantizedMatrix> q;
    const bool stored16 = t->dtype == io::DType::BF16 || t->dtype == io::DType::F16;
    const quant::WeightFormat stored = t->dtype == io::DType::BF16 ? quant::WeightFormat::BF16 : quant::WeightFormat::F16;
    if (stored16 && m_format == stored) // kept as the checkpoint stores it
        q = std::make_shared<quant::QuantizedMatrix>(
            quant::QuantizedMatrix::from16Bit(static_cast<const uint16_t *>(t->data), rows, cols, m_format));
    else if (t->dtype == io::DType::F32)
        q = std::make_shared<quant::QuantizedMatrix>(
            quant::QuantizedMatrix::fromF32(static_cast<const float *>(t->data), rows, cols, m_format));
    else // another 16-bit type: widened one matrix at a time, then narrowed
        q = std::make_shared<quant::QuantizedMatrix>(quant::QuantizedMatrix::fromF32(
            get(name).contiguous().data_ptr<float>(), rows, cols, m_format));
    m_packed[name] = q;
    dropPages(*t);
    return q;
}

int64_t WeightStore::residentBytes() const
{
    int64_t bytes = static_cast<int64_t>(m_file.totalBytes());
    for (const auto &[name, q] : m_packed) {
        const io::TensorView *t = m_file.find(name);
        bytes += q->bytes() - static_cast<int64_t>(t ? t->nbytes : 0);
    }
    return bytes;
}

Linear::Linear(const WeightStore &w, const std::string &prefix, bool withBias)
    : bias(withBias ? w.get(prefix + ".bias") : at::Tensor())
{
    packed = w.packed(prefix + ".weight");
    if (!packed)
        weight = w.get(prefix + ".weight");
}

at::Tensor linearPacked(const at::Tensor &x, const quant::QuantizedMatrix &w, const at::Tensor &bias)
{
    const quant::MatrixView v = w.view();
    if (x.size(-1) != v.cols)
        throw std::invalid_argument("linear: input width " + std::to_string(x.size(-1)) + " but the weight takes " +
                                    std::to_string(v.cols));
    std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
    shape.back() = v.rows;
    const at::Tensor xc = x.contiguous();
    const int64_t m = xc.numel() / v.cols;
    // Up to this many rows one pass over the weights serves them all (the kernel reads each weight block once
    // for four inputs); beyond, the GEMM on widened weights is faster.
    constexpr int64_t kGemvRows = 8;
    if (m <= kGemvRows) {
        const quant::PreparedInput in(v.format, xc.data_ptr<float>(), m, v.cols, v.cols);
        at::Tensor y = at::empty({m, v.rows}, xc.options());
        float *out = y.data_ptr<float>();
        at::parallel_for(0, v.rows, 64, [&](int64_t b, int64_t e) { quant::gemvRows(v, in, out, v.rows, b, e); });
        if (bias.defined())
            y.add_(bias);
        return y.view(shape);
    }
    thread_local at::Tensor buffer; // the widened weights of the layer in use, reused from layer to layer
    if (!buffer.defined() || buffer.numel() < v.rows * v.cols)
        buffer = at::empty({v.rows * v.cols}, at::kFloat);
    float *wide = buffer.data_ptr<float>();
    at::parallel_for(0, v.rows, 16, [&](int64_t b, int64_t e) { quant::dequantizeRows(v, b, e, wide + b * v.cols); });
    const at::Tensor weight = buffer.narrow(0, 0, v.rows * v.cols).view({v.rows, v.cols});
    return at::linear(xc, weight, bias).view(shape);
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

at::Tensor Linear::operator()(const at::Tensor &x) const
{
    return packed ? linearPacked(x, *packed, bias) : linearAny(x, weight, bias);
}

LayerNorm::LayerNorm(const WeightStore &w, const std::string &prefix, double e)
    : weight(w.get(prefix + ".weight")), bias(w.get(prefix + ".bias")), eps(e)
{
}

at::Tensor LayerNorm::operator()(const at::Tensor &x) const
{
    return at::layer_norm(x, {weight.size(0)}, weight, bias, eps);
}

at::Tensor applyRotary(const at::Tensor &x, const at::Tensor &cos, const at::Tensor &sin)
{
    const int64_t half = x.size(-1) / 2;
    const at::Tensor rotated = at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
    return x * cos + rotated * sin;
}

at::Tensor rotaryInverseFrequencies(int64_t dim, double theta, const at::TensorOptions &options)
{
    const at::Tensor exponent = at::arange(0, dim, 2, options.dtype(at::kFloat)) / static_cast<float>(dim);
    return 1.0f / at::pow(static_cast<float>(theta), exponent);
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
