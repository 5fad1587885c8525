#pragma once

// LLaVA hyper-parameters (transformers' LlavaConfig, or the original repo's flat LLaMA config with its mm_* keys)
// and the checkpoint layout they imply. Plain C++.

#include "io/safetensors.h"
#include "nn/clip_vision_config.h"
#include "nn/rope_decoder_config.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gc::nn::llava {

// Where the parts live under transformers' names; the original layout is renamed onto these (weight_names.h).
inline constexpr const char *kVisionPrefix = "vision_tower.vision_model.";
inline constexpr const char *kProjectorPrefix = "multi_modal_projector.";
// Ferret's region modules (ferret_region_sampler.h): the spatial-aware visual sampler, or the linear adapter.
inline constexpr const char *kRegionSamplerPrefix = "ferret_region_sampler.";
inline constexpr const char *kRegionAdapterPrefix = "ferret_region_adapter.";

// Ferret's fixed sampler sizes (FERRETMetaModel: max_sample_point, num_sub_point, num_neighbor).
inline constexpr int64_t kFerretRegionPoints = 512;
inline constexpr int64_t kFerretAnchors[2] = {128, 32};
inline constexpr int64_t kFerretNeighbours = 24;

// How <region_fea> tokens get their embedding (Ferret's config keys).
enum class RegionFeature {
    None,       // they keep the token's own embedding (no Ferret region module)
    GeoSampler, // region_geo_sampler: the spatial-aware visual sampler
    Adapter,    // region_fea_adapter: the mean of the region's features through one linear layer
};
[[nodiscard]] RopeDecoderNames decoderNames();

struct Config {
    ClipVisionConfig vision;
    RopeDecoderConfig text;
    // The CLIP hidden state the projector reads: an index into [embeddings, layer 0, ..., layer n-1], negative
    // from the end (-2: the second-to-last layer's output).
    int64_t featureLayer = -2;
    bool keepClassToken = false; // vision_feature_select_strategy "full"; "default" drops the CLS row
    std::string projectorAct = "gelu";
    // linear_1, GELU, linear_2 (LLaVA-1.5's mlp2x_gelu); 1: linear_1 alone (the "linear" projector of LLaVA-1,
    // Shikra and Ferret)
    int projectorLayers = 2;
    // The original layout's mm_use_im_start_end (Shikra): the image is written <im_start>, one <im_patch> per
    // row, <im_end>, and the rows replace the <im_patch> tokens; otherwise the rows replace the -200 placeholder.
    bool imageStartEnd = false;
    int64_t imageTokenId = 32000;
    int64_t padTokenId = -1; // -1 when the config names none
    // The original repo's image_aspect_ratio "pad": images are centred on a mean-colour square first.
    bool padToSquare = false;
    RegionFeature regionFeature = RegionFeature::None;
    bool regionMaxPool = false;  // sampler_pooler_mode "max" (the released Ferret) rather than "mean"
    int64_t regionTokenId = -1;  // im_region_fea_token: the id of <region_fea>

    // How many CLIP layers run, and how many rows an image becomes in the language model.
    [[nodiscard]] int64_t visionLayersRun() const;
    [[nodiscard]] int64_t imageTokens() const { return vision.tokens() - (keepClassToken ? 0 : 1); }
};

// The original repo's image placeholder: not a vocabulary token but this id, where the image's rows go.
inline constexpr int64_t kOriginalImageId = -200;

// Throws io::FormatError for a config that is not LLaVA or has inconsistent sizes.
[[nodiscard]] Config parseConfig(const nlohmann::json &config, const std::string &where);

// The original repo's config.json (weight_names.h): LLaMA keys at the top level, mm_* keys, and the config.json
// of the CLIP checkpoint mm_vision_tower names (CLIPConfig or CLIPVisionConfig) for the tower.
[[nodiscard]] Config parseOriginalConfig(const nlohmann::json &config, const nlohmann::json &towerConfig,
                                         const std::string &where);

// Checks names, shapes and dtypes of the checkpoint (under transformers' names) against the config, and that
// it holds nothing the model would not read; throws io::FormatError naming the first mismatch.
void validateWeights(const Config &cfg, const io::SafeTensors &weights);

} // namespace gc::nn::llava
