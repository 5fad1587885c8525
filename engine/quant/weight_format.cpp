#include "quant/weight_format.h"

namespace gc::quant {

std::optional<WeightFormat> parseWeightFormat(std::string_view name)
{
    for (WeightFormat f : {WeightFormat::F32, WeightFormat::BF16, WeightFormat::F16, WeightFormat::Q8, WeightFormat::Q4})
        if (weightFormatName(f) == name)
            return f;
    return std::nullopt;
}

std::string_view weightFormatName(WeightFormat f)
{
    switch (f) {
    case WeightFormat::F32: return "f32";
    case WeightFormat::BF16: return "bf16";
    case WeightFormat::F16: return "f16";
    case WeightFormat::Q8: return "q8";
    case WeightFormat::Q4: return "q4";
    }
    return "?";
}

int64_t scaleBytes(WeightFormat f, int64_t rows, int64_t cols)
{
    const int64_t perBlock = f == WeightFormat::Q8 ? 2 : f == WeightFormat::Q4 ? 4 : 0;
    return rows * ((cols + kBlock - 1) / kBlock) * perBlock;
}

int64_t matrixBytes(WeightFormat f, int64_t rows, int64_t cols)
{
    const int64_t blocks = (cols + kBlock - 1) / kBlock;
    switch (f) {
    case WeightFormat::F32: return rows * cols * 4;
    case WeightFormat::BF16:
    case WeightFormat::F16: return rows * cols * 2;
    case WeightFormat::Q8: return rows * blocks * kBlock + scaleBytes(f, rows, cols);
    case WeightFormat::Q4: return rows * blocks * kBlock / 2 + scaleBytes(f, rows, cols);
    }
    return 0;
}

} // namespace gc::quant
