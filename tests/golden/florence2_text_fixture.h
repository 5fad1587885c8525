#pragma once

// The florence2-tiny fixture's language model, shared by the BART and beam-search golden tests.

#include "golden_util.h"

#include "io/model_folder.h"
#include "nn/florence2/bart_model.h"
#include "nn/florence2/decode_state.h"
#include "runtime/prompt_layout.h"

namespace florence2_text {

using golden::maxAbsDiff;

inline std::string dir() { return std::string(GC_TEST_DATA) + "/florence2-tiny"; }

inline at::Tensor npy(const std::string &name)
{
    gc::io::NpyArray a = gc::io::readNpy(dir() + "/" + name + ".npy");
    if (a.isFloat)
        return at::from_blob(a.f32.data(), a.shape, at::kFloat).clone();
    return at::from_blob(a.i64.data(), a.shape, at::kLong).clone();
}

struct Fixture {
    gc::io::ModelFolder folder = gc::io::openModelFolder(dir());
    gc::nn::WeightStore weights{gc::io::SafeTensors::openFile(folder.weightsFile)};
    gc::nn::florence2::BartModel model{
        gc::nn::florence2::parseBartConfig(folder.config["text_config"], "config.json"), weights};
};

inline Fixture &fx()
{
    static Fixture f;
    return f;
}

// The reference's encoder input as a prompt: the image features' span, then input_ids.
inline gc::runtime::PromptLayout promptLayout()
{
    const int64_t Q = npy("image_features").size(1);
    gc::runtime::PromptLayout l;
    l.ids.assign(static_cast<size_t>(Q), 1);
    const std::vector<int64_t> text = golden::toVector(npy("input_ids"));
    l.ids.insert(l.ids.end(), text.begin(), text.end());
    l.images = {{0, Q}};
    l.textStart = Q;
    return l;
}

inline gc::runtime::PromptBatch promptBatch() { return gc::runtime::PromptBatch::single(promptLayout()); }

} // namespace florence2_text
