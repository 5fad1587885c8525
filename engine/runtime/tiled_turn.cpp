#include "runtime/tiled_turn.h"

#include "dialects/registry.h"
#include "dialects/tiled_answer.h"

#include <algorithm>
#include <cstring>

namespace gc::runtime {

io::RgbImage cropImage(const io::RgbImage &image, const Box &box)
{
    const int x1 = std::clamp(int(box.x1), 0, image.width), x2 = std::clamp(int(box.x2), x1, image.width);
    const int y1 = std::clamp(int(box.y1), 0, image.height), y2 = std::clamp(int(box.y2), y1, image.height);
    io::RgbImage out;
    out.width = x2 - x1;
    out.height = y2 - y1;
    out.pixels.resize(size_t(out.width) * size_t(out.height) * 3);
    for (int y = 0; y < out.height; ++y)
        std::memcpy(out.pixels.data() + size_t(y) * size_t(out.width) * 3,
                    image.pixels.data() + (size_t(y + y1) * size_t(image.width) + size_t(x1)) * 3, size_t(out.width) * 3);
    return out;
}

TiledResult askTiled(LocalModel &model, const io::RgbImage &image, const std::string &prompt,
                     const GenerationParams &params, const TiledTurn &turn)
{
    TiledResult result;
    const ModelInfo info = model.info();
    const Dialect *dialect = dialects::find(info.dialect);
    if (!dialect) {
        result.status = {StatusCode::NotLoaded, "no dialect '" + info.dialect + "' registered"};
        return result;
    }
    DecodeOptions options;
    options.prompt = prompt;
    options.task = turn.taskToken;
    TiledAnswer answer(*dialect, {image.width, image.height}, turn.crops, turn.merge, options, info.inputFrame);
    for (size_t i = 0; i < turn.crops.size(); ++i) {
        if (params.shouldAbort && params.shouldAbort()) {
            result.aborted = true;
            break;
        }
        const GenerationResult r = model.generate(cropImage(image, turn.crops[i].box), prompt, params);
        if (r.aborted) {
            result.aborted = true;
            break;
        }
        if (!r.status.ok()) {
            result.status = r.status;
            return result;
        }
        answer.add(i, r.answerText);
        if (turn.onCrop)
            turn.onCrop(i + 1, turn.crops.size());
    }
    result.answered = answer.answered();
    result.regions = answer.merged();
    const std::optional<std::string> text = answer.text();
    if (!text) {
        result.status = {StatusCode::Unsupported, "the " + dialect->info().displayName +
                                                      " dialect cannot write the merged answer of several crops"};
        return result;
    }
    result.text = *text;
    return result;
}

} // namespace gc::runtime
