#include "nn/pixel_tensor.h"

#include "io/safetensors.h"

namespace gc::nn {

at::Tensor pixelTensor(const io::RgbImage &image, const ClipPreprocessConfig &cfg, at::Device device)
{
    if (image.empty() || image.pixels.size() != static_cast<size_t>(image.width) * image.height * 3)
        throw io::FormatError("image: empty or inconsistent pixel buffer");
    std::vector<float> v = clipPreprocess(image, cfg);
    return at::from_blob(v.data(), {1, 3, cfg.height, cfg.width}, at::kFloat).clone().to(device);
}

} // namespace gc::nn
