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
    int phrasesMiscounted = 0;         // caption only: groups named, but never with the right count word
};

// `answer` is the decoded answer text (tags dropped); `grounded` the dialect's decode of the raw text,
// in pixels of the scene image.
[[nodiscard]] Score scoreAnswer(const Scene &scene, const Example &ex, const std::string &answer,
                                const GroundedText &grounded);

// The same from the model's raw output (prompt and answer, tags kept), decoded by the kosmos2 dialect into
// pixels of the scene; `decoded`, when given, receives that decode.
[[nodiscard]] Score scoreRawAnswer(const Scene &scene, const Example &ex, const std::string &answer,
                                   const std::string &raw, GroundedText *decoded = nullptr);

// Scene `i` of the held-out range of `seed` (demo_eval, the CI test): far from the seeds training draws.
[[nodiscard]] Scene heldOutScene(uint64_t seed, int i);

} // namespace gc::demo
