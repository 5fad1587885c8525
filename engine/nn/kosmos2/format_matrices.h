#pragma once

// The tensors a Kosmos-2 model holds in its weight format (runtime/weight_budget.h): every linear layer's
// weight, as nn::Linear packs it. The embedding table, the output head (tied to it or stored untied), the
// latent queries, norms and biases stay as stored. Plain C++, from config.json and the checkpoint's header.

#include "io/safetensors.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gc::nn::kosmos2 {

[[nodiscard]] std::vector<std::string> formatMatrices(const nlohmann::json &config, const io::SafeTensors &weights);

} // namespace gc::nn::kosmos2
