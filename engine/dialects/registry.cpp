#include "registry.h"

#include "factories.h"

#include <algorithm>
#include <cctype>

namespace gc {

const char *coordSpaceName(CoordSpace s)
{
    switch (s) {
    case CoordSpace::Unit: return "unit-0-1";
    case CoordSpace::PaddedSquare: return "padded-square-0-1";
    case CoordSpace::Scale100: return "int-0-100";
    case CoordSpace::Scale999: return "int-0-999";
    case CoordSpace::Scale1000: return "int-0-1000";
    case CoordSpace::Bins1000: return "bins-1000";
    case CoordSpace::Bins1024: return "bins-1024";
    case CoordSpace::Patch32: return "patch-index-32x32";
    case CoordSpace::Percent: return "percent-0-100";
    case CoordSpace::ResizedPixels: return "resized-input-pixels";
    case CoordSpace::None: return "none";
    }
    return "none";
}

namespace dialects {
namespace {

std::vector<std::unique_ptr<Dialect>> makeAll()
{
    std::vector<std::unique_ptr<Dialect>> v;
    v.push_back(makeKosmos2());
    v.push_back(makeShikra());
    v.push_back(makeMiniGptV2());
    v.push_back(makeFerret());
    v.push_back(makeGroundingGpt());
    v.push_back(makeLlava15());
    v.push_back(makeLlava15Crop());
    v.push_back(makeGroma());
    v.push_back(makeLlavaGrounding());
    v.push_back(makeGlamm());
    v.push_back(makeQwenVl());
    v.push_back(makeQwen2Vl());
    v.push_back(makeQwen25Vl());
    v.push_back(makeQwen3Vl());
    v.push_back(makeInternVl());
    v.push_back(makeFlorence2());
    v.push_back(makePaliGemma());
    v.push_back(makeCogVlm());
    v.push_back(makeCogAgent());
    v.push_back(makeDeepSeekVl2());
    v.push_back(makeMolmo());
    v.push_back(makeMoondream());
    v.push_back(makeGemini());
    return v;
}

const std::vector<std::unique_ptr<Dialect>> &owned()
{
    static const std::vector<std::unique_ptr<Dialect>> all = makeAll();
    return all;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

} // namespace

const std::vector<const Dialect *> &all()
{
    static const std::vector<const Dialect *> view = [] {
        std::vector<const Dialect *> v;
        for (const auto &d : owned())
            v.push_back(d.get());
        return v;
    }();
    return view;
}

const Dialect *find(std::string_view id)
{
    std::string key = lower(id);
    std::replace(key.begin(), key.end(), '_', '-');
    if (key == "qwen2-5-vl" || key == "qwen25-vl" || key == "qwen2.5vl")
        key = "qwen2.5-vl";
    if (key == "minigptv2" || key == "minigpt2")
        key = "minigpt-v2";
    if (key == "kosmos-2")
        key = "kosmos2";
    if (key == "florence-2")
        key = "florence2";
    for (const Dialect *d : all())
        if (d->info().id == key)
            return d;
    return nullptr;
}

const Dialect *forModelName(std::string_view modelName)
{
    // Most specific patterns first: "qwen2.5-vl" must win over "qwen2-vl" and "qwen-vl".
    static const std::pair<const char *, const char *> table[] = {
        {"qwen3-vl", "qwen3-vl"},         {"qwen3vl", "qwen3-vl"},        {"qwen2.5-vl", "qwen2.5-vl"},
        {"qwen2_5_vl", "qwen2.5-vl"},     {"qwen2.5vl", "qwen2.5-vl"},    {"qwen2-vl", "qwen2-vl"},
        {"qwen2vl", "qwen2-vl"},          {"qwen-vl", "qwen-vl"},         {"internvl", "internvl"},
        {"florence-2", "florence2"},      {"florence2", "florence2"},     {"paligemma", "paligemma"},
        {"deepseek-vl2", "deepseek-vl2"}, {"deepseek_vl2", "deepseek-vl2"}, {"kosmos-2", "kosmos2"},
        {"kosmos2", "kosmos2"},           {"cogagent", "cogagent"},       {"cogvlm", "cogvlm"},
        {"molmo", "molmo"},               {"moondream", "moondream"},     {"gemini", "gemini"},
        {"minigpt", "minigpt-v2"},        {"shikra", "shikra"},           {"ferret", "ferret"},
        {"groma", "groma"},               {"groundinggpt", "groundinggpt"}, {"llava-grounding", "llava-grounding"},
        {"llava_grounding", "llava-grounding"}, {"glamm", "glamm"},
    };
    const std::string name = lower(modelName);
    for (const auto &[pattern, id] : table)
        if (name.find(pattern) != std::string::npos)
            return find(id);
    return nullptr;
}

} // namespace dialects
} // namespace gc
