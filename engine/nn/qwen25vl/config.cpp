#include "nn/qwen25vl/config.h"

namespace gc::nn::qwen25vl {

Config parseConfig(const nlohmann::json &j, const std::string &where)
{
    if (!j.is_object())
        throw io::FormatError(where + ": not a JSON object");
    Config c;
    // Files saved by transformers from about 4.52 nest the text model's keys in text_config.
    const auto nested = j.find("text_config");
    const nlohmann::json &text = nested != j.end() && nested->is_object() ? *nested : j;
    RopeDecoderDefaults d;
    d.rmsNormEps = 1e-5; // Qwen2_5_VLConfig's defaults, not the released checkpoints' values
    d.ropeTheta = 1e6;
    d.qkvBias = true;
    d.tieWordEmbeddings = configValue<bool>(j, "tie_word_embeddings", false, where);
    c.text = parseRopeDecoderConfig(text, d, where);
    if (c.text.mropeSection.empty())
        throw io::FormatError(where + ": rope_scaling.mrope_section is missing; Qwen2.5-VL's positions need it");
    const auto id = [&](const char *key, int64_t def) {
        const int64_t v = configInteger(j, key, configInteger(text, key, def, 0, c.text.vocabSize - 1, where, ""), 0,
                                        c.text.vocabSize - 1, where, "");
        return v;
    };
    c.vision.imagePad = id("image_token_id", c.vision.imagePad);
    c.vision.visionStart = id("vision_start_token_id", c.vision.visionStart);
    c.visionEnd = id("vision_end_token_id", c.visionEnd);
    c.bosId = id("bos_token_id", c.bosId);
    c.eosId = id("eos_token_id", c.eosId);
    c.padId = id("pad_token_id", c.bosId);
    if (const auto v = j.find("vision_config"); v != j.end() && v->is_object())
        c.mergeSize = configInteger(*v, "spatial_merge_size", c.mergeSize, 1, 16, where, "vision_config.");
    return c;
}

} // namespace gc::nn::qwen25vl
