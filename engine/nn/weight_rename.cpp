#include "nn/weight_rename.h"

#include <map>
#include <memory>
#include <utility>

namespace gc::nn {

io::SafeTensors withRenamedTensors(io::SafeTensors &&weights, const std::function<std::string(const std::string &)> &rename)
{
    auto owner = std::make_shared<io::SafeTensors>(std::move(weights));
    std::map<std::string, io::TensorView> renamed;
    for (const auto &[name, view] : owner->tensors()) {
        io::TensorView t = view;
        t.name = rename(name);
        if (!renamed.emplace(t.name, t).second)
            throw io::FormatError("checkpoint: tensors '" + name + "' and another one both stand for '" + t.name + "'");
    }
    return io::SafeTensors::fromTensors(std::move(renamed), {owner});
}

} // namespace gc::nn
