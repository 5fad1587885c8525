#include "nn/florence2/vision_config.h"

namespace gc::nn::florence2 {

int64_t VisionConfig::gridSide(int64_t imageSize) const
{
    int64_t s = imageSize;
    for (size_t i = 0; i < stages(); ++i)
        s = (s + 2 * patchPadding[i] - patchSize[i]) / patchStride[i] + 1;
    return s;
}

VisionConfig parseVisionConfig(const nlohmann::json &j, const std::string &where)
{
    if (!j.contains("vision_config") || !j["vision_config"].is_object())
        throw io::FormatError(where + ": vision_config missing");
    const nlohmann::json &v = j["vision_config"];
    const char *sec = "vision_config.";
    const std::string type = configValue<std::string>(v, "model_type", "", where);
    if (!type.empty() && type != "davit" && type != "florence_vision")
        throw io::FormatError(where + ": vision_config.model_type is '" + type + "', expected 'davit'");

    constexpr int64_t kDim = 1 << 16;
    constexpr size_t kStages = 8;
    VisionConfig c;
    // the remote code calls the widths dim_embed, the native port embed_dim
    const char *dimsKey = v.contains("dim_embed") ? "dim_embed" : "embed_dim";
    c.dims = configIntegerList(v, dimsKey, c.dims, 0, kStages, 1, kDim, where, sec);
    const size_t n = c.dims.size();
    c.heads = configIntegerList(v, "num_heads", c.heads, n, n, 1, 1024, where, sec);
    c.groups = configIntegerList(v, "num_groups", c.groups, n, n, 1, 1024, where, sec);
    c.depths = configIntegerList(v, "depths", c.depths, n, n, 0, 1000, where, sec);
    c.patchSize = configIntegerList(v, "patch_size", c.patchSize, n, n, 1, 64, where, sec);
    c.patchStride = configIntegerList(v, "patch_stride", c.patchStride, n, n, 1, 64, where, sec);
    c.patchPadding = configIntegerList(v, "patch_padding", c.patchPadding, n, n, 0, 64, where, sec);
    if (v.contains("patch_prenorm") && !v["patch_prenorm"].is_null()) {
        const nlohmann::json &p = v["patch_prenorm"];
        if (!p.is_array() || p.size() != n)
            throw io::FormatError(where + ": 'vision_config.patch_prenorm' is not a list of " + std::to_string(n) +
                                  " booleans");
        c.patchPrenorm.clear();
        for (const auto &b : p) {
            if (!b.is_boolean())
                throw io::FormatError(where + ": 'vision_config.patch_prenorm' holds " + b.dump() + ", not a boolean");
            c.patchPrenorm.push_back(b.get<bool>());
        }
    }
    c.channels = configInteger(v, "in_chans", configInteger(v, "in_channels", 3, 1, 4, where, sec), 1, 4, where, sec);
    c.windowSize = configInteger(v, "window_size", 12, 1, 1024, where, sec);
    c.mlpRatio = configValue<double>(v, "mlp_ratio", 4.0, where);
    if (!(c.mlpRatio > 0.0 && c.mlpRatio <= 64.0))
        throw io::FormatError(where + ": 'vision_config.mlp_ratio' is outside (0, 64]");
    c.qkvBias = configValue<bool>(v, "qkv_bias", true, where);
    // the remote code reads the top-level projection_dim, the native port the vision one
    c.projectionDim = configInteger(j, "projection_dim", configInteger(v, "projection_dim", 768, 1, kDim, where, sec),
                                    1, kDim, where, "");

    if (v.contains("image_pos_embed") && v["image_pos_embed"].is_object()) {
        const nlohmann::json &p = v["image_pos_embed"];
        const std::string t = configValue<std::string>(p, "type", "learned_abs_2d", where);
        if (t != "learned_abs_2d")
            throw io::FormatError(where + ": vision_config.image_pos_embed.type '" + t + "' is not supported");
        c.maxPosEmbeddings = configInteger(p, "max_pos_embeddings", 50, 1, 4096, where, "vision_config.image_pos_embed.");
    } else {
        c.maxPosEmbeddings = configInteger(v, "max_position_embeddings", 50, 1, 4096, where, sec);
    }
    if (v.contains("visual_temporal_embedding") && v["visual_temporal_embedding"].is_object()) {
        const nlohmann::json &t = v["visual_temporal_embedding"];
        const std::string type = configValue<std::string>(t, "type", "COSINE", where);
        if (type != "COSINE")
            throw io::FormatError(where + ": vision_config.visual_temporal_embedding.type '" + type +
                                  "' is not supported");
        c.maxTemporalEmbeddings = configInteger(t, "max_temporal_embeddings", 100, 1, 1 << 20, where,
                                                "vision_config.visual_temporal_embedding.");
    } else {
        c.maxTemporalEmbeddings = configInteger(v, "max_temporal_embeddings", 100, 1, 1 << 20, where, sec);
    }
    if (v.contains("image_feature_source") && !v["image_feature_source"].is_null() &&
        v["image_feature_source"] != nlohmann::json::array({"spatial_avg_pool", "temporal_avg_pool"}))
        throw io::FormatError(where + ": vision_config.image_feature_source " + v["image_feature_source"].dump() +
                              " is not supported (only [\"spatial_avg_pool\", \"temporal_avg_pool\"])");

    // a list left at its default has the base model's four stages
    for (const auto *l : {&c.heads, &c.groups, &c.depths, &c.patchSize, &c.patchStride, &c.patchPadding})
        if (l->size() != n)
            throw io::FormatError(where + ": vision_config has " + std::to_string(n) +
                                  " stages but its other stage lists are missing or of another length");
    if (c.patchPrenorm.size() != n)
        throw io::FormatError(where + ": vision_config has " + std::to_string(n) + " stages but no patch_prenorm for them");
    for (size_t i = 0; i < n; ++i)
        if (c.dims[i] % c.heads[i] || c.dims[i] % c.groups[i])
            throw io::FormatError(where + ": vision stage " + std::to_string(i) + " width " + std::to_string(c.dims[i]) +
                                  " is not a multiple of its num_heads and num_groups");
    return c;
}

void expectVisionTensors(std::vector<ExpectedTensor> &out, const VisionConfig &c, bool linearProjection)
{
    int64_t inC = c.channels;
    for (size_t i = 0; i < c.stages(); ++i) {
        const int64_t C = c.dims[i], k = c.patchSize[i];
        const std::string s = "vision_tower.convs." + std::to_string(i) + ".";
        out.push_back({s + "proj.weight", {C, inC, k, k}});
        out.push_back({s + "proj.bias", {C}});
        expectNorm(out, s + "norm", c.patchPrenorm[i] ? inC : C);
        for (int64_t j = 0; j < c.depths[i]; ++j)
            for (const char *block : {"spatial_block", "channel_block"}) {
                const std::string b = "vision_tower.blocks." + std::to_string(i) + "." + std::to_string(j) + "." + block + ".";
                const std::string attn = b + (block[0] == 's' ? "window_attn." : "channel_attn.");
                for (const char *conv : {"conv1", "conv2"}) {
                    out.push_back({b + conv + ".fn.dw.weight", {C, 1, 3, 3}});
                    out.push_back({b + conv + ".fn.dw.bias", {C}});
                }
                expectNorm(out, attn + "norm", C);
                out.push_back({attn + "fn.qkv.weight", {3 * C, C}});
                if (c.qkvBias)
                    out.push_back({attn + "fn.qkv.bias", {3 * C}});
                expectLinear(out, attn + "fn.proj", C, C);
                expectNorm(out, b + "ffn.norm", C);
                expectLinear(out, b + "ffn.fn.net.fc1", c.mlpHidden(i), C);
                expectLinear(out, b + "ffn.fn.net.fc2", C, c.mlpHidden(i));
            }
        inC = C;
    }
    const int64_t dv = c.dims.back(), p = c.projectionDim;
    if (linearProjection)
        out.push_back({kProjectionLinear, {p, dv}});
    else
        out.push_back({kProjectionMatrix, {dv, p}});
    expectNorm(out, "image_proj_norm", p);
    out.push_back({"image_pos_embed.row_embeddings.weight", {c.maxPosEmbeddings, dv / 2}});
    out.push_back({"image_pos_embed.column_embeddings.weight", {c.maxPosEmbeddings, dv - dv / 2}});
}

} // namespace gc::nn::florence2
