#include "nn/row_ops.h"

#include "quant/row_kernels.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>

namespace gc::nn::row {

Products::Products(std::initializer_list<Product> products) : m_products(products)
{
    thread_local std::array<quant::PreparedInput, kWeightFormats> inputs;
    m_inputs = &inputs;
    for (const Product &p : m_products) {
        const std::optional<quant::MatrixView> v = kernelView(*p.layer);
        if (!v) // the caller checks fitsOneRow once at load; a layer changed since is an error, not a crash
            throw std::logic_error("one-token path: a layer's matrix is neither packed nor plain f32 on the CPU");
        m_views.push_back(*v);
        m_biases.push_back(p.layer->bias.defined() ? p.layer->bias.data_ptr<float>() : nullptr);
    }
}

void Products::prepare(const float *x, int64_t cols)
{
    std::array<bool, kWeightFormats> done{};
    for (const quant::MatrixView &v : m_views) {
        if (v.cols != cols)
            throw std::invalid_argument("linear: input width " + std::to_string(cols) + " but the weight takes " +
                                        std::to_string(v.cols));
        const auto f = size_t(v.format);
        if (!done[f])
            (*m_inputs)[f].prepare(v.format, x, 1, cols, cols);
        done[f] = true;
    }
}

quant::Step Products::step() const
{
    std::vector<const quant::PreparedInput *> inputs;
    std::vector<float *> outs;
    for (const quant::MatrixView &v : m_views)
        inputs.push_back(&(*m_inputs)[size_t(v.format)]);
    for (const Product &p : m_products)
        outs.push_back(p.out);
    return gemvStep(std::move(inputs), m_views, std::move(outs), [this](size_t i, int64_t lo, int64_t hi) {
        const Product &p = m_products[i];
        float *out = p.out;
        if (const float *b = m_biases[i])
            for (int64_t r = lo; r < hi; ++r)
                out[r] += b[r];
        if (const float *add = p.add)
            for (int64_t r = lo; r < hi; ++r)
                out[r] += add[r];
    });
}

void layerNorm(const float *x, const LayerNorm &ln, int64_t n, float *out)
{
    // the kernel LayerNorm's inference path runs on each row: the general path's bits
    quant::layerNormRow(x, n, ln.weight.data_ptr<float>(), ln.bias.defined() ? ln.bias.data_ptr<float>() : nullptr,
                        ln.eps, out);
}

void gelu(float *x, int64_t n) { quant::geluErf(x, n); }

} // namespace gc::nn::row
