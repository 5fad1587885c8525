#include "nn/llava/weight_names.h"

#include "io/hf_cache.h"

#include <filesystem>
#include <map>
#include <memory>
#include <utility>

namespace fs = std::filesystem;

namespace gc::nn::llava {

namespace {

bool startsWith(const std::string &s, const std::string &p) { return s.compare(0, p.size(), p) == 0; }

// original prefix → transformers' prefix, the longest first where one is inside another; an empty target drops
// what the image-and-text model never reads
const std::pair<const char *, const char *> kPrefixes[] = {
    // LLaVA-1.5 (and LLaVA-Grounding's LLaVA part): mlp2x_gelu as nn.Sequential(Linear, GELU, Linear)
    {"model.mm_projector.0.", "multi_modal_projector.linear_1."},
    {"model.mm_projector.2.", "multi_modal_projector.linear_2."},
    // Shikra, Ferret, LLaVA-1: one nn.Linear
    {"model.mm_projector.", "multi_modal_projector.linear_1."},
    // GroundingGPT (LEGO): the image projector is mm_vision_projector, mlp2x_gelu
    {"model.mm_vision_projector.0.", "multi_modal_projector.linear_1."},
    {"model.mm_vision_projector.2.", "multi_modal_projector.linear_2."},
    // LLaVA's and Ferret's CLIPVisionTower wraps the CLIPVisionModel as .vision_tower
    {"model.vision_tower.vision_tower.vision_model.", "vision_tower.vision_model."},
    // Ferret's region modules (only Ferret's checkpoints have them; ferret_region_sampler.h)
    {"model.region_geo_sampler.", "ferret_region_sampler."},
    {"model.region_fea_adapter.", "ferret_region_adapter."},
    // GroundingGPT's video and audio branches (EVA-CLIP, Q-Formers, ImageBind and their projections)
    {"model.visual_encoder.", ""},
    {"model.ln_vision.", ""},
    {"model.Qformer.", ""},
    {"model.query_tokens", ""},
    {"model.llama_proj.", ""},
    {"model.video_frame_position_embedding.", ""},
    {"model.video_Qformer.", ""},
    {"model.video_query_tokens", ""},
    {"model.audio_encoder.", ""},
    {"model.audio_Qformer.", ""},
    {"model.audio_query_tokens", ""},
    {"model.audio_llama_proj.", ""},
    {"model.audio_position_embedding.", ""},
    {"model.", "language_model.model."},
    {"lm_head.", "language_model.lm_head."},
};

} // namespace

bool isOriginalLayout(const nlohmann::json &config)
{
    return config.is_object() && !config.contains("text_config") &&
           (config.contains("mm_vision_tower") || config.contains("mm_hidden_size") ||
            config.contains("mm_vision_hidden_size") || config.contains("mm_projector_type"));
}

std::string hfName(const std::string &name)
{
    const std::string inv = "rotary_emb.inv_freq";
    if (name.size() >= inv.size() && name.compare(name.size() - inv.size(), inv.size(), inv) == 0)
        return {};
    for (const auto &[from, to] : kPrefixes)
        if (startsWith(name, from))
            return *to ? to + name.substr(std::string(from).size()) : std::string();
    return name;
}

io::SafeTensors withHfNames(io::SafeTensors &&weights, io::SafeTensors *tower)
{
    auto owner = std::make_shared<io::SafeTensors>(std::move(weights));
    std::vector<std::shared_ptr<const void>> owners{owner};
    std::map<std::string, io::TensorView> renamed;
    auto add = [&](const std::string &from, io::TensorView t) {
        if (t.name.empty())
            return;
        if (!renamed.emplace(t.name, t).second)
            throw io::FormatError("checkpoint: tensors '" + from + "' and another one both stand for '" + t.name + "'");
    };
    for (const auto &[name, view] : owner->tensors()) {
        io::TensorView t = view;
        t.name = hfName(name);
        add(name, t);
    }
    if (tower) {
        auto clip = std::make_shared<io::SafeTensors>(std::move(*tower));
        owners.push_back(clip);
        for (const auto &[name, view] : clip->tensors()) {
            if (!startsWith(name, "vision_model."))
                continue; // CLIPModel's text tower and projections
            io::TensorView t = view;
            t.name = "vision_tower." + name;
            add(name, t);
        }
    }
    return io::SafeTensors::fromTensors(std::move(renamed), std::move(owners));
}

std::string findVisionTowerFolder(const std::string &modelRoot, const std::string &tower)
{
    if (tower.empty())
        return {};
    std::error_code ec;
    const fs::path asGiven(tower);
    for (const fs::path &p : {asGiven, fs::path(modelRoot) / asGiven})
        if (fs::is_directory(p, ec) && fs::is_regular_file(p / "config.json", ec))
            return p.string();
    const fs::path beside = fs::path(modelRoot).parent_path() / asGiven.filename();
    if (fs::is_regular_file(beside / "config.json", ec))
        return beside.string();
    // the Hugging Face cache: models--{owner}--{name}/snapshots/<commit>
    const fs::path snapshots = fs::path(io::hfHubCacheDir()) / io::hfRepoFolderName(tower) / "snapshots";
    if (fs::is_directory(snapshots, ec))
        for (const auto &e : fs::directory_iterator(snapshots, ec))
            if (fs::is_regular_file(e.path() / "config.json", ec))
                return e.path().string();
    return {};
}

} // namespace gc::nn::llava
