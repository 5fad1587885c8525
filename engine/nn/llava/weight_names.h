#pragma once

// The original LLaVA layout (haotian-liu/LLaVA's LlavaLlamaForCausalLM, and the LLaVA-style grounders saved the
// same way once merged into full weights: Shikra, Ferret, GroundingGPT's LEGO, LLaVA-Grounding's LLaVA part): one
// LLaMA state dict with the projector under model.mm_projector (model.mm_vision_projector for LEGO) and,
// when it was saved, the CLIP tower under model.vision_tower.vision_tower; otherwise the tower is the CLIP
// checkpoint that config.json's mm_vision_tower names. This is the one place that maps those names onto
// transformers' (convert_llava_weights_to_hf.py's table). Plain C++.

#include "io/safetensors.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gc::nn::llava {

// Whether config.json is the original repo's: LLaMA keys at the top level and the mm_* keys beside them.
[[nodiscard]] bool isOriginalLayout(const nlohmann::json &config);

// transformers' name of an original-layout tensor; empty for one that is dropped (rotary inv_freq, the video and
// audio modules of GroundingGPT that the image-and-text model never reads); Ferret's region modules go under
// config.h's kRegionSamplerPrefix and kRegionAdapterPrefix; any other name unchanged.
[[nodiscard]] std::string hfName(const std::string &original);

// The checkpoint under transformers' names (the bytes are shared, not copied); with `tower`, a CLIP checkpoint
// (CLIPModel's or CLIPVisionModel's vision_model.*), its vision tower added as vision_tower.vision_model.* and
// its other tensors left out. FormatError when two names map onto one.
[[nodiscard]] io::SafeTensors withHfNames(io::SafeTensors &&weights, io::SafeTensors *tower = nullptr);

// The folder of the tower that mm_vision_tower names ("openai/clip-vit-large-patch14-336"): that path when it
// is a folder (absolute, or relative to the model folder), a folder beside the model named like its last part,
// or a snapshot of it in the Hugging Face cache. Empty when none is there.
[[nodiscard]] std::string findVisionTowerFolder(const std::string &modelRoot, const std::string &tower);

} // namespace gc::nn::llava
