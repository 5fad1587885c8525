#include "runtime/pixel_budget.h"

#include "io/model_folder.h"
#include "nn/qwen25vl/image_processor.h"
#include "runtime/architectures.h"

#include <filesystem>

namespace gc::runtime {

namespace {

nn::qwen25vl::ProcessorConfig processorOf(const PixelBudget &b)
{
    nn::qwen25vl::ProcessorConfig c;
    c.patchSize = b.patchSize;
    c.mergeSize = b.mergeSize;
    c.minPixels = b.minPixels;
    c.maxPixels = b.maxPixels;
    return c;
}

} // namespace

PixelBudget pixelBudget(const std::string &folderPath)
{
    PixelBudget b;
    try {
        if (!std::filesystem::is_directory(folderPath))
            throw io::MissingFileError(folderPath + ": no such folder");
        const io::ModelFolder folder = io::openModelFolder(folderPath);
        if (std::string(findArchitecture(folder.config).name) != "qwen2.5-vl")
            return b;
        const nn::qwen25vl::ProcessorConfig c = nn::qwen25vl::parseProcessorConfig(folder.preprocessorConfig);
        b.applies = true;
        b.minPixels = c.minPixels;
        b.maxPixels = c.maxPixels;
        b.patchSize = c.patchSize;
        b.mergeSize = c.mergeSize;
    } catch (const std::exception &e) { // a folder the app cannot load says why when it is loaded
        b.status = {StatusCode::BadModel, e.what()};
    }
    return b;
}

int64_t imageTokens(const PixelBudget &budget, SizeI image, int64_t minPixels, int64_t maxPixels)
{
    if (!budget.applies || !image.isValid())
        return 0;
    try {
        const nn::qwen25vl::ProcessorConfig c = nn::qwen25vl::withPixelBudget(processorOf(budget), minPixels, maxPixels);
        const SizeI resized = nn::qwen25vl::resizedSize(image, c);
        const int64_t side = c.factor();
        return (resized.width / side) * (resized.height / side);
    } catch (const std::exception &) {
        return 0;
    }
}

} // namespace gc::runtime
