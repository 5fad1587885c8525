#pragma once

// One token's hidden state through a decoder layer's element-wise steps, on raw floats: the one-token decode path
// (a decoder's runTextLayer when one row steps through the cache), where a tensor per step — its allocation and
// dispatch — cost more than the step (perf, Kosmos-2 q4 decode: libtorch's small operators, malloc and the
// second thread waiting for them were a quarter of the main thread's time). Internal header (ATen).

#include "nn/layers.h"
#include "quant/gemv.h"

#include <array>
#include <initializer_list>

namespace gc::nn::row {

// One slot per WeightFormat value (the prepared inputs by format).
inline constexpr size_t kWeightFormats = 5;
static_assert(size_t(quant::WeightFormat::Q4) + 1 == kWeightFormats, "a WeightFormat value without a slot");

// out = x Wᵀ + b (+ add) of one layer, for one row x.
struct Product {
    const Linear *layer;
    float *out;                 // [rows]
    const float *add = nullptr; // [rows], or none
};

// The products of one row with some layers (each fitsOneRow), as a decode step's team makes them
// (quant::runSteps): prepare(x) — serial work — copies the row, and quantises it for Q8/Q4 weights, once per
// weight format among them; step() makes every product's rows, the matrices' rows sliced together, bias and
// residual added by the thread that made the rows. The prepared rows live in buffers of the calling thread, kept
// from one token to the next and shared by every Products on it: prepare the next only after the last step ran.
class Products {
public:
    Products(std::initializer_list<Product> products);
    void prepare(const float *x, int64_t cols);
    [[nodiscard]] quant::Step step() const;

private:
    std::vector<Product> m_products;
    std::vector<quant::MatrixView> m_views;
    std::vector<const float *> m_biases;                        // each product's, or null
    std::array<quant::PreparedInput, kWeightFormats> *m_inputs; // by weight format
};

// out = LayerNorm(x) over n floats through the kernel of LayerNorm's inference path (the general path's bits); out
// may be x.
void layerNorm(const float *x, const LayerNorm &ln, int64_t n, float *out);
// x = gelu(x), the erf form, in place, through the kernel of nn::gelu's inference path (the same bits for any slice).
void gelu(float *x, int64_t n);

} // namespace gc::nn::row
