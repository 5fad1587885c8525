#include "nn/qwen25vl/vision_layout.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace gc::nn::qwen25vl {

namespace {

void checkGrid(const GridThw &g, int64_t merge)
{
    if (g.t < 1 || g.h < merge || g.w < merge || g.h % merge || g.w % merge)
        throw std::invalid_argument("image grid " + std::to_string(g.t) + "x" + std::to_string(g.h) + "x" +
                                    std::to_string(g.w) + " is not made of whole " + std::to_string(merge) + "x" +
                                    std::to_string(merge) + " merge blocks");
}

} // namespace

std::vector<std::array<int64_t, 2>> patchPositions(const std::vector<GridThw> &grids, int64_t m)
{
    std::vector<std::array<int64_t, 2>> out;
    for (const GridThw &g : grids) {
        checkGrid(g, m);
        for (int64_t f = 0; f < g.t; ++f)
            for (int64_t br = 0; br < g.h / m; ++br)
                for (int64_t bc = 0; bc < g.w / m; ++bc)
                    for (int64_t i = 0; i < m; ++i)
                        for (int64_t j = 0; j < m; ++j)
                            out.push_back({br * m + i, bc * m + j});
    }
    return out;
}

WindowLayout windowLayout(const std::vector<GridThw> &grids, int64_t m, int64_t ws)
{
    if (ws < 1)
        throw std::invalid_argument("window side below one merged token");
    WindowLayout out;
    out.cuWindowSeqlens = {0};
    out.cuSeqlens = {0};
    const int64_t unit = m * m;
    int64_t offset = 0;
    for (const GridThw &g : grids) {
        checkGrid(g, m);
        const int64_t gh = g.h / m, gw = g.w / m;
        // The reference pads the grid to whole windows (a whole empty row and column more when the side is a
        // multiple of the window) and drops the empty windows again: only the ceil(side / ws) windows that hold
        // tokens remain, in the same order.
        for (int64_t f = 0; f < g.t; ++f) {
            for (int64_t wy = 0; wy < gh; wy += ws)
                for (int64_t wx = 0; wx < gw; wx += ws) {
                    const int64_t ye = std::min(wy + ws, gh), xe = std::min(wx + ws, gw);
                    for (int64_t y = wy; y < ye; ++y)
                        for (int64_t x = wx; x < xe; ++x)
                            out.windowIndex.push_back(offset + f * gh * gw + y * gw + x);
                    out.cuWindowSeqlens.push_back(out.cuWindowSeqlens.back() + (ye - wy) * (xe - wx) * unit);
                }
            out.cuSeqlens.push_back(out.cuSeqlens.back() + g.h * g.w);
        }
        offset += g.t * gh * gw;
    }
    return out;
}

} // namespace gc::nn::qwen25vl
