#pragma once

// Scoring a model's answer against a scene's ground truth; shared by demo_eval and the CI test so both
// judge answers the same way. Plain C++ (no libtorch).

#include "core/grounded_text.h"
#include "demo/tasks.h"

namespace gc::demo {

struct Score {
    int correct = 0; // refer / region / count: 0 or 1; caption: objects whose box was found
    int total = 0;   // caption: objects in the scene; else 1
    int phrasesFound = 0, phrases = 0; // caption only: (colour, shape) groups named correctly
};

// `answer` is the decoded answer text (tags dropped); `grounded` the dialect's decode of the raw text,
// in pixels of the scene image.
[[nodiscard]] Score scoreAnswer(const Scene &scene, const Example &ex, const std::string &answer,
                                const GroundedText &grounded);

} // namespace gc::demo
