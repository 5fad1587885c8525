#include "nn/qwen25vl/image_processor.h"

#include "core/coords.h"
#include "nn/config_util.h"

#include <algorithm>
#include <stdexcept>

namespace gc::nn::qwen25vl {

ProcessorConfig parseProcessorConfig(const nlohmann::json &pc)
{
    const std::string where = "preprocessor_config.json";
    constexpr int64_t kMaxPixels = int64_t(1) << 40;
    ProcessorConfig c;
    c.patchSize = configInteger(pc, "patch_size", c.patchSize, 1, 1024, where, "");
    c.temporalPatchSize = configInteger(pc, "temporal_patch_size", c.temporalPatchSize, 1, 16, where, "");
    c.mergeSize = configInteger(pc, "merge_size", c.mergeSize, 1, 16, where, "");
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json &size = pc.contains("size") && pc["size"].is_object() ? pc["size"] : none;
    c.minPixels = configInteger(pc, "min_pixels", configInteger(size, "shortest_edge", c.minPixels, 1, kMaxPixels, where, "size."),
                                1, kMaxPixels, where, "");
    c.maxPixels = configInteger(pc, "max_pixels", configInteger(size, "longest_edge", c.maxPixels, 1, kMaxPixels, where, "size."),
                                1, kMaxPixels, where, "");
    if (c.minPixels > c.maxPixels)
        throw io::FormatError(where + ": min_pixels " + std::to_string(c.minPixels) + " is above max_pixels " +
                              std::to_string(c.maxPixels));
    constexpr int64_t kBicubic = 3; // PIL.Image.BICUBIC, the only filter of the released processors
    if (configInteger(pc, "resample", kBicubic, 0, 5, where, "") != kBicubic)
        throw io::FormatError(where + ": only the bicubic resample filter (3) is supported");
    // the size key means min/max pixels here, not a fixed frame: parse only the normalisation
    nlohmann::json norm = pc;
    norm.erase("size");
    c.normalisation = parseClipPreprocessConfig(norm, ClipPreprocessConfig{});
    return c;
}

ProcessorConfig withPixelBudget(ProcessorConfig cfg, int64_t minPixels, int64_t maxPixels)
{
    if (minPixels < 0 || maxPixels < 0)
        throw std::invalid_argument("the image's minimum and maximum pixels cannot be negative");
    if (minPixels > 0)
        cfg.minPixels = minPixels;
    if (maxPixels > 0)
        cfg.maxPixels = maxPixels;
    if (cfg.minPixels > cfg.maxPixels)
        throw std::invalid_argument("the image's minimum pixels (" + std::to_string(cfg.minPixels) +
                                    ") are above its maximum pixels (" + std::to_string(cfg.maxPixels) + ")");
    return cfg;
}

SizeI resizedSize(SizeI image, const ProcessorConfig &cfg)
{
    if (!image.isValid())
        throw io::FormatError("image: empty");
    const auto r = coords::smartResize(image, {static_cast<int>(cfg.factor()), cfg.minPixels, cfg.maxPixels});
    if (!r)
        throw io::FormatError("image: " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                              " is more than 200 times as long as it is wide");
    return *r;
}

ProcessedImage processImage(const io::RgbImage &image, const ProcessorConfig &cfg)
{
    if (image.empty() || image.pixels.size() != static_cast<size_t>(image.width) * image.height * 3)
        throw io::FormatError("image: empty or inconsistent pixel buffer");
    ProcessedImage out;
    out.resized = resizedSize({image.width, image.height}, cfg);
    ClipPreprocessConfig frame = cfg.normalisation;
    frame.width = out.resized.width;
    frame.height = out.resized.height;
    const std::vector<float> chw = clipPreprocess(image, frame); // [3, H, W]

    const int64_t P = cfg.patchSize, T = cfg.temporalPatchSize, m = cfg.mergeSize, C = 3;
    const int64_t W = out.resized.width;
    const size_t plane = static_cast<size_t>(out.resized.width) * out.resized.height;
    out.grid = {1, out.resized.height / P, out.resized.width / P};
    out.cols = C * T * P * P;
    out.pixelValues.resize(static_cast<size_t>(out.rows() * out.cols));
    // One image is one frame group: its frame repeated T times. Rows in patchPositions order.
    float *dst = out.pixelValues.data();
    for (const auto &[r, c] : patchPositions({out.grid}, m))
        for (int64_t ch = 0; ch < C; ++ch)
            for (int64_t t = 0; t < T; ++t)
                for (int64_t y = 0; y < P; ++y) {
                    const float *src = chw.data() + ch * plane + static_cast<size_t>((r * P + y) * W + c * P);
                    dst = std::copy(src, src + P, dst);
                }
    return out;
}

} // namespace gc::nn::qwen25vl
