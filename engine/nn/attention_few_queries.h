#pragma once

// Attention for a few query rows per head — a decode step, a beam, a short follow-up — read straight from the
// key/value cache's rows.
//
// ATen's batched product sends each head to OpenBLAS's sgemm, which packs the whole key block and runs a 16-row
// micro-kernel for one query row: LLaVA-7B's decode spent as long in those 64 small GEMMs per layer as in
// reading the layer's weights (perf: 44 % of the decoding thread in sgemm, 42 % in the weight kernels). Here
// each head is one pass over its keys through the f32 gemv kernel and one over its values, all heads in one
// threaded loop.
//
// Internal header (ATen types): nn/ implementation files only.

#include <ATen/ATen.h>

namespace gc::nn {

// The most query rows per head that take this path; beyond, the GEMM is the better tool.
inline constexpr int64_t kFewQueries = 16;

// True when attendFewQueries can run these tensors: CPU float32, q [B, H, M, hd] with M <= kFewQueries, k and v
// [B, H, T, hd] each with contiguous rows (hd floats, stride hd along T), as a cache's narrowed view has them, and
// a float32 mask or none.
[[nodiscard]] bool fewQueriesApply(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask);

// softmax(q kᵀ / divisor + mask) v, [B, H, M, hd]. `mask` (float32, may be undefined) broadcasts to [B, H, M, T].
// The same steps as the plain path (scores, softmax, then the weighted sum of values), summed in another order.
[[nodiscard]] at::Tensor attendFewQueries(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v,
                                          const at::Tensor &mask, double divisor);

// What attendFewQueries computes for one head, on raw floats: M query rows at q (hd apart) against T keys and values
// (rows hd apart), mask entry (i, t) at mask[i * maskRow + t * maskCol] (mask null: none), into M rows at out;
// `scores` is M * T floats of scratch. The one-token decode path calls it per head from its own threads.
void attendOneHead(const float *q, int64_t M, const float *keys, const float *values, int64_t T, int64_t hd,
                   const float *mask, int64_t maskRow, int64_t maskCol, float divisor, float *scores, float *out);

} // namespace gc::nn
