#include "nn/kv_cache.h"

#include <stdexcept>
#include <string>

#include <algorithm>

namespace gc::nn {

void KVCache::reserve(int64_t layers, int64_t rows, int64_t heads, int64_t headDim, int64_t total,
                      const at::TensorOptions &options)
{
    if (capacity() >= total && batch() == rows)
        return;
    const int64_t cap = std::max(total, capacity() * 2);
    for (int64_t l = 0; l < layers; ++l) {
        at::Tensor nk = at::empty({rows, heads, cap, headDim}, options), nv = at::empty_like(nk);
        if (length > 0) {
            nk.narrow(2, 0, length).copy_(k[static_cast<size_t>(l)].narrow(2, 0, length));
            nv.narrow(2, 0, length).copy_(v[static_cast<size_t>(l)].narrow(2, 0, length));
        }
        if (k.size() <= static_cast<size_t>(l)) {
            k.push_back(nk);
            v.push_back(nv);
        } else {
            k[static_cast<size_t>(l)] = nk;
            v[static_cast<size_t>(l)] = nv;
        }
    }
}

std::pair<at::Tensor, at::Tensor> KVCache::append(size_t layer, int64_t past, const at::Tensor &newK,
                                                  const at::Tensor &newV)
{
    const int64_t n = newK.size(2);
    k[layer].narrow(2, past, n).copy_(newK);
    v[layer].narrow(2, past, n).copy_(newV);
    return {k[layer].narrow(2, 0, past + n), v[layer].narrow(2, 0, past + n)};
}

void KVCache::truncate(int64_t n)
{
    if (n == 0) {
        clear();
        return;
    }
    if (n < 0 || n > length)
        throw std::invalid_argument("KVCache::truncate: " + std::to_string(n) + " positions asked, " +
                                    std::to_string(length) + " cached");
    length = n;
}

void KVCache::reorder(const at::Tensor &rows)
{
    const at::Tensor index = rows.to(at::kLong).to(k.empty() ? at::Device(at::kCPU) : k[0].device());
    for (size_t l = 0; l < k.size(); ++l) {
        k[l] = k[l].index_select(0, index);
        v[l] = v[l].index_select(0, index);
    }
}

} // namespace gc::nn
