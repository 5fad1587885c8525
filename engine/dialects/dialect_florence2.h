#pragma once

// Florence-2 codec options beyond what the registry's default instance uses.

#include "dialect.h"

#include <memory>

namespace gc::dialects {

struct Florence2Options {
    // OCR quads smaller than this fraction of the image are dropped. The transformers port and the
    // original processor's OCR config both default to 0 (keep all); their tests pass 0.01 explicitly.
    double ocrAreaThreshold = 0.0;
};

std::unique_ptr<Dialect> makeFlorence2(const Florence2Options &options);

} // namespace gc::dialects
