#pragma once

// The memory a model folder's weights take in each weight format (RuntimeSettings::weights), read from
// config.json and the checkpoint's header alone (names, shapes, dtypes): no weight is read, so a format can
// be chosen, with its cost, before loading. Plain C++, for the app and the CLI.

#include "runtime/local_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gc::runtime {

struct FormatBytes {
    std::string format; // "f32", "bf16", "f16", "q8", "q4"
    int64_t bytes = 0;  // what ModelInfo::parameterBytes reports once the folder is loaded in that format
};

struct WeightBudget {
    Status status;
    std::vector<FormatBytes> formats; // the formats its architecture can hold, f32 first
};

// The architecture's matrices take quant::matrixBytes in each format; a token table that only lookups read counts
// as stored (it is looked up where it is mapped); every other tensor counts as held in memory (io::heldBytes:
// 16-bit ones widened to f32).
[[nodiscard]] WeightBudget weightBudget(const std::string &folder);

} // namespace gc::runtime
