#include "runtime/explanation.h"

#include <stdexcept>

namespace gc::runtime {

const char *cellSourceName(CellSource source)
{
    switch (source) {
    case CellSource::Patches: return "patches";
    case CellSource::ResamplerAttention: return "resampler";
    case CellSource::LatentGrid: return "grid";
    }
    return "?";
}

std::vector<float> Explanation::toCells(const float *perPosition) const
{
    const int64_t cells = rows * cols;
    if (cellWeights.empty())
        return {perPosition, perPosition + positions};
    std::vector<float> out(static_cast<size_t>(cells), 0.0f);
    for (int64_t c = 0; c < cells; ++c) {
        const float *w = cellWeights.data() + c * positions;
        double sum = 0;
        for (int64_t p = 0; p < positions; ++p)
            sum += double(w[p]) * perPosition[p];
        out[static_cast<size_t>(c)] = static_cast<float>(sum);
    }
    return out;
}

std::vector<float> Explanation::cellMap(const std::vector<float> &table, int64_t layer) const
{
    if (static_cast<int64_t>(table.size()) != layers * positions || layer >= layers)
        throw std::invalid_argument("Explanation::cellMap: no such layer or table");
    if (layer >= 0)
        return toCells(table.data() + layer * positions);
    std::vector<float> mean(static_cast<size_t>(positions), 0.0f);
    for (int64_t l = 0; l < layers; ++l)
        for (int64_t p = 0; p < positions; ++p)
            mean[static_cast<size_t>(p)] += table[static_cast<size_t>(l * positions + p)] / float(layers);
    return toCells(mean.data());
}

} // namespace gc::runtime
