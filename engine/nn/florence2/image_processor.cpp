#include "nn/florence2/image_processor.h"

namespace gc::nn::florence2 {

ClipPreprocessConfig preprocessConfig(const nlohmann::json &pc)
{
    ClipPreprocessConfig released;
    released.height = released.width = 768;
    released.mean = {0.485f, 0.456f, 0.406f};
    released.std = {0.229f, 0.224f, 0.225f};
    return parseClipPreprocessConfig(pc, released);
}

} // namespace gc::nn::florence2
