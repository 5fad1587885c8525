#include "nn/llava/config.h"

#include <iterator>
#include <set>

namespace gc::nn::llava {

namespace {

// transformers' LlavaConfig builds this tower when the config names none (CLIP ViT-L/14 at 336 px).
ClipVisionConfig llavaDefaultTower()
{
    ClipVisionConfig c = clipVisionClassDefaults();
    c.hiddenSize = 1024;
    c.intermediateSize = 4096;
    c.layers = 24;
    c.heads = 16;
    c.imageSize = 336;
    c.patchSize = 14;
    return c;
}

// Buffers some exports save although the model computes them.
bool ignoredBuffer(const std::string &name)
{
    const std::string suffix = "rotary_emb.inv_freq";
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// GeoRegionSampler's tensors (two stages, then the flattened anchors and the width of the language model), or
// the adapter's one linear layer, for a tower of width v and a language model of width t.
void expectRegionTensors(std::vector<ExpectedTensor> &out, RegionFeature kind, int64_t v, int64_t t)
{
    if (kind == RegionFeature::Adapter) {
        const std::string p = kRegionAdapterPrefix;
        expectLinear(out, p.substr(0, p.size() - 1), t, v);
        return;
    }
    const std::string p = kRegionSamplerPrefix;
    for (size_t i = 0; i < std::size(kFerretAnchors); ++i) {
        const std::string n = std::to_string(i);
        expectLinear(out, p + "diff_projector_list." + n, v + 2, v + 2);
        out.push_back({p + "agg_projector_list." + n + ".net.0.weight", {v, 2 * (v + 2), 1}});
        out.push_back({p + "agg_projector_list." + n + ".net.0.bias", {v}});
        expectNorm(out, p + "agg_projector_list." + n + ".norm", v);
    }
    expectLinear(out, p + "flatten_projector", v, v * kFerretAnchors[std::size(kFerretAnchors) - 1]);
    expectLinear(out, p + "dim_projector", t, v);
}

} // namespace

RopeDecoderNames decoderNames() { return {"language_model.model.", "language_model.lm_head"}; }

int64_t Config::visionLayersRun() const { return featureLayer < 0 ? vision.layers + 1 + featureLayer : featureLayer; }

Config parseConfig(const nlohmann::json &j, const std::string &where)
{
    Config c;
    c.vision = j.contains("vision_config") && j["vision_config"].is_object()
                   ? parseClipVisionConfig(j["vision_config"], where, "vision_config.", clipVisionClassDefaults())
                   : llavaDefaultTower();
    const nlohmann::json text = j.contains("text_config") && j["text_config"].is_object() ? j["text_config"]
                                                                                          : nlohmann::json::object();
    // LlamaConfig's class defaults: rms_norm_eps 1e-6, rope_theta 1e4, untied
    c.text = parseRopeDecoderConfig(text, RopeDecoderDefaults{}, where + " (text_config)");
    if (!c.text.mropeSection.empty())
        throw io::FormatError(where + ": LLaVA's language model takes 1-D rotary positions, not mrope");
    c.featureLayer = configInteger(j, "vision_feature_layer", -2, -(c.vision.layers + 1), c.vision.layers, where, "");
    const std::string strategy = configValue<std::string>(j, "vision_feature_select_strategy", "default", where);
    if (strategy != "default" && strategy != "full")
        throw io::FormatError(where + ": vision_feature_select_strategy '" + strategy + "' is neither default nor full");
    c.keepClassToken = strategy == "full";
    c.projectorAct = configValue<std::string>(j, "projector_hidden_act", "gelu", where);
    if (c.projectorAct != "gelu")
        throw io::FormatError(where + ": projector_hidden_act '" + c.projectorAct + "' is not supported (gelu)");
    c.imageTokenId = configInteger(j, "image_token_index", 32000, 0, c.text.vocabSize - 1, where, "");
    c.padTokenId = configInteger(j, "pad_token_id", -1, -1, c.text.vocabSize - 1, where, "");
    c.padToSquare = configValue<std::string>(j, "image_aspect_ratio", "", where) == "pad";
    if (c.visionLayersRun() < 0)
        throw io::FormatError(where + ": vision_feature_layer " + std::to_string(c.featureLayer) + " is out of range");
    return c;
}

Config parseOriginalConfig(const nlohmann::json &j, const nlohmann::json &tower, const std::string &where)
{
    Config c;
    const nlohmann::json &v = tower.contains("vision_config") && tower["vision_config"].is_object() ? tower["vision_config"] : tower;
    c.vision = parseClipVisionConfig(v, where + " (mm_vision_tower)", "vision_config.", clipVisionClassDefaults());
    c.text = parseRopeDecoderConfig(j, RopeDecoderDefaults{}, where);
    if (!c.text.mropeSection.empty())
        throw io::FormatError(where + ": LLaVA's language model takes 1-D rotary positions, not mrope");
    // GroundingGPT's LEGO names its image projector's width mm_vision_hidden_size and always builds it mlp2x_gelu;
    // LLaVA's builder takes a missing mm_projector_type for "linear"
    const bool lego = j.contains("mm_vision_hidden_size");
    const std::string projector = configValue<std::string>(j, "mm_projector_type", lego ? "mlp2x_gelu" : "linear", where);
    if (projector != "mlp2x_gelu" && projector != "linear")
        throw io::FormatError(where + ": mm_projector_type '" + projector + "' is not supported (mlp2x_gelu or linear)");
    c.projectorLayers = projector == "linear" ? 1 : 2;
    c.imageStartEnd = configValue<bool>(j, "mm_use_im_start_end", false, where);
    // Shikra's and GroundingGPT's own forward passes read getattr(config, "mm_vision_select_layer", -1) and always
    // drop the class token (hidden_states[layer][:, 1:]), whatever mm_vision_select_feature says; LLaVA's tower
    // wrapper takes both from the config.
    const bool ownForward = lego || configValue<std::string>(j, "model_type", "", where) == "shikra";
    c.featureLayer = configInteger(j, "mm_vision_select_layer", ownForward ? -1 : -2, -(c.vision.layers + 1),
                                   c.vision.layers, where, "");
    const std::string feature = configValue<std::string>(j, "mm_vision_select_feature", "patch", where);
    if (feature != "patch" && feature != "cls_patch")
        throw io::FormatError(where + ": mm_vision_select_feature '" + feature + "' is neither patch nor cls_patch");
    c.keepClassToken = !ownForward && feature == "cls_patch";
    const int64_t mmHidden = configInteger(j, lego ? "mm_vision_hidden_size" : "mm_hidden_size", c.vision.hiddenSize, 1,
                                           1 << 16, where, "");
    if (mmHidden != c.vision.hiddenSize)
        throw io::FormatError(where + ": mm_hidden_size " + std::to_string(mmHidden) + " but the tower's width is " +
                              std::to_string(c.vision.hiddenSize));
    c.imageTokenId = kOriginalImageId;
    c.padTokenId = configInteger(j, "pad_token_id", -1, -1, c.text.vocabSize - 1, where, "");
    c.padToSquare = configValue<std::string>(j, "image_aspect_ratio", "", where) == "pad";
    if (c.visionLayersRun() < 0)
        throw io::FormatError(where + ": mm_vision_select_layer " + std::to_string(c.featureLayer) + " is out of range");
    // FERRETMetaModel builds the sampler when the config has region_geo_sampler, else the adapter when it has
    // region_fea_adapter (initialize_vision_modules sets one of them to true)
    if (configValue<bool>(j, "region_geo_sampler", false, where))
        c.regionFeature = RegionFeature::GeoSampler;
    else if (configValue<bool>(j, "region_fea_adapter", false, where))
        c.regionFeature = RegionFeature::Adapter;
    if (c.regionFeature != RegionFeature::None) {
        const std::string pool = configValue<std::string>(j, "sampler_pooler_mode", "mean", where);
        if (pool != "mean" && pool != "max")
            throw io::FormatError(where + ": sampler_pooler_mode '" + pool + "' is neither mean nor max");
        c.regionMaxPool = pool == "max";
        c.regionTokenId = configInteger(j, "im_region_fea_token", -1, -1, c.text.vocabSize - 1, where, "");
        if (c.keepClassToken)
            throw io::FormatError(where + ": Ferret's region sampler reads the patches alone, not cls_patch");
    }
    return c;
}

void validateWeights(const Config &c, const io::SafeTensors &w)
{
    const int64_t stored = storedLayers(w, clipVisionLayerPrefix(kVisionPrefix));
    if (stored != c.vision.layers)
        throw io::FormatError("checkpoint: config.json says vision_config.num_hidden_layers is " +
                              std::to_string(c.vision.layers) + " but the checkpoint stores " + std::to_string(stored) +
                              " layers (" + clipVisionLayerPrefix(kVisionPrefix) + "*)");
    std::vector<ExpectedTensor> expected;
    expectClipVisionTensors(expected, c.vision, kVisionPrefix);
    const std::string p = kProjectorPrefix;
    expectLinear(expected, p + "linear_1", c.text.hidden, c.vision.hiddenSize);
    if (c.projectorLayers == 2)
        expectLinear(expected, p + "linear_2", c.text.hidden, c.text.hidden);
    if (c.regionFeature != RegionFeature::None)
        expectRegionTensors(expected, c.regionFeature, c.vision.hiddenSize, c.text.hidden);
    const RopeDecoderNames names = decoderNames();
    const bool head = validateRopeDecoder(c.text, names, w);
    for (const ExpectedTensor &e : ropeDecoderTensors(c.text, names, head))
        expected.push_back(e);
    std::set<std::string> used;
    for (const ExpectedTensor &e : expected) {
        used.insert(e.name);
        checkTensor(w, e);
    }
    // a tensor the model would not read means the config describes another model than the weights
    for (const auto &[name, t] : w.tensors())
        if (!used.count(name) && !ignoredBuffer(name))
            throw io::FormatError("checkpoint: tensor '" + name + "' (in " + t.file +
                                  ") is not part of a LLaVA model with this config.json");
}

} // namespace gc::nn::llava
