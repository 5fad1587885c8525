#include "runtime/architectures.h"
#include "runtime/architecture_check.h"

#include "nn/florence2/architecture.h"
#include "nn/kosmos2/architecture.h"
#include "nn/qwen25vl/architecture.h"
#include "nn/llava/architecture.h"

#include <algorithm>

namespace gc::runtime {

const std::vector<ArchitectureEntry> &architectureTable()
{
    static const std::vector<ArchitectureEntry> table{
        {"kosmos-2", {"kosmos-2"}, {"Kosmos2ForConditionalGeneration"}, &nn::kosmos2::loadArchitecture},
        {"florence-2", {"florence2"}, {"Florence2ForConditionalGeneration"}, &nn::florence2::loadArchitecture},
        {"qwen2.5-vl", {"qwen2_5_vl"}, {"Qwen2_5_VLForConditionalGeneration"}, &nn::qwen25vl::loadArchitecture},
        // the LLaVA-style grounders saved in the original LLaVA layout run on the same backbone (weight_names.h)
        {"llava", {"llava", "llava_llama", "shikra", "ferret", "LEGO"},
         {"LlavaForConditionalGeneration", "LlavaLlamaForCausalLM", "ShikraLlamaForCausalLM", "FERRETLlamaForCausalLM",
          "LEGOLlamaForCausalLM"},
         &nn::llava::loadArchitecture},
    };
    return table;
}

const ArchitectureEntry &findArchitecture(const nlohmann::json &config)
{
    const auto &table = architectureTable();
    auto has = [](const std::vector<std::string> &names, const std::string &n) {
        return std::find(names.begin(), names.end(), n) != names.end();
    };
    std::string modelType, classes;
    if (const auto t = config.find("model_type"); t != config.end() && t->is_string())
        modelType = t->get<std::string>();
    // model_type decides when it is there (as transformers' AutoConfig has it); the class names only
    // name a model whose config has none.
    for (const ArchitectureEntry &e : table)
        if (has(e.modelTypes, modelType))
            return e;
    if (const auto a = config.find("architectures"); a != config.end() && a->is_array())
        for (const auto &c : *a) {
            if (!c.is_string())
                continue;
            if (modelType.empty())
                for (const ArchitectureEntry &e : table)
                    if (has(e.classNames, c.get<std::string>()))
                        return e;
            classes += (classes.empty() ? "" : ", ") + c.get<std::string>();
        }
    std::string supported;
    for (const ArchitectureEntry &e : table)
        supported += (supported.empty() ? "" : ", ") + std::string(e.name);
    std::string what = "architecture '" + modelType + "'";
    if (!classes.empty())
        what += " (" + classes + ")";
    throw UnsupportedError(what + " is not supported (supported: " + supported + ")");
}

std::string unsupportedArchitecture(const std::string &configJson)
{
    const nlohmann::json config = nlohmann::json::parse(configJson, nullptr, false);
    if (!config.is_object())
        return "config.json is not a JSON object";
    try {
        (void)findArchitecture(config);
    } catch (const UnsupportedError &e) {
        return e.what();
    }
    return {};
}

} // namespace gc::runtime
