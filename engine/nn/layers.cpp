#include "nn/layers.h"

#include "nn/attention_few_queries.h"

#include "quant/gemv.h"

#include "quant/parallel_rows.h"
#include "quant/row_kernels.h"

#include <algorithm>
#include <optional>


namespace gc::nn {

WeightStore::WeightStore(io::SafeTensors &&file, at::Device device, quant::WeightFormat matrices,
                         std::shared_ptr<MatrixPacking> packing)
    : m_file(std::move(file)), m_device(device), m_format(matrices), m_packing(std::move(packing))
{
    if (m_format == quant::WeightFormat::F32 || !m_device.is_cpu())
        return;
    if (!m_packing)
        m_packing = std::make_shared<MatrixPacking>(std::string(), 0, nullptr);
    m_packing->attach(m_file, m_format);
    // Matrices are read once (packed), tables a few rows at a time, and the small tensors read in place (biases,
    // norms) must not bring a 2 MB mapping of the matrix beside them: no huge mappings for any of them.
    for (const auto &[name, t] : m_file.tensors())
        io::adviseReadOnce(t);
}

namespace {

// The tensor `name` of `file` as stored, aliasing the read-only map.
at::Tensor storedView(const io::SafeTensors &file, const std::string &name)
{
    const io::TensorView *t = file.find(name);
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
    return at::from_blob(const_cast<void *>(t->data), t->shape, at::TensorOptions().dtype(st));
}

} // namespace

at::Tensor WeightStore::get(const std::string &name) const
{
    if (auto live = m_live.find(name); live != m_live.end())
        return live->second;
    const at::Tensor view = storedView(m_file, name);
    if (m_device.is_cpu() && view.scalar_type() == at::kFloat)
        return view;
    at::Tensor wide = m_device.is_cpu() ? view.to(at::kFloat) : view.to(m_device, at::kFloat);
    if (m_device.is_cpu())
        m_widened.insert(name);
    // the widened copy is what the model reads: the stored pages need not stay resident beside it (a 16-bit
    // Qwen2.5-VL-3B in f32 held 3.6 GB of them)
    io::dropPages(*m_file.find(name), 0, m_file.find(name)->nbytes);
    return wide;
}

at::Tensor WeightStore::table(const std::string &name) const
{
    if (auto live = m_live.find(name); live != m_live.end())
        return live->second;
    if (!m_device.is_cpu())
        return get(name);
    m_tables.insert(name);
    return storedView(m_file, name);
}

at::Tensor lookupRows(const at::Tensor &table, const at::Tensor &ids)
{
    const at::Tensor rows = at::embedding(table, ids);
    return rows.scalar_type() == at::kFloat ? rows : rows.to(at::kFloat);
}

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
    if (stored16 && m_format == stored) { // kept as the checkpoint stores it
        q = std::make_shared<quant::QuantizedMatrix>(
            quant::QuantizedMatrix::from16Bit(static_cast<const uint16_t *>(t->data), rows, cols, m_format));
        io::dropPages(*t, 0, t->nbytes);
    } else {
        q = m_packing->pack(name, *t); // a slice of rows at a time, dropping each slice's pages
    }
    m_packed[name] = q;
    return q;
}

int64_t WeightStore::residentBytes() const
{
    int64_t bytes = 0;
    for (const auto &[name, t] : m_file.tensors()) {
        const auto packed = m_packed.find(name);
        const int64_t widened = m_widened.count(name) ? t.numel() * int64_t(sizeof(float)) : 0;
        if (packed != m_packed.end())
            bytes += packed->second->bytes() + widened;
        else if (m_tables.count(name) && !widened)
            bytes += static_cast<int64_t>(t.nbytes);
        else
            bytes += static_cast<int64_t>(io::heldBytes(t));
    }
    return bytes;
}

Linear::Linear(const WeightStore &w, const std::string &prefix, bool withBias)
    : Linear(w, prefix + ".weight", withBias ? w.get(prefix + ".bias") : at::Tensor())
{
}

Linear::Linear(const WeightStore &w, const std::string &weightName, at::Tensor b) : bias(std::move(b))
{
    packed = w.packed(weightName);
    if (!packed)
        weight = w.get(weightName);
}

int64_t Linear::bytes() const
{
    return (packed ? packed->bytes() : int64_t(weight.nbytes())) + (bias.defined() ? int64_t(bias.nbytes()) : 0);
}

namespace {

// Up to this many rows the kernel is faster: it reads each weight once from memory, a tile of rows at a time, and
// the other inputs take that tile from the cache; beyond, the GEMM on widened weights is. bench_quant, 2 threads,
// 4 layers of 8192x2048 (kernel / widen + GEMM, ms): 16 rows bf16 18.4 / 26.5, f32 23.7 / 27.8; 32 rows bf16
// 36.3 / 41.0; 48 rows bf16 51.7 / 46.4.
constexpr int64_t kGemvRows = 32;
// For Q8/Q4 weights the kernel runs twice for a prompt's rows (gemvLinear: their 8-bit form, then what that lost):
// 16 rows q8 2 x 11.3 against 26.1 ms widened, 24 rows 2 x 16.9 against 45.8.
constexpr int64_t kIntegerGemvRows = 24;

// The most weights a big product widens at once (64 MB).
constexpr int64_t kWidenedFloats = int64_t(16) << 20;

// The calling thread's buffer for them, reused from layer to layer of a pass (allocating 64 MB per layer would
// fault its pages in every time) and given back by releaseWidenScratch when the pass is over.
at::Tensor &widenScratch()
{
    thread_local at::Tensor buffer;
    return buffer;
}

// One pass of the kernel: the prepared input's m rows against each matrix, threaded over all their rows together
// (one parallel region however many matrices). Returns [m, rows] per matrix.
void gemvPassInto(const quant::PreparedInput &in, const std::vector<quant::MatrixView> &views,
                  const std::vector<float *> &out)
{
    quant::runSteps({gemvStep(std::vector<const quant::PreparedInput *>(views.size(), &in), views, out)});
}

std::vector<at::Tensor> gemvPass(const quant::PreparedInput &in, const std::vector<quant::MatrixView> &views,
                                 const at::TensorOptions &options)
{
    std::vector<at::Tensor> out;
    std::vector<float *> ptrs;
    for (const quant::MatrixView &v : views) {
        out.push_back(at::empty({in.m, v.rows}, options));
        ptrs.push_back(out.back().data_ptr<float>());
    }
    gemvPassInto(in, views, ptrs);
    return out;
}

// The m <= a few rows of x (contiguous, [*, cols]) times Wᵀ through the format's gemv kernel, threaded over W's
// rows: one pass over the weights serves every row.
at::Tensor gemvLinear(const at::Tensor &xc, const quant::MatrixView &v, const at::Tensor &bias)
{
    std::vector<int64_t> shape(xc.sizes().begin(), xc.sizes().end());
    shape.back() = v.rows;
    const int64_t m = xc.numel() / v.cols;
    const quant::PreparedInput in(v.format, xc.data_ptr<float>(), m, v.cols, v.cols);
    at::Tensor y = gemvPass(in, {v}, xc.options())[0];
    if (m > 1 && !in.q.empty()) {
        // A prompt's rows against Q8/Q4 weights: the kernel multiplies 8-bit inputs, and what they lost (x minus
        // its 8-bit form) goes through the kernel as well, so the product is as close to f32 inputs' as the
        // widened weights' GEMM is (Florence-2's fixture, q8 decoder layer 1: 1.07 % from f32 without this, where
        // issue 19 allows 1 %). A decode step's one row keeps the single pass: it is what limits its speed.
        at::Tensor lost = at::empty({m, v.cols}, xc.options());
        const float *x = xc.data_ptr<float>();
        float *l = lost.data_ptr<float>();
        for (int64_t i = 0; i < m; ++i)
            for (int64_t k = 0; k < v.cols; ++k)
                l[i * v.cols + k] = x[i * v.cols + k] - in.effective(i, k);
        const quant::PreparedInput rest(v.format, l, m, v.cols, v.cols);
        y.add_(gemvPass(rest, {v}, xc.options())[0]);
    }
    if (bias.defined())
        y.add_(bias);
    return y.view(shape);
}

} // namespace

quant::Step gemvStep(std::vector<const quant::PreparedInput *> inputs, std::vector<quant::MatrixView> views,
                     std::vector<float *> out, std::function<void(size_t, int64_t, int64_t)> finish)
{
    std::vector<int64_t> first; // each matrix's first row in the rows of all of them
    int64_t total = 0;
    for (const quant::MatrixView &v : views) {
        first.push_back(total);
        total += v.rows;
    }
    return {total, 64, [inputs = std::move(inputs), views = std::move(views), out = std::move(out), first = std::move(first),
                        finish = std::move(finish)](int64_t b, int64_t e) {
                for (size_t i = 0; i < views.size(); ++i) {
                    const int64_t lo = std::max(b, first[i]) - first[i], hi = std::min(e, first[i] + views[i].rows) - first[i];
                    if (lo >= hi)
                        continue;
                    quant::gemvRows(views[i], *inputs[i], out[i], views[i].rows, lo, hi);
                    if (finish)
                        finish(i, lo, hi);
                }
            }};
}

std::optional<quant::MatrixView> kernelView(const Linear &l)
{
    if (l.packed)
        return l.packed->view();
    if (l.weight.defined() && l.weight.is_cpu() && l.weight.scalar_type() == at::kFloat && l.weight.dim() == 2 &&
        l.weight.is_contiguous() && !l.weight.requires_grad())
        return quant::MatrixView{quant::WeightFormat::F32, l.weight.size(0), l.weight.size(1), l.weight.data_ptr<float>()};
    return std::nullopt;
}

at::Tensor linearPacked(const at::Tensor &x, const quant::QuantizedMatrix &w, const at::Tensor &bias)
{
    const quant::MatrixView v = w.view();
    if (x.size(-1) != v.cols)
        throw std::invalid_argument("linear: input width " + std::to_string(x.size(-1)) + " but the weight takes " +
                                    std::to_string(v.cols));
    const at::Tensor xc = x.contiguous();
    const int64_t m = xc.numel() / v.cols;
    const bool integer = v.format == quant::WeightFormat::Q8 || v.format == quant::WeightFormat::Q4;
    if (m <= (integer ? kIntegerGemvRows : kGemvRows))
        return gemvLinear(xc, v, bias);
    std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
    shape.back() = v.rows;
    // Widened a slice of rows at a time into a buffer reused from layer to layer, so that it stays small beside
    // the packed weights: every layer of Kosmos-2 fits one slice, but its output layer (65037 rows) widened whole
    // would take 530 MB.
    const int64_t slice = std::clamp<int64_t>(kWidenedFloats / v.cols, 1, v.rows);
    at::Tensor &buffer = widenScratch();
    if (!buffer.defined() || buffer.numel() < slice * v.cols)
        buffer = at::empty({slice * v.cols}, at::kFloat);
    float *wide = buffer.data_ptr<float>();
    const at::Tensor x2 = xc.view({m, v.cols});
    at::Tensor y = slice == v.rows ? at::Tensor() : at::empty({m, v.rows}, xc.options());
    for (int64_t r0 = 0; r0 < v.rows; r0 += slice) {
        const int64_t n = std::min(slice, v.rows - r0);
        quant::parallelRows(n, 16, [&](int64_t b, int64_t e) {
            quant::dequantizeRows(v, r0 + b, r0 + e, wide + b * v.cols);
        });
        const at::Tensor weight = buffer.narrow(0, 0, n * v.cols).view({n, v.cols});
        const at::Tensor part = at::linear(x2, weight, bias.defined() ? bias.narrow(-1, r0, n) : at::Tensor());
        if (slice == v.rows)
            return part.view(shape);
        y.narrow(1, r0, n).copy_(part);
    }
    return y.view(shape);
}

int64_t widenScratchBytes()
{
    const at::Tensor &buffer = widenScratch();
    return buffer.defined() ? int64_t(buffer.nbytes()) : 0;
}

void releaseWidenScratch() { widenScratch() = at::Tensor(); }

at::Tensor linearAny(const at::Tensor &x, const at::Tensor &weight, const at::Tensor &bias)
{
    // A few rows (a decode step, a follow-up turn's prompt): the f32 gemv kernel, which streams the weight faster
    // than BLAS's gemv through at::mv (bench_quant measures both), and reads it once for all the rows where a
    // GEMM this thin does not reach its rate (Kosmos-2's follow-up of 20 tokens: 1.14 s through at::linear).
    // Not while autograd records: a trainer needs the ATen op's gradient.
    const bool recording = at::GradMode::is_enabled() &&
                           (x.requires_grad() || weight.requires_grad() || (bias.defined() && bias.requires_grad()));
    if (x.dim() >= 1 && x.numel() <= kGemvRows * x.size(-1) && weight.dim() == 2 && weight.size(1) == x.size(-1) && weight.is_contiguous() &&
        x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat && x.is_cpu() && weight.is_cpu() &&
        (!bias.defined() || bias.scalar_type() == at::kFloat) && !recording) {
        const quant::MatrixView v{quant::WeightFormat::F32, weight.size(0), weight.size(1), weight.data_ptr<float>()};
        return gemvLinear(x.contiguous(), v, bias);
    }
    return at::linear(x, weight, bias);
}

at::Tensor Linear::operator()(const at::Tensor &x) const
{
    return packed ? linearPacked(x, *packed, bias) : linearAny(x, weight, bias);
}

std::vector<at::Tensor> linearShared(const at::Tensor &x, std::initializer_list<const Linear *> layers)
{
    const auto alone = [&] {
        std::vector<at::Tensor> out;
        for (const Linear *l : layers)
            out.push_back((*l)(x));
        return out;
    };
    // the matrices as the kernel reads them, when every one can go through it with this input
    std::vector<quant::MatrixView> views;
    const bool recording = at::GradMode::is_enabled() && x.requires_grad();
    if (layers.size() < 2 || recording || !x.is_cpu() || x.scalar_type() != at::kFloat || x.dim() < 1)
        return alone();
    const int64_t cols = x.size(-1), m = cols > 0 ? x.numel() / cols : 0;
    for (const Linear *l : layers) {
        const std::optional<quant::MatrixView> view = kernelView(*l);
        if (!view)
            return alone();
        views.push_back(*view);
        const quant::MatrixView &v = views.back();
        if (v.format != views.front().format || v.cols != cols ||
            (l->bias.defined() && (l->bias.scalar_type() != at::kFloat || l->bias.requires_grad())))
            return alone();
    }
    const quant::WeightFormat format = views.front().format;
    const bool integer = format == quant::WeightFormat::Q8 || format == quant::WeightFormat::Q4;
    // Q8/Q4 products of several rows take a second pass for what the inputs' 8-bit form lost (gemvLinear)
    if (m < 1 || m > (integer ? 1 : kGemvRows))
        return alone();

    const at::Tensor xc = x.contiguous();
    const quant::PreparedInput in(format, xc.data_ptr<float>(), m, cols, cols);
    std::vector<at::Tensor> out = gemvPass(in, views, xc.options());
    size_t i = 0;
    for (const Linear *l : layers) {
        if (l->bias.defined())
            out[i].add_(l->bias);
        std::vector<int64_t> shape(xc.sizes().begin(), xc.sizes().end());
        shape.back() = views[i].rows;
        out[i] = out[i].view(shape);
        ++i;
    }
    return out;
}

namespace {

// A bias or norm the one-token path reads through its pointer: f32, contiguous, on the CPU, not trained.
bool plainVector(const at::Tensor &t)
{
    return t.defined() && t.is_cpu() && t.scalar_type() == at::kFloat && t.is_contiguous() && !t.requires_grad();
}

} // namespace

bool fitsOneRow(const Linear &l) { return kernelView(l).has_value() && (!l.bias.defined() || plainVector(l.bias)); }

bool fitsOneRow(const LayerNorm &ln) { return plainVector(ln.weight) && plainVector(ln.bias); }

at::Tensor Linear::outputs(const at::Tensor &x, const at::Tensor &rows) const
{
    if (packed)
        return (*this)(x).index_select(-1, rows.to(x.device()));
    const at::Tensor r = rows.to(weight.device());
    return linearAny(x, weight.index_select(0, r), bias.defined() ? bias.index_select(0, r) : bias);
}

LayerNorm::LayerNorm(const WeightStore &w, const std::string &prefix, double e)
    : weight(w.get(prefix + ".weight")), bias(w.get(prefix + ".bias")), eps(e)
{
}

namespace {

// Whether an inference call may run on raw floats (quant/row_kernels.h): f32 on the CPU, contiguous, and no
// gradient asked for (the demo model's training goes through libtorch's operators, which autograd knows).
bool rawRows(const at::Tensor &x)
{
    return x.is_cpu() && x.scalar_type() == at::kFloat && x.is_contiguous() &&
           !(at::GradMode::is_enabled() && x.requires_grad());
}

} // namespace

at::Tensor LayerNorm::operator()(const at::Tensor &x) const
{
    const int64_t n = weight.size(0);
    // plainVector also turns away a weight or bias that asks for gradients (training)
    if (!rawRows(x) || x.dim() == 0 || x.size(-1) != n || !plainVector(weight) || (bias.defined() && !plainVector(bias)))
        return at::layer_norm(x, {n}, weight, bias, eps);
    at::Tensor out = at::empty_like(x);
    const float *src = x.data_ptr<float>(), *w = weight.data_ptr<float>();
    const float *b = bias.defined() ? bias.data_ptr<float>() : nullptr;
    float *dst = out.data_ptr<float>();
    quant::parallelRows(x.numel() / std::max<int64_t>(n, 1), std::max<int64_t>(1, 16384 / std::max<int64_t>(n, 1)),
                        [&](int64_t r0, int64_t r1) {
                            for (int64_t r = r0; r < r1; ++r)
                                quant::layerNormRow(src + r * n, n, w, b, eps, dst + r * n);
                        });
    return out;
}

at::Tensor gelu(const at::Tensor &x)
{
    if (!rawRows(x))
        return at::gelu(x);
    at::Tensor out = x.clone();
    float *p = out.data_ptr<float>();
    quant::parallelRows(out.numel(), 16384, [&](int64_t b, int64_t e) { quant::geluErf(p + b, e - b); });
    return out;
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
    if (fewQueriesApply(q, k, v, mask))
        return attendFewQueries(q, k, v, mask, 1.0);
    at::Tensor s = at::matmul(q, k.transpose(-1, -2));
    if (mask.defined())
        s.add_(mask);
    return at::matmul(at::softmax(s, -1), v);
}

at::Tensor quickGelu(const at::Tensor &x) { return x * at::sigmoid(x * 1.702); }

} // namespace gc::nn
