#include "nn/qwen25vl/weight_names.h"

#include "nn/weight_rename.h"

#include <utility>

namespace gc::nn::qwen25vl {

namespace {

bool startsWith(const std::string &s, const std::string &p) { return s.compare(0, p.size(), p) == 0; }

const std::pair<const char *, const char *> kLaterPrefixes[] = {
    {"model.visual.", "visual."},
    {"model.language_model.", "model."},
};

} // namespace

std::string releasedName(const std::string &name)
{
    for (const auto &[from, to] : kLaterPrefixes)
        if (startsWith(name, from))
            return to + name.substr(std::string(from).size());
    return name;
}

io::SafeTensors withReleasedNames(io::SafeTensors &&weights)
{
    bool later = false;
    for (const auto &entry : weights.tensors())
        for (const auto &prefix : kLaterPrefixes)
            later = later || startsWith(entry.first, prefix.first);
    if (!later)
        return std::move(weights);
    return withRenamedTensors(std::move(weights), releasedName);
}

} // namespace gc::nn::qwen25vl
