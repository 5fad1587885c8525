#include "nn/qwen25vl/vision_config.h"

#include <algorithm>

namespace gc::nn::qwen25vl {

bool VisionConfig::fullAttention(int64_t block) const
{
    return std::find(fullAttBlocks.begin(), fullAttBlocks.end(), block) != fullAttBlocks.end();
}

VisionConfig parseVisionConfig(const nlohmann::json &j, const std::string &where)
{
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json &v = j.contains("vision_config") && j["vision_config"].is_object() ? j["vision_config"] : none;
    const char *sec = "vision_config.";
    constexpr int64_t kDim = 1 << 16, kDepth = 1000;
    VisionConfig c;
    c.depth = configInteger(v, "depth", c.depth, 1, kDepth, where, sec);
    c.hiddenSize = configInteger(v, "hidden_size", c.hiddenSize, 1, kDim, where, sec);
    c.intermediateSize = configInteger(v, "intermediate_size", c.intermediateSize, 1, 4 * kDim, where, sec);
    c.heads = configInteger(v, "num_heads", c.heads, 1, 1024, where, sec);
    // "in_chans" is in the released configs too, but 4.49 reads only in_channels
    c.channels = configInteger(v, "in_channels", c.channels, 1, 4, where, sec);
    c.patchSize = configInteger(v, "patch_size", c.patchSize, 1, 1024, where, sec);
    c.mergeSize = configInteger(v, "spatial_merge_size", c.mergeSize, 1, 16, where, sec);
    c.temporalPatchSize = configInteger(v, "temporal_patch_size", c.temporalPatchSize, 1, 16, where, sec);
    c.windowSize = configInteger(v, "window_size", c.windowSize, 1, 1 << 20, where, sec);
    c.outHiddenSize = configInteger(v, "out_hidden_size", c.outHiddenSize, 1, kDim, where, sec);
    c.fullAttBlocks = configIntegerList(v, "fullatt_block_indexes", c.fullAttBlocks, 0, kDepth, 0, kDepth - 1, where, sec);
    const std::string act = configValue<std::string>(v, "hidden_act", "silu", where);
    if (act != "silu")
        throw io::FormatError(where + ": unsupported vision hidden_act '" + act + "' (only silu)");
    // the rotary angles split each head in two halves, each half again between patch rows and columns
    if (c.hiddenSize % c.heads || c.headDim() % 4)
        throw io::FormatError(where + ": vision hidden_size " + std::to_string(c.hiddenSize) + " does not split into " +
                              std::to_string(c.heads) + " heads of a multiple of 4");
    if (c.windowTokens() < 1)
        throw io::FormatError(where + ": vision window_size " + std::to_string(c.windowSize) +
                              " is smaller than one merged token of " + std::to_string(c.patchSize * c.mergeSize) + " px");
    for (int64_t b : c.fullAttBlocks)
        if (b >= c.depth)
            throw io::FormatError(where + ": vision_config.fullatt_block_indexes names block " + std::to_string(b) +
                                  " of a tower of depth " + std::to_string(c.depth));
    return c;
}

void expectVisionTensors(std::vector<ExpectedTensor> &out, const VisionConfig &c, const std::string &prefix)
{
    const int64_t dv = c.hiddenSize, iv = c.intermediateSize, merged = dv * c.mergeUnit();
    out.push_back({prefix + "patch_embed.proj.weight", {dv, c.channels, c.temporalPatchSize, c.patchSize, c.patchSize}});
    for (int64_t i = 0; i < c.depth; ++i) {
        const std::string b = prefix + "blocks." + std::to_string(i) + ".";
        out.push_back({b + "norm1.weight", {dv}});
        out.push_back({b + "norm2.weight", {dv}});
        expectLinear(out, b + "attn.qkv", 3 * dv, dv);
        expectLinear(out, b + "attn.proj", dv, dv);
        expectLinear(out, b + "mlp.gate_proj", iv, dv);
        expectLinear(out, b + "mlp.up_proj", iv, dv);
        expectLinear(out, b + "mlp.down_proj", dv, iv);
    }
    out.push_back({prefix + "merger.ln_q.weight", {dv}});
    expectLinear(out, prefix + "merger.mlp.0", merged, merged);
    expectLinear(out, prefix + "merger.mlp.2", c.outHiddenSize, merged);
}

} // namespace gc::nn::qwen25vl
