#pragma once

// What `groundchat-cli annotate` asks a model for each batch task, chosen from the prompts the model's dialect
// was trained on: Kosmos-2 captions with "<grounding>An image of" and finds each phrase with a referring
// prompt; Florence-2 detects every object at once with "<OD>", captions with "<DENSE_REGION_CAPTION>" and
// finds a phrase with "<CAPTION_TO_PHRASE_GROUNDING>".

#include <string>
#include <vector>

namespace gc {
class Dialect;
}

namespace gc::annot {

enum class BatchTask { Caption, Detect, Refer };

struct BatchStep {
    std::string prompt;    // what the model is sent
    std::string taskToken; // the dialect's task token, which picks its answer grammar ("<OD>"); "" when none
    std::string shown;     // the user turn as the saved session shows it
    std::string phrase;    // the phrase asked for; "" when the model names what it finds
};

struct BatchPlan {
    std::vector<BatchStep> steps;
    // Detect: the model names the classes itself (one prompt for every object), so no phrases are given.
    bool modelNamesClasses = false;
};

// Whether the task needs the user's phrases with this dialect.
[[nodiscard]] bool batchNeedsPhrases(const Dialect &dialect, BatchTask task);

// The prompts for one image; empty with *error set when the dialect cannot do the task with what was given.
[[nodiscard]] BatchPlan planBatch(const Dialect &dialect, BatchTask task, const std::vector<std::string> &phrases,
                                  std::string *error);

} // namespace gc::annot
