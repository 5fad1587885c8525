#pragma once

// Where each patch of Qwen2.5-VL's vision tower sits and which patches attend to which: the 2-D rotary
// positions in the processor's row order, the window permutation and the attention segments. Integer
// bookkeeping only, one image (or video frame group) after another. Plain C++.

#include <array>
#include <cstdint>
#include <vector>

namespace gc::nn::qwen25vl {

// One image's grid in patches (image_grid_thw): t frame groups of h x w patches. An image is one group.
struct GridThw {
    int64_t t = 1, h = 0, w = 0;
    [[nodiscard]] int64_t patches() const { return t * h * w; }
    bool operator==(const GridThw &o) const { return t == o.t && h == o.h && w == o.w; }
};

// The patch-grid (row, column) of every pixel_values row of `grids`, in their row order: per frame group,
// merge block row, merge block column, then the merge x merge patches of the block row-major. Every image
// and every frame group starts again at (0, 0).
[[nodiscard]] std::vector<std::array<int64_t, 2>> patchPositions(const std::vector<GridThw> &grids, int64_t merge);

struct WindowLayout {
    // The merged tokens (groups of merge² rows) in window order: a permutation of 0..N/merge²-1.
    std::vector<int64_t> windowIndex;
    // Attention segments in rows (patches), of the rows in window order: [0, ends...]. Windowed blocks attend
    // within each window (empty windows have none); full-attention blocks within each frame group of one image,
    // never across images.
    std::vector<int64_t> cuWindowSeqlens;
    std::vector<int64_t> cuSeqlens;
};

// `windowTokens` is the window side in merged tokens; windows at the bottom and right edges are smaller.
// Throws std::invalid_argument for a grid side that is not a positive multiple of `merge`.
[[nodiscard]] WindowLayout windowLayout(const std::vector<GridThw> &grids, int64_t merge, int64_t windowTokens);

} // namespace gc::nn::qwen25vl
