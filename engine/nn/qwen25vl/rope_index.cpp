#include "nn/qwen25vl/rope_index.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace gc::nn::qwen25vl {

RopeIndex ropeIndex(const std::vector<std::vector<int64_t>> &rows, const std::vector<std::vector<int64_t>> &mask,
                    const std::vector<MergedGrid> &grids, const VisionTokens &tokens)
{
    const size_t B = rows.size(), L = B ? rows[0].size() : 0;
    RopeIndex out;
    out.positions.assign(3 * B * L, 1);
    out.deltas.assign(B, 0);
    size_t image = 0;
    for (size_t b = 0; b < B; ++b) {
        if (rows[b].size() != L || mask.at(b).size() != L)
            throw std::invalid_argument("ropeIndex: rows of different lengths");
        std::vector<size_t> where; // the unpadded positions, in order
        std::vector<int64_t> ids;
        for (size_t i = 0; i < L; ++i)
            if (mask[b][i]) {
                where.push_back(i);
                ids.push_back(rows[b][i]);
            }
        size_t images = 0;
        for (size_t i = 0; i + 1 < ids.size(); ++i)
            images += ids[i] == tokens.visionStart && ids[i + 1] == tokens.imagePad;
        std::vector<int64_t> t, h, w; // per unpadded token
        int64_t next = 0;
        size_t st = 0;
        const auto text = [&](size_t count) {
            for (size_t k = 0; k < count; ++k) {
                const int64_t p = next + static_cast<int64_t>(k);
                t.push_back(p);
                h.push_back(p);
                w.push_back(p);
            }
            next += static_cast<int64_t>(count);
        };
        for (size_t n = 0; n < images; ++n, ++image) {
            if (image >= grids.size())
                throw std::invalid_argument("ropeIndex: more images in the prompt than grids (" +
                                            std::to_string(grids.size()) + ")");
            const MergedGrid &g = grids[image];
            const auto ed = std::find(ids.begin() + static_cast<std::ptrdiff_t>(st), ids.end(), tokens.imagePad);
            const size_t start = static_cast<size_t>(ed - ids.begin());
            if (g.tokens() <= 0 || start + static_cast<size_t>(g.tokens()) > ids.size())
                throw std::invalid_argument("ropeIndex: image " + std::to_string(image) + " has " +
                                            std::to_string(g.tokens()) + " tokens, more than the prompt holds");
            text(start - st);
            const int64_t base = next;
            for (int64_t f = 0; f < g.t; ++f) // images have one frame; its temporal index is 0
                for (int64_t y = 0; y < g.h; ++y)
                    for (int64_t x = 0; x < g.w; ++x) {
                        t.push_back(base);
                        h.push_back(base + y);
                        w.push_back(base + x);
                    }
            next = base + std::max({int64_t(1), g.h, g.w});
            st = start + static_cast<size_t>(g.tokens());
        }
        text(ids.size() - st);
        int64_t top = -1;
        for (size_t k = 0; k < where.size(); ++k) {
            out.positions[(0 * B + b) * L + where[k]] = t[k];
            out.positions[(1 * B + b) * L + where[k]] = h[k];
            out.positions[(2 * B + b) * L + where[k]] = w[k];
            top = std::max({top, t[k], h[k], w[k]});
        }
        out.deltas[b] = top + 1 - static_cast<int64_t>(L);
    }
    if (image != grids.size())
        throw std::invalid_argument("ropeIndex: " + std::to_string(grids.size()) + " image grids but " +
                                    std::to_string(image) + " images in the prompt");
    return out;
}

} // namespace gc::nn::qwen25vl
