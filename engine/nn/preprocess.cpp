#include "nn/preprocess.h"

#include "nn/config_util.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace gc::nn {

namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;

double bicubic(double x)
{
    constexpr double a = -0.5;
    x = std::fabs(x);
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0)
        return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
    return 0.0;
}

struct Coeffs {
    int ksize = 0;
    std::vector<int> bounds;  // per output: xmin, count
    std::vector<int32_t> k;   // per output: ksize fixed-point weights
};

// Same operation order as Pillow (double math, multiply by 1/filterscale, normalise, then round half
// away from zero) so that every weight, and thus every output byte, is identical.
Coeffs precompute(int inSize, int outSize)
{
    const double scale = static_cast<double>(inSize) / outSize;
    const double filterscale = std::max(scale, 1.0);
    const double support = 2.0 * filterscale;
    Coeffs c;
    c.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
    c.bounds.resize(static_cast<size_t>(outSize) * 2);
    c.k.assign(static_cast<size_t>(outSize) * c.ksize, 0);
    std::vector<double> w(static_cast<size_t>(c.ksize));
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = (xx + 0.5) * scale;
        const double ss = 1.0 / filterscale;
        int xmin = static_cast<int>(center - support + 0.5);
        if (xmin < 0)
            xmin = 0;
        int xmax = static_cast<int>(center + support + 0.5);
        if (xmax > inSize)
            xmax = inSize;
        xmax -= xmin;
        double ww = 0.0;
        for (int x = 0; x < xmax; ++x) {
            w[static_cast<size_t>(x)] = bicubic((x + xmin - center + 0.5) * ss);
            ww += w[static_cast<size_t>(x)];
        }
        for (int x = 0; x < xmax; ++x) {
            double v = ww != 0.0 ? w[static_cast<size_t>(x)] / ww : w[static_cast<size_t>(x)];
            c.k[static_cast<size_t>(xx) * c.ksize + x] =
                static_cast<int32_t>(v < 0 ? -0.5 + v * (1 << kPrecisionBits) : 0.5 + v * (1 << kPrecisionBits));
        }
        c.bounds[static_cast<size_t>(xx) * 2] = xmin;
        c.bounds[static_cast<size_t>(xx) * 2 + 1] = xmax;
    }
    return c;
}

uint8_t clip8(int64_t acc)
{
    const int64_t v = acc >> kPrecisionBits;
    return static_cast<uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
}

io::RgbImage horizontal(const io::RgbImage &in, int outW)
{
    const Coeffs c = precompute(in.width, outW);
    io::RgbImage out;
    out.width = outW;
    out.height = in.height;
    out.pixels.resize(static_cast<size_t>(outW) * in.height * 3);
    for (int y = 0; y < in.height; ++y) {
        const uint8_t *row = in.pixels.data() + static_cast<size_t>(y) * in.width * 3;
        uint8_t *dst = out.pixels.data() + static_cast<size_t>(y) * outW * 3;
        for (int xx = 0; xx < outW; ++xx) {
            const int xmin = c.bounds[static_cast<size_t>(xx) * 2], n = c.bounds[static_cast<size_t>(xx) * 2 + 1];
            const int32_t *k = &c.k[static_cast<size_t>(xx) * c.ksize];
            for (int ch = 0; ch < 3; ++ch) {
                int64_t acc = 1 << (kPrecisionBits - 1);
                for (int x = 0; x < n; ++x)
                    acc += static_cast<int64_t>(row[(xmin + x) * 3 + ch]) * k[x];
                dst[xx * 3 + ch] = clip8(acc);
            }
        }
    }
    return out;
}

io::RgbImage vertical(const io::RgbImage &in, int outH)
{
    const Coeffs c = precompute(in.height, outH);
    io::RgbImage out;
    out.width = in.width;
    out.height = outH;
    out.pixels.resize(static_cast<size_t>(in.width) * outH * 3);
    const size_t stride = static_cast<size_t>(in.width) * 3;
    for (int yy = 0; yy < outH; ++yy) {
        const int ymin = c.bounds[static_cast<size_t>(yy) * 2], n = c.bounds[static_cast<size_t>(yy) * 2 + 1];
        const int32_t *k = &c.k[static_cast<size_t>(yy) * c.ksize];
        uint8_t *dst = out.pixels.data() + static_cast<size_t>(yy) * stride;
        for (size_t i = 0; i < stride; ++i) {
            int64_t acc = 1 << (kPrecisionBits - 1);
            for (int y = 0; y < n; ++y)
                acc += static_cast<int64_t>(in.pixels[(ymin + y) * stride + i]) * k[y];
            dst[i] = clip8(acc);
        }
    }
    return out;
}

} // namespace

io::RgbImage resizeBicubicPillow(const io::RgbImage &in, int outWidth, int outHeight)
{
    // no copy of the input: it may be a photo of hundreds of megabytes
    if (outWidth != in.width)
        return outHeight != in.height ? vertical(horizontal(in, outWidth), outHeight) : horizontal(in, outWidth);
    return outHeight != in.height ? vertical(in, outHeight) : in;
}

ClipPreprocessConfig parseClipPreprocessConfig(const nlohmann::json &pc, ClipPreprocessConfig pre)
{
    const std::string where = "preprocessor_config.json";
    if (pc.contains("size") && pc["size"].is_object()) {
        const auto &sz = pc["size"];
        constexpr int64_t kMax = 8192;
        if (sz.contains("height") && sz.contains("width")) {
            pre.height = static_cast<int>(configInteger(sz, "height", pre.height, 1, kMax, where, "size."));
            pre.width = static_cast<int>(configInteger(sz, "width", pre.width, 1, kMax, where, "size."));
        } else if (sz.contains("shortest_edge")) {
            pre.height = pre.width = static_cast<int>(configInteger(sz, "shortest_edge", pre.height, 1, kMax, where, "size."));
        }
    }
    for (const auto &[key, dst] : {std::pair{"image_mean", &pre.mean}, std::pair{"image_std", &pre.std}})
        if (pc.contains(key) && pc[key].is_array() && pc[key].size() == 3)
            for (size_t i = 0; i < 3; ++i) {
                if (!pc[key][i].is_number())
                    throw io::FormatError(where + ": '" + key + "' holds " + pc[key][i].dump() + ", not a number");
                (*dst)[i] = pc[key][i].get<float>();
            }
    pre.rescaleFactor = configValue<double>(pc, "rescale_factor", pre.rescaleFactor, where);
    return pre;
}

std::vector<float> clipPreprocess(const io::RgbImage &image, const ClipPreprocessConfig &cfg)
{
    const io::RgbImage r = resizeBicubicPillow(image, cfg.width, cfg.height);
    const size_t plane = static_cast<size_t>(cfg.width) * cfg.height;
    std::vector<float> out(plane * 3);
    for (size_t p = 0; p < plane; ++p)
        for (int ch = 0; ch < 3; ++ch) {
            // The reference rescales in double and stores float32, then normalises in float32.
            const float v = static_cast<float>(r.pixels[p * 3 + ch] * cfg.rescaleFactor);
            const float centred = v - cfg.mean[static_cast<size_t>(ch)];
            out[static_cast<size_t>(ch) * plane + p] = centred / cfg.std[static_cast<size_t>(ch)];
        }
    return out;
}

} // namespace gc::nn
