#include "nn/rope_frequencies.h"

#include "nn/layers.h"

#include <algorithm>
#include <cmath>

namespace gc::nn {

at::Tensor ropeInverseFrequencies(const RopeDecoderConfig &c, int64_t seqLen, const at::TensorOptions &options)
{
    const RopeScaling &s = c.ropeScaling;
    const auto dim = static_cast<double>(c.headDim);
    double theta = c.ropeTheta;
    if (s.type == RopeScaling::Type::Dynamic) {
        // NTK-aware: a larger base once the pass reaches beyond the trained positions
        const auto len = static_cast<double>(std::max(seqLen, c.maxPositions));
        theta *= std::pow(s.factor * len / static_cast<double>(c.maxPositions) - (s.factor - 1), dim / (dim - 2));
    }
    const at::Tensor inv = rotaryInverseFrequencies(c.headDim, theta, options);
    if (s.type == RopeScaling::Type::Linear)
        return inv / static_cast<float>(s.factor);
    if (s.type != RopeScaling::Type::Llama3)
        return inv;
    const auto old = static_cast<double>(s.originalMaxPositions);
    const double lowFreqWavelen = old / s.lowFreqFactor, highFreqWavelen = old / s.highFreqFactor;
    // torch's scalar / tensor is the reciprocal times the scalar
    const at::Tensor wavelen = at::reciprocal(inv) * (2 * M_PI);
    const at::Tensor scaled = at::where(wavelen > lowFreqWavelen, inv / static_cast<float>(s.factor), inv);
    const at::Tensor smooth = (at::reciprocal(wavelen) * old - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
    const at::Tensor smoothed = (1 - smooth) * scaled / static_cast<float>(s.factor) + smooth * scaled;
    const at::Tensor medium = wavelen.ge(highFreqWavelen).logical_and(wavelen.le(lowFreqWavelen));
    return at::where(medium, smoothed, scaled);
}

} // namespace gc::nn
