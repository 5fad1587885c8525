#include "nn/florence2/weight_names.h"

#include "nn/weight_rename.h"

#include <sstream>
#include <utility>
#include <vector>

namespace gc::nn::florence2 {

namespace {

bool startsWith(const std::string &s, const std::string &p) { return s.compare(0, p.size(), p) == 0; }

std::vector<std::string> split(const std::string &s)
{
    std::vector<std::string> parts;
    std::stringstream in(s);
    for (std::string p; std::getline(in, p, '.');)
        parts.push_back(p);
    return parts;
}

std::string join(const std::vector<std::string> &parts)
{
    std::string s;
    for (const std::string &p : parts)
        s += (s.empty() ? "" : ".") + p;
    return s;
}

// "vision_tower.…" under native names, as the conversion script renamed each module.
std::string remoteVisionName(const std::string &name)
{
    std::vector<std::string> p = split(name);
    // vision_tower.convs.{i}.conv.{weight,bias} <- proj
    if (p.size() == 5 && p[1] == "convs" && p[3] == "conv")
        p[3] = "proj";
    // vision_tower.blocks.{i}.{j}.{spatial,channel}_block.<rest>
    if (p.size() >= 7 && p[1] == "blocks") {
        const std::string attn = p[4] == "spatial_block" ? "window_attn" : "channel_attn";
        const std::vector<std::string> head(p.begin(), p.begin() + 5), rest(p.begin() + 5, p.end());
        std::vector<std::string> mapped = rest;
        if (rest.size() == 2 && (rest[0] == "conv1" || rest[0] == "conv2"))
            mapped = {rest[0], "fn", "dw", rest[1]};
        else if (rest.size() == 2 && rest[0] == "norm1")
            mapped = {attn, "norm", rest[1]};
        else if (rest.size() == 3 && rest[0] == attn)
            mapped = {attn, "fn", rest[1], rest[2]};
        else if (rest.size() == 2 && rest[0] == "norm2")
            mapped = {"ffn", "norm", rest[1]};
        else if (rest.size() == 3 && rest[0] == "ffn")
            mapped = {"ffn", "fn", "net", rest[1], rest[2]};
        p = head;
        p.insert(p.end(), mapped.begin(), mapped.end());
    }
    return join(p);
}

} // namespace

std::string remoteName(const std::string &name)
{
    static const std::pair<const char *, const char *> kPrefixes[] = {
        {"model.multi_modal_projector.image_projection.", "image_projection."},
        {"model.multi_modal_projector.image_proj_norm.", "image_proj_norm."},
        {"model.multi_modal_projector.image_position_embed.", "image_pos_embed."},
        {"model.multi_modal_projector.visual_temporal_embed.", "visual_temporal_embed."},
        {"model.language_model.", "language_model.model."},
        {"lm_head.", "language_model.lm_head."},
    };
    if (startsWith(name, "model.vision_tower."))
        return remoteVisionName(name.substr(6));
    for (const auto &[from, to] : kPrefixes)
        if (startsWith(name, from))
            return to + name.substr(std::string(from).size());
    return name;
}

bool hasNativeNames(const io::SafeTensors &weights)
{
    for (const auto &entry : weights.tensors())
        if (startsWith(entry.first, "model.vision_tower.") || startsWith(entry.first, "model.language_model."))
            return true;
    return false;
}

io::SafeTensors withRemoteNames(io::SafeTensors &&weights)
{
    if (!hasNativeNames(weights))
        return std::move(weights);
    return withRenamedTensors(std::move(weights), remoteName);
}

} // namespace gc::nn::florence2
