#include "encode_util.h"

#include "common.h"
#include "core/coords.h"

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

std::string phraseAndRegions(const EncodeRequest &req, const std::string &regionsText)
{
    if (req.regions.empty())
        return req.phrase;
    if (!req.phrase.empty() && req.task != "region")
        return req.phrase + " " + regionsText;
    return regionsText;
}

EncodeResult wrapInTask(const DialectInfo &info, const EncodeRequest &req, std::string input)
{
    if (req.task.empty())
        return {true, std::move(input), {}};
    const TaskPrompt *t = findTask(info, req.task);
    if (!t)
        return {false, {}, info.displayName + " has no task '" + req.task + "'"};
    if (t->needsRegion && req.regions.empty())
        return {false, {}, "task '" + req.task + "' needs a region"};
    std::string out = t->templ;
    const size_t at = out.find("{input}");
    if (at != std::string::npos)
        out.replace(at, 7, input);
    return {true, out, {}};
}

EncodeResult encodeRefBoxList(const DialectInfo &info, const EncodeRequest &req, const RefBoxTags &tags)
{
    EncodeRequest plain = req;
    plain.task.clear();
    const EncodeResult boxes = encodeRegions(info, plain, ", ", [&](const PromptRegion &r, std::string &out,
                                                                    std::string &err) {
        if (r.kind != RegionKind::Box) {
            err = info.displayName + " takes boxes only";
            return false;
        }
        const Box u = unitBoxOf(r, req.imageSize);
        const int top = int(tags.scale);
        const auto q = [&](double v) { return std::to_string(coords::toScaleRounded(v, tags.scale, top)); };
        out = "[" + q(u.x1) + ", " + q(u.y1) + ", " + q(u.x2) + ", " + q(u.y2) + "]";
        return true;
    });
    if (!boxes.ok)
        return boxes;
    std::string input = req.phrase;
    if (!req.regions.empty())
        input = (req.phrase.empty() ? "" : tags.refOpen + req.phrase + tags.refClose) + tags.boxOpen + "[" + boxes.text +
                "]" + tags.boxClose;
    return wrapInTask(info, req, std::move(input));
}

} // namespace gc::dialects
