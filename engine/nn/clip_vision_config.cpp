#include "nn/clip_vision_config.h"

namespace gc::nn {

ClipVisionConfig clipVisionClassDefaults()
{
    ClipVisionConfig c;
    c.hiddenSize = 768;
    c.intermediateSize = 3072;
    c.layers = 12;
    c.heads = 12;
    c.imageSize = 224;
    c.patchSize = 32;
    return c;
}

ClipVisionConfig parseClipVisionConfig(const nlohmann::json &v, const std::string &where, const char *section,
                                       const ClipVisionConfig &d)
{
    constexpr int64_t kDim = 1 << 16, kLayers = 1000;
    ClipVisionConfig c;
    c.hiddenSize = configInteger(v, "hidden_size", d.hiddenSize, 1, kDim, where, section);
    c.intermediateSize = configInteger(v, "intermediate_size", d.intermediateSize, 1, 4 * kDim, where, section);
    c.layers = configInteger(v, "num_hidden_layers", d.layers, 1, kLayers, where, section);
    c.heads = configInteger(v, "num_attention_heads", d.heads, 1, 1024, where, section);
    c.imageSize = configInteger(v, "image_size", d.imageSize, 1, 4096, where, section);
    c.patchSize = configInteger(v, "patch_size", d.patchSize, 1, 1024, where, section);
    c.channels = configInteger(v, "num_channels", d.channels, 1, 4, where, section);
    c.layerNormEps = configValue<double>(v, "layer_norm_eps", d.layerNormEps, where);
    c.act = configValue<std::string>(v, "hidden_act", d.act, where);
    if (c.hiddenSize % c.heads)
        throw io::FormatError(where + ": vision hidden_size is not a multiple of num_attention_heads");
    if (c.imageSize % c.patchSize)
        throw io::FormatError(where + ": image_size is not a multiple of patch_size");
    if (c.act != "quick_gelu" && c.act != "gelu")
        throw io::FormatError(where + ": unsupported vision hidden_act '" + c.act + "'");
    return c;
}

std::string clipVisionLayerPrefix(const std::string &prefix) { return prefix + "encoder.layers."; }

void expectClipVisionTensors(std::vector<ExpectedTensor> &out, const ClipVisionConfig &c, const std::string &prefix)
{
    const int64_t dv = c.hiddenSize, iv = c.intermediateSize, p = c.patchSize;
    out.push_back({prefix + "embeddings.class_embedding", {dv}});
    out.push_back({prefix + "embeddings.patch_embedding.weight", {dv, c.channels, p, p}});
    out.push_back({prefix + "embeddings.position_embedding.weight", {c.tokens(), dv}});
    expectNorm(out, prefix + "pre_layrnorm", dv);
    for (int64_t l = 0; l < c.layers; ++l) {
        const std::string b = clipVisionLayerPrefix(prefix) + std::to_string(l) + ".";
        for (const char *proj : {"q_proj", "k_proj", "v_proj", "out_proj"})
            expectLinear(out, b + "self_attn." + proj, dv, dv);
        expectNorm(out, b + "layer_norm1", dv);
        expectLinear(out, b + "mlp.fc1", iv, dv);
        expectLinear(out, b + "mlp.fc2", dv, iv);
        expectNorm(out, b + "layer_norm2", dv);
    }
    expectNorm(out, prefix + "post_layernorm", dv);
}

} // namespace gc::nn
