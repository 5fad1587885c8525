#include "nn/florence2/checkpoint.h"

#include <set>
#include <tuple>

namespace gc::nn::florence2 {

void validateWeights(const VisionConfig &vision, const BartConfig &text, const io::SafeTensors &w)
{
    // the layer counts first: they decide how long the list of expected tensors is
    std::vector<std::tuple<std::string, int64_t, std::string>> counts{
        {"vision_tower.convs.", static_cast<int64_t>(vision.stages()), "the vision_config stage lists' length"},
        {std::string(kLanguagePrefix) + "model.encoder.layers.", text.encoderLayers, "text_config.encoder_layers"},
        {std::string(kLanguagePrefix) + "model.decoder.layers.", text.decoderLayers, "text_config.decoder_layers"}};
    for (size_t i = 0; i < vision.stages(); ++i)
        counts.emplace_back("vision_tower.blocks." + std::to_string(i) + ".", vision.depths[i],
                            "vision_config.depths[" + std::to_string(i) + "]");
    for (const auto &[prefix, declared, what] : counts) {
        const int64_t stored = storedLayers(w, prefix);
        if (stored != declared)
            throw io::FormatError("checkpoint: config.json says " + what + " is " + std::to_string(declared) +
                                  " but the checkpoint stores " + std::to_string(stored) + " (" + prefix + "*)");
    }
    std::vector<ExpectedTensor> expected, optional;
    expectVisionTensors(expected, vision, w.find(kProjectionLinear) != nullptr);
    expectBartTensors(expected, text, w.find(bartLmHeadName()) != nullptr);
    bartOptionalTensors(optional, text);
    optional.push_back({kTemporalTable, {vision.maxTemporalEmbeddings, vision.dims.back()}});

    std::set<std::string> known;
    for (const ExpectedTensor &e : expected) {
        checkTensor(w, e);
        known.insert(e.name);
    }
    for (const ExpectedTensor &e : optional)
        if (w.find(e.name)) {
            checkTensor(w, e);
            known.insert(e.name);
        }
    // a tensor the model would not read means the config describes another model than the weights
    for (const auto &[name, t] : w.tensors())
        if (!known.count(name))
            throw io::FormatError("checkpoint: tensor '" + name + "' (in " + t.file +
                                  ") is not part of a Florence-2 model with this config.json");
}

} // namespace gc::nn::florence2
