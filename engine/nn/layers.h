#pragma once

// libtorch building blocks shared by the architectures. Internal header: it exposes ATen types, so only
// the nn/ and runtime/ implementation files include it.

#include "io/safetensors.h"
#include "nn/matrix_packing.h"
#include "quant/parallel_rows.h"
#include "quant/quantized_matrix.h"

#include <ATen/ATen.h>

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gc::quant {
struct PreparedInput;
}

namespace gc::nn {

// Asked between the layers of a forward pass, so that a long pass (a large vision tower, a long prompt)
// can be stopped before it ends; when it says yes the pass throws Stopped and its results are lost.
using StopCheck = std::function<bool()>;
struct Stopped {};
inline void stopIfAsked(const StopCheck &stop)
{
    if (stop && stop())
        throw Stopped{};
}

// Tensors of a checkpoint as ATen tensors. F32 weights alias the memory map (no copy, read-only);
// F16/BF16 weights are widened to float32 once, because the ATen kernels used here compute in float32.
// With a small `matrices` format the weight matrices of linear layers are held in it instead (packed(), which
// Linear takes); norms and biases stay float32 (they are small). Token tables are never widened: table() gives
// them as stored, mapped, and lookupRows widens only the rows a lookup reads (Qwen2.5-VL-3B's table alone is
// 1.2 GB in f32). `packing` is the load's (LoadContext::packing: progress, cancel and the cache on disk);
// without one the matrices are quantised with neither.
class WeightStore {
public:
    WeightStore() = default;
    explicit WeightStore(io::SafeTensors &&file, at::Device device = at::kCPU,
                         quant::WeightFormat matrices = quant::WeightFormat::F32,
                         std::shared_ptr<MatrixPacking> packing = nullptr);
    [[nodiscard]] at::Tensor get(const std::string &name) const; // throws io::FormatError if absent
    // A lookup table (token embeddings) as the checkpoint stores it, f32, f16 or bf16, aliasing the map on the
    // CPU, so that only the rows a lookup reads are paged in; f32 on another device; the live tensor in training.
    [[nodiscard]] at::Tensor table(const std::string &name) const;
    // The 2-D tensor `name` in the store's matrix format; nullptr when that format is f32 or the model runs on
    // another device than the CPU (the small formats' kernels are CPU kernels).
    [[nodiscard]] std::shared_ptr<const quant::QuantizedMatrix> packed(const std::string &name) const;
    [[nodiscard]] quant::WeightFormat matrixFormat() const { return m_format; }
    // Bytes the model's weights take in memory: every tensor as held (io::heldBytes) except a table only table()
    // read (its stored size), a packed matrix at its packed size plus its f32 copy if get() also widened it.
    [[nodiscard]] int64_t residentBytes() const;
    [[nodiscard]] bool has(const std::string &name) const { return m_file.find(name) != nullptr; }
    [[nodiscard]] const io::SafeTensors &file() const { return m_file; }
    [[nodiscard]] at::Device device() const { return m_device; }
    // Training: get() returns this tensor (trainable, owned by the caller) instead of the mapped one, so
    // the trainer runs the very forward pass the runtime uses. The file still defines names and shapes.
    void setLive(const std::string &name, const at::Tensor &t) { m_live[name] = t; }

private:
    io::SafeTensors m_file;
    std::map<std::string, at::Tensor> m_live;
    at::Device m_device = at::kCPU;
    quant::WeightFormat m_format = quant::WeightFormat::F32;
    std::shared_ptr<MatrixPacking> m_packing;
    mutable std::map<std::string, std::shared_ptr<const quant::QuantizedMatrix>> m_packed;
    mutable std::set<std::string> m_widened; // 16-bit tensors get() returned in f32 on the CPU
    mutable std::set<std::string> m_tables;  // tensors table() returned as stored
};

struct Linear {
    at::Tensor weight, bias; // weight [out, in], undefined when the weight is packed; bias may be undefined
    std::shared_ptr<const quant::QuantizedMatrix> packed; // the weight in a small format (WeightStore::packed)
    Linear() = default;
    Linear(const WeightStore &w, const std::string &prefix, bool withBias = true);
    // The matrix `weightName` with a bias stored under another name (a tied head's, say), or none.
    Linear(const WeightStore &w, const std::string &weightName, at::Tensor bias);
    [[nodiscard]] at::Tensor operator()(const at::Tensor &x) const;
    // The outputs `rows` [R] of the product alone, (x Wᵀ + b)[..., rows]: only those rows of W are read when W is
    // held unpacked (a few tokens' logits of a whole vocabulary's head).
    [[nodiscard]] at::Tensor outputs(const at::Tensor &x, const at::Tensor &rows) const;
    // What one product reads: the weight as held (packed or f32) and the bias.
    [[nodiscard]] int64_t bytes() const;
};

// y = x Wᵀ + b for a packed W: a few rows (decode, beams) through the format's gemv kernel, threaded over W's
// rows; more rows (prefill, vision) through libtorch's f32 GEMM on W widened into a reused buffer, which the
// benchmark (bench_quant) measured as fast as the f32 weights.
[[nodiscard]] at::Tensor linearPacked(const at::Tensor &x, const quant::QuantizedMatrix &w, const at::Tensor &bias);
// The products of one input with several matrices (a layer's q, k and v; gate and up), in their order. For a decode
// step (one row against Q8/Q4 weights, a few rows against 16- and 32-bit ones) with every matrix held alike, the
// input is prepared once and all the matrices' rows go through the kernel in one threaded pass: fewer, longer
// parallel regions. Otherwise each product is made alone, as operator() makes it.
[[nodiscard]] std::vector<at::Tensor> linearShared(const at::Tensor &x, std::initializer_list<const Linear *> layers);
// The rows of several products as one step of a team (quant::runSteps): matrix i against the input rows
// *inputs[i] into out[i] ([inputs[i]->m, rows]), the rows of all the matrices sliced together; finish(i, lo, hi),
// when given, runs on the thread that made rows [lo, hi) of matrix i, right after them.
[[nodiscard]] quant::Step gemvStep(std::vector<const quant::PreparedInput *> inputs, std::vector<quant::MatrixView> views,
                                   std::vector<float *> out, std::function<void(size_t, int64_t, int64_t)> finish = {});
// The matrix of `l` as the gemv kernels read it, if they can: packed, or f32, two-dimensional and contiguous on the
// CPU (not while autograd needs it).
[[nodiscard]] std::optional<quant::MatrixView> kernelView(const Linear &l);
// Whether the one-token decode path (nn/row_ops.h) can make `l`'s product: a kernel view, and its bias f32.
[[nodiscard]] bool fitsOneRow(const Linear &l);
// That buffer on the calling thread: its bytes (at most 64 MB, or one row of the widest matrix), and giving it
// back once a pass is over (LocalModel does after every request), so that an idle model holds its weights alone.
[[nodiscard]] int64_t widenScratchBytes();
void releaseWidenScratch();

// Over the last dimension. At inference (f32 on the CPU, no gradient asked for) each row through
// quant::layerNormRow, the one-token decode path's kernel too, so both give the same bits; otherwise at::layer_norm.
struct LayerNorm {
    at::Tensor weight, bias;
    double eps = 1e-5;
    LayerNorm() = default;
    LayerNorm(const WeightStore &w, const std::string &prefix, double eps);
    [[nodiscard]] at::Tensor operator()(const at::Tensor &x) const;
    [[nodiscard]] int64_t bytes() const { return int64_t(weight.nbytes() + bias.nbytes()); }
};
// Whether the one-token path can run `ln` on a row (nn/row_ops.h): weight and bias f32 and contiguous on the CPU.
[[nodiscard]] bool fitsOneRow(const LayerNorm &ln);

// Rotary embedding with the rotate-half pairing (dim i with dim i + d/2): x·cos + [−x₂ | x₁]·sin, cos and sin
// broadcasting to x.
[[nodiscard]] at::Tensor applyRotary(const at::Tensor &x, const at::Tensor &cos, const at::Tensor &sin);
// The rotary inverse frequencies 1/θ^(2j/dim), j < dim/2, in float32 as the references compute them.
[[nodiscard]] at::Tensor rotaryInverseFrequencies(int64_t dim, double theta, const at::TensorOptions &options);

// [B, L, H*hd] -> [B, H, L, hd] and back.
[[nodiscard]] at::Tensor splitHeads(const at::Tensor &x, int64_t heads);
[[nodiscard]] at::Tensor mergeHeads(const at::Tensor &x);
// softmax(q k^T + mask) v over [B, H, *, hd]; q is expected to carry the 1/sqrt(hd) scale already.
// mask broadcasts to [B, H, Lq, Lk] and may be undefined.
[[nodiscard]] at::Tensor attend(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask);
[[nodiscard]] at::Tensor quickGelu(const at::Tensor &x);
// The erf form of gelu (at::gelu's default); at inference through quant::geluErf, the one-token decode path's kernel.
[[nodiscard]] at::Tensor gelu(const at::Tensor &x);
// y = x W^T + b (bias may be undefined); a single f32 row through the f32 gemv kernel (quant/gemv.h).
// Rows `ids` of a table from WeightStore::table, in float32 (a 16-bit table's rows widened after the gather).
[[nodiscard]] at::Tensor lookupRows(const at::Tensor &table, const at::Tensor &ids);
[[nodiscard]] at::Tensor linearAny(const at::Tensor &x, const at::Tensor &weight, const at::Tensor &bias);

} // namespace gc::nn
