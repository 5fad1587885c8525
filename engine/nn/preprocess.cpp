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

ClipPreprocessConfig parseClipImageProcessor(const nlohmann::json &pc, ClipPreprocessConfig defaults)
{
    const std::string where = "preprocessor_config.json";
    ClipPreprocessConfig pre = parseClipPreprocessConfig(pc, defaults);
    const bool sized = pc.contains("size") && pc["size"].is_object();
    if (sized && !pc["size"].contains("shortest_edge")) { // an explicit height and width: resized to them
        pre.shortestEdge = 0;
        return pre;
    }
    // parseClipPreprocessConfig read shortest_edge as a square
    const int edge = sized ? pre.height : pre.shortestEdge > 0 ? pre.shortestEdge : pre.height;
    if (!configValue<bool>(pc, "do_center_crop", true, where))
        throw io::FormatError(where + ": a shortest_edge resize without do_center_crop gives images of any shape, "
                                      "which the vision tower does not take");
    pre.shortestEdge = edge;
    if (pc.contains("crop_size") && pc["crop_size"].is_object()) {
        constexpr int64_t kMax = 8192;
        pre.height = static_cast<int>(configInteger(pc["crop_size"], "height", edge, 1, kMax, where, "crop_size."));
        pre.width = static_cast<int>(configInteger(pc["crop_size"], "width", edge, 1, kMax, where, "crop_size."));
    } else if (sized) {
        pre.height = pre.width = defaults.height;
    }
    if (pre.height > edge || pre.width > edge)
        throw io::FormatError(where + ": crop_size " + std::to_string(pre.width) + "x" + std::to_string(pre.height) +
                              " is larger than the shortest edge " + std::to_string(edge));
    return pre;
}

io::RgbImage expandToSquare(const io::RgbImage &image, const std::array<uint8_t, 3> &fill)
{
    if (image.width == image.height)
        return image;
    const int side = std::max(image.width, image.height);
    const int left = (side - image.width) / 2, top = (side - image.height) / 2;
    io::RgbImage out;
    out.width = out.height = side;
    out.pixels.resize(static_cast<size_t>(side) * side * 3);
    for (size_t p = 0; p < out.pixels.size(); p += 3)
        std::copy(fill.begin(), fill.end(), out.pixels.begin() + static_cast<std::ptrdiff_t>(p));
    const size_t row = static_cast<size_t>(image.width) * 3;
    for (int y = 0; y < image.height; ++y)
        std::copy_n(image.pixels.data() + static_cast<size_t>(y) * row, row,
                    out.pixels.data() + (static_cast<size_t>(y + top) * side + left) * 3);
    return out;
}

namespace {

// The tower's input in bytes: padded, resized, cropped as `cfg` says.
io::RgbImage resizedInput(const io::RgbImage &image, const ClipPreprocessConfig &cfg)
{
    if (cfg.padToSquare) {
        std::array<uint8_t, 3> fill{};
        for (size_t c = 0; c < 3; ++c)
            fill[c] = static_cast<uint8_t>(static_cast<int>(cfg.mean[c] * 255.0));
        ClipPreprocessConfig square = cfg;
        square.padToSquare = false;
        return resizedInput(expandToSquare(image, fill), square);
    }
    if (cfg.shortestEdge <= 0)
        return resizeBicubicPillow(image, cfg.width, cfg.height);
    const int64_t s = cfg.shortestEdge, w = image.width, h = image.height;
    const int64_t shortSide = std::min(w, h), longSide = std::max(w, h);
    const int longNew = static_cast<int>(static_cast<double>(s * longSide) / static_cast<double>(shortSide));
    const int nw = w <= h ? static_cast<int>(s) : longNew, nh = w <= h ? longNew : static_cast<int>(s);
    const io::RgbImage r = resizeBicubicPillow(image, nw, nh);
    const int top = (nh - cfg.height) / 2, left = (nw - cfg.width) / 2;
    io::RgbImage out;
    out.width = cfg.width;
    out.height = cfg.height;
    out.pixels.resize(static_cast<size_t>(cfg.width) * cfg.height * 3);
    for (int y = 0; y < cfg.height; ++y)
        std::copy_n(r.pixels.data() + (static_cast<size_t>(y + top) * nw + left) * 3, static_cast<size_t>(cfg.width) * 3,
                    out.pixels.data() + static_cast<size_t>(y) * cfg.width * 3);
    return out;
}

} // namespace

std::vector<float> clipPreprocess(const io::RgbImage &image, const ClipPreprocessConfig &cfg)
{
    const io::RgbImage r = resizedInput(image, cfg);
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
