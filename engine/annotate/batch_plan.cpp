#include "annotate/batch_plan.h"

#include "dialects/dialect.h"

#include <initializer_list>

namespace gc::annot {

namespace {

constexpr std::string_view kInput = "{input}";

bool takesInput(const TaskPrompt &t) { return t.templ.find(kInput) != std::string::npos; }

// The first of `ids` the dialect has that needs no drawn region and takes (or does not take) the user's text.
const TaskPrompt *pick(const Dialect &dialect, std::initializer_list<const char *> ids, bool withInput)
{
    for (const char *id : ids)
        for (const TaskPrompt &t : dialect.info().tasks)
            if (t.id == id && !t.needsRegion && takesInput(t) == withInput)
                return &t;
    return nullptr;
}

BatchStep step(const TaskPrompt &t, const std::string &input, std::string shown, std::string phrase)
{
    std::string prompt = t.templ;
    if (const size_t at = prompt.find(kInput); at != std::string::npos)
        prompt.replace(at, kInput.size(), input);
    return {std::move(prompt), t.token, std::move(shown), std::move(phrase)};
}

// A grounded caption without the user's words comes first; a model whose phrase grounding needs a caption to
// ground (Florence-2) captions its regions densely instead.
const TaskPrompt *captionPrompt(const Dialect &d)
{
    return pick(d, {"grounded-caption", "dense-caption", "caption"}, false);
}

// Florence-2's "refer" is open-vocabulary detection; its referring task is phrase grounding, which takes the
// phrase as its input. Dialects whose grounded caption takes no input find a phrase with their "refer".
const TaskPrompt *referPrompt(const Dialect &d) { return pick(d, {"grounded-caption", "refer"}, true); }

} // namespace

bool batchNeedsPhrases(const Dialect &dialect, BatchTask task)
{
    if (task == BatchTask::Caption)
        return false;
    if (task == BatchTask::Detect)
        return !pick(dialect, {"detect"}, false);
    return true;
}

BatchPlan planBatch(const Dialect &dialect, BatchTask task, const std::vector<std::string> &phrases, std::string *error)
{
    BatchPlan plan;
    const std::string &name = dialect.info().displayName;
    switch (task) {
    case BatchTask::Caption:
        if (const TaskPrompt *t = captionPrompt(dialect))
            plan.steps.push_back(step(*t, "", "Describe the image, grounding each object.", ""));
        else // no caption preset: the request in plain words
            plan.steps.push_back({"Describe the image, grounding each object.", "",
                                  "Describe the image, grounding each object.", ""});
        return plan;
    case BatchTask::Detect:
        if (const TaskPrompt *all = pick(dialect, {"detect"}, false)) {
            if (!phrases.empty()) {
                *error = name + " detects every object it knows with one prompt (" + all->templ +
                         ") and names them itself: leave out --phrases, or use --task refer to find given phrases";
                return {};
            }
            plan.modelNamesClasses = true;
            plan.steps.push_back(step(*all, "", "Find every object.", ""));
            return plan;
        }
        for (const std::string &p : phrases) {
            const TaskPrompt *t = pick(dialect, {"detect", "refer"}, true);
            plan.steps.push_back(t ? step(*t, p, "Find: " + p, p) : BatchStep{p, "", "Find: " + p, p});
        }
        break;
    case BatchTask::Refer:
        for (const std::string &p : phrases) {
            const TaskPrompt *t = referPrompt(dialect);
            plan.steps.push_back(t ? step(*t, p, "Where is " + p + "?", p) : BatchStep{p, "", "Where is " + p + "?", p});
        }
        break;
    }
    if (plan.steps.empty()) {
        *error = "--phrases lists no phrases";
        return {};
    }
    return plan;
}

} // namespace gc::annot
