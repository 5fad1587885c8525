#pragma once

// Reading an architecture's hyper-parameters from config.json and checking a checkpoint's layout
// against them: shared by every architecture's config.cpp. Plain C++, no libtorch.

#include "io/safetensors.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gc::nn {

// `key` of `j`, or `def` when absent or null; throws io::FormatError for a value of the wrong type.
template <typename T>
T configValue(const nlohmann::json &j, const char *key, T def, const std::string &where)
{
    if (!j.contains(key) || j[key].is_null())
        return def;
    try {
        return j[key].get<T>();
    } catch (const std::exception &) {
        throw io::FormatError(where + ": '" + key + "' has the wrong type");
    }
}

// An integer hyper-parameter within [lo, hi]: a fraction or a bool is an error (not rounded), and the
// bounds keep every size the model derives from it far from what a real checkpoint could hold, so that
// nothing is allocated for an absurd value before the tensors say otherwise. `section` prefixes the key
// in messages ("vision_config.").
int64_t configInteger(const nlohmann::json &j, const char *key, int64_t def, int64_t lo, int64_t hi,
                      const std::string &where, const char *section);

// A list of integers, each within [lo, hi], of `count` entries (any length in [1, maxCount] when count
// is 0); `def` when the key is absent or null.
std::vector<int64_t> configIntegerList(const nlohmann::json &j, const char *key, const std::vector<int64_t> &def,
                                       size_t count, size_t maxCount, int64_t lo, int64_t hi, const std::string &where,
                                       const char *section);

struct ExpectedTensor {
    std::string name;
    std::vector<int64_t> shape;
};

// Appends weight [out, in] and bias [out] of a linear layer, and weight and bias [dim] of a LayerNorm.
void expectLinear(std::vector<ExpectedTensor> &out, const std::string &name, int64_t outDim, int64_t inDim);
void expectNorm(std::vector<ExpectedTensor> &out, const std::string &name, int64_t dim);

// Throws io::FormatError when `e` is missing from `w` or stored with another shape or with a dtype other
// than F32, F16 or BF16.
void checkTensor(const io::SafeTensors &w, const ExpectedTensor &e);

// The number of "<prefix><n>." layers the checkpoint stores (the highest n plus one; 0 when none).
[[nodiscard]] int64_t storedLayers(const io::SafeTensors &w, const std::string &prefix);

[[nodiscard]] std::string shapeText(const std::vector<int64_t> &shape);

} // namespace gc::nn
