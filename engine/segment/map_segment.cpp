#include "segment/map_segment.h"

#include <algorithm>
#include <cmath>

namespace gc::seg {

namespace {

// The share of each cell's pixels that the mask covers.
std::vector<double> cellCoverage(const HeatGrid &grid, const Mask &mask)
{
    std::vector<double> covered(grid.values.size(), 0.0), pixels(grid.values.size(), 0.0);
    for (int y = 0; y < mask.height; ++y)
        for (int x = 0; x < mask.width; ++x) {
            const int64_t cell = grid.cellAt(x + 0.5, y + 0.5);
            if (cell < 0)
                continue;
            pixels[size_t(cell)] += 1;
            covered[size_t(cell)] += mask.at(x, y) ? 1 : 0;
        }
    for (size_t i = 0; i < covered.size(); ++i)
        covered[i] = pixels[i] > 0 ? covered[i] / pixels[i] : 0.0;
    return covered;
}

// The share of the mask's pixels that lie on cells reaching `warm` (pixels outside the grid count as cold).
double shareOnWarmCells(const HeatGrid &grid, const Mask &mask, float warm)
{
    long long on = 0, all = 0;
    for (int y = 0; y < mask.height; ++y)
        for (int x = 0; x < mask.width; ++x) {
            if (!mask.at(x, y))
                continue;
            ++all;
            const int64_t cell = grid.cellAt(x + 0.5, y + 0.5);
            on += cell >= 0 && grid.values[size_t(cell)] >= warm ? 1 : 0;
        }
    return all > 0 ? double(on) / double(all) : 0.0;
}

} // namespace

std::vector<PointPrompt> MapSegmentResult::keptPoints() const
{
    std::vector<PointPrompt> out;
    for (const MapPointSet &s : sets) {
        if (!s.kept)
            continue;
        for (const PointPrompt &p : s.points) {
            const bool seen = std::any_of(out.begin(), out.end(), [&](const PointPrompt &q) {
                return q.positive == p.positive && q.point.x == p.point.x && q.point.y == p.point.y;
            });
            if (!seen)
                out.push_back(p);
        }
    }
    return out;
}

MapSegmentResult segmentFromMap(Segmenter &segmenter, const HeatGrid &map, const MapSegmentOptions &options)
{
    MapSegmentResult result;
    const auto cells = static_cast<int64_t>(map.values.size());
    if (cells == 0 || cells != map.rows * map.cols || map.area.width() <= 0 || map.area.height() <= 0) {
        result.error = "the map is empty";
        return result;
    }
    const HeatGrid grid{map.rows, map.cols, map.area, normalizedValues(map.values)};
    if (*std::max_element(grid.values.begin(), grid.values.end()) <= 0) {
        result.error = "the map is flat: it has no peak to start from";
        return result;
    }
    std::vector<PointPrompt> negatives;
    for (const HeatPoint &p : heatPoints(grid, 0, options.negatives))
        negatives.push_back({p.point, false});

    // cells that seeded a set or that the kept masks cover: the next set starts elsewhere
    std::vector<bool> done(size_t(cells), false);
    for (int set = 0; set < options.iterations; ++set) {
        int64_t seed = -1;
        for (int64_t c = 0; c < cells; ++c)
            if (!done[size_t(c)] && grid.values[size_t(c)] >= options.hotFraction &&
                (seed < 0 || grid.values[size_t(c)] > grid.values[size_t(seed)]))
                seed = c;
        if (seed < 0)
            break;
        done[size_t(seed)] = true;
        MapPointSet tried;
        tried.points = negatives;
        tried.points.push_back({grid.cellCentre(seed), true});
        Prompts prompts;
        prompts.points = tried.points;
        const SegmentResult r = segmenter.segment(prompts);
        if (r.ok() && r.best() &&
            shareOnWarmCells(grid, r.best()->mask, float(options.warmFraction)) >= options.onHotShare) {
            const Mask &m = r.best()->mask;
            if (result.mask.data.empty()) {
                result.mask = m;
                result.score = r.best()->score;
            } else if (m.width == result.mask.width && m.height == result.mask.height) {
                for (size_t i = 0; i < m.data.size(); ++i)
                    result.mask.data[i] |= m.data[i];
                result.score = std::min(result.score, r.best()->score);
            }
            tried.kept = true;
            const std::vector<double> covered = cellCoverage(grid, result.mask);
            for (int64_t c = 0; c < cells; ++c)
                done[size_t(c)] = done[size_t(c)] || covered[size_t(c)] >= 0.5;
        }
        result.sets.push_back(std::move(tried));
    }
    if (result.mask.area() == 0)
        result.error = "no point set from the map gave a mask on its hot part";
    return result;
}

} // namespace gc::seg
