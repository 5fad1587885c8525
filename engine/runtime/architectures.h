#pragma once

// The architectures the in-process runtime runs, keyed as Hugging Face's config.json names them
// (`model_type`, else one of `architectures`), after llama.cpp's llm_arch name table. Internal (ATen).
//
// Adding an architecture:
//   1. a folder engine/nn/<family>/ with its config reader, its forward pass (reuse nn/layers.h,
//      nn/clip_vision.h, nn/kv_cache.h, nn/positions.h) and a runtime::Architecture implementation with
//      its DecodeState (see nn/kosmos2/architecture.cpp, nn/kosmos2/decode_state.cpp);
//   2. one row in the table in runtime/architectures.cpp;
//   3. one golden test in tests/golden against a tiny reference fixture in tests/data.
// engine/nn/README.md has the map of the runtime.

#include "runtime/architecture.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace gc::runtime {

// A model folder this runtime cannot run: an unknown architecture, CUDA asked of a CPU-only build.
struct UnsupportedError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ArchitectureEntry {
    const char *name;                     // as ModelInfo::architecture reports it
    std::vector<std::string> modelTypes;  // config.json "model_type" values
    std::vector<std::string> classNames;  // config.json "architectures" values
    std::unique_ptr<Architecture> (*load)(const io::ModelFolder &folder, const LoadContext &context);
};

[[nodiscard]] const std::vector<ArchitectureEntry> &architectureTable();

// The row for `config`'s model_type, or for one of its architectures when it has no model_type; throws
// UnsupportedError naming what the config says and listing the supported architectures.
[[nodiscard]] const ArchitectureEntry &findArchitecture(const nlohmann::json &config);

} // namespace gc::runtime
