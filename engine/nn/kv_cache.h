#pragma once

// The attention key/value cache of a decoder, independent of the architecture that fills it: per layer
// K and V in [B, heads, capacity, head_dim], of which the first `length` positions are valid. Internal
// header (ATen).

#include <ATen/ATen.h>

#include <vector>

namespace gc::nn {

struct KVCache {
    std::vector<at::Tensor> k, v;
    int64_t length = 0;
    [[nodiscard]] int64_t capacity() const { return k.empty() ? 0 : k[0].size(2); }
    [[nodiscard]] int64_t batch() const { return k.empty() ? 0 : k[0].size(0); }
    void clear()
    {
        k.clear();
        v.clear();
        length = 0;
    }
    // Makes room for `total` positions of `batch` rows, keeping what the cache holds; grows by doubling
    // so that a long decode reallocates rarely.
    void reserve(int64_t layers, int64_t batch, int64_t heads, int64_t headDim, int64_t total,
                 const at::TensorOptions &options);
    // Writes one layer's new K/V [B, heads, L, head_dim] after the first `past` positions and returns the
    // layer's keys and values up to past + L. The caller advances `length` once every layer has run.
    std::pair<at::Tensor, at::Tensor> append(size_t layer, int64_t past, const at::Tensor &newK,
                                             const at::Tensor &newV);
    // Keeps the first n cached positions (n = 0 empties the cache); throws std::invalid_argument when fewer
    // are cached.
    void truncate(int64_t n);
    // Keeps the rows `rows` (old row per new row, repeats allowed), as beam search needs after each step.
    void reorder(const at::Tensor &rows);
};

} // namespace gc::nn
