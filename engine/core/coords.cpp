#include "coords.h"

#include <algorithm>
#include <cmath>

namespace gc::coords {

int toScaleRounded(double unit, double divisor, int maxValue)
{
    const double v = std::round(unit * divisor);
    if (!(v >= 0))
        return 0;
    return int(std::min<double>(v, maxValue));
}

int toScaleTruncated(double unit, double divisor, int maxValue)
{
    const double v = std::trunc(unit * divisor);
    if (!(v >= 0))
        return 0;
    return int(std::min<double>(v, maxValue));
}

int quantizeBin(double unit, int bins)
{
    const double v = std::floor(unit * bins);
    if (!(v >= 0))
        return 0;
    return int(std::min<double>(v, bins - 1));
}

double binCenter(int q, int bins) { return (q + 0.5) / bins; }

PointF squareToImage(PointF s, SizeI image)
{
    if (!image.isValid())
        return s;
    const double side = std::max(image.width, image.height);
    const double padX = (side - image.width) / 2.0;
    const double padY = (side - image.height) / 2.0;
    return {(s.x * side - padX) / image.width, (s.y * side - padY) / image.height};
}

PointF imageToSquare(PointF u, SizeI image)
{
    if (!image.isValid())
        return u;
    const double side = std::max(image.width, image.height);
    const double padX = (side - image.width) / 2.0;
    const double padY = (side - image.height) / 2.0;
    return {(u.x * image.width + padX) / side, (u.y * image.height + padY) / side};
}

double roundHalfEven(double v)
{
    const double r = std::nearbyint(v); // default rounding mode: to nearest, ties to even
    return r;
}

std::optional<SizeI> smartResize(SizeI image, const SmartResizeLimits &lim)
{
    if (!image.isValid() || lim.factor <= 0)
        return std::nullopt;
    const double h = image.height, w = image.width;
    if (std::max(h, w) / std::min(h, w) > 200)
        return std::nullopt;
    const double f = lim.factor;
    double hb = std::max(f, roundHalfEven(h / f) * f);
    double wb = std::max(f, roundHalfEven(w / f) * f);
    if (hb * wb > double(lim.maxPixels)) {
        const double beta = std::sqrt(h * w / double(lim.maxPixels));
        hb = std::max(f, std::floor(h / beta / f) * f);
        wb = std::max(f, std::floor(w / beta / f) * f);
    } else if (hb * wb < double(lim.minPixels)) {
        const double beta = std::sqrt(double(lim.minPixels) / (h * w));
        hb = std::ceil(h * beta / f) * f;
        wb = std::ceil(w * beta / f) * f;
    }
    return SizeI{int(wb), int(hb)};
}

SmartResizeLimits qwen3Limits() { return {32, 4LL * 32 * 32, 16384LL * 32 * 32}; }

} // namespace gc::coords
