#include "encode_util.h"

namespace gc::dialects {

const TaskPrompt *findTask(const DialectInfo &info, const std::string &taskId)
{
    for (const TaskPrompt &t : info.tasks)
        if (t.id == taskId)
            return &t;
    return nullptr;
}

EncodeResult encodeRegions(const DialectInfo &info, const EncodeRequest &req, const std::string &sep,
                           const std::function<bool(const PromptRegion &, std::string &, std::string &)> &writeOne)
{
    EncodeResult res;
    const TaskPrompt *task = nullptr;
    if (!req.task.empty()) {
        task = findTask(info, req.task);
        if (!task)
            return {false, {}, info.displayName + " has no task '" + req.task + "'"};
        if (task->needsRegion && req.regions.empty())
            return {false, {}, "task '" + req.task + "' needs a region"};
    }
    if (!req.regions.empty() && !req.imageSize.isValid())
        return {false, {}, "the image size is needed to write regions"};
    std::string regionText;
    for (size_t i = 0; i < req.regions.size(); ++i) {
        std::string one, error;
        if (!writeOne(req.regions[i], one, error))
            return {false, {}, error.empty() ? "region kind not supported" : error};
        if (i > 0)
            regionText += sep;
        regionText += one;
    }
    const std::string input = req.regions.empty() ? req.phrase : regionText;
    if (!task) {
        res.text = input;
        return res;
    }
    std::string out = task->templ;
    const size_t at = out.find("{input}");
    if (at != std::string::npos)
        out.replace(at, 7, input);
    res.text = out;
    return res;
}

} // namespace gc::dialects
