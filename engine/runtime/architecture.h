#pragma once

// The seam between the model-independent runtime (LocalModel, the generator, the sampler) and one
// architecture (engine/nn/<family>/). An architecture brings its tokenizer, its image preprocessing and
// encoding, the prompt layout it was trained on, a decode state that owns its cache and numbers its
// positions, and what it can do. runtime/architectures.cpp lists the architectures and loads them.
// Internal header (ATen).

#include "io/image_loader.h"
#include "io/model_folder.h"
#include "nn/decoder_probe.h"
#include "nn/layers.h"
#include "runtime/local_model.h"
#include "runtime/prompt_layout.h"
#include "runtime/sampling.h"
#include "text/tokenizer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace gc::runtime {

// A batch being decoded: the architecture's cache (nn::KVCache or its own), key mask and position
// counters. The generator only feeds tokens and reads logits.
class DecodeState {
public:
    virtual ~DecodeState() = default;
    // Positions whose keys and values are cached.
    [[nodiscard]] virtual int64_t length() const = 0;
    // Keeps the first n cached positions, so that a prompt sharing them runs only its rest.
    virtual void truncate(int64_t n) = 0;
    // Runs the rows of `batch` after the cached positions (the rows hold the whole prompts, the cached
    // part included), splicing `imageEmbeds` [B, Q, D] into image spans that lie in the part run (may be
    // undefined when none does), with room for `room` more positions. Returns the last position's
    // logits [B, V], or [B, L, V] for every position run when `allPositions`. `stop` is asked between
    // layers; a stopped pass leaves the state as it was.
    virtual at::Tensor prefill(const PromptBatch &batch, const at::Tensor &imageEmbeds, int64_t room,
                               bool allPositions, const nn::StopCheck &stop) = 0;
    // Feeds one token per row (a finished row gets the pad token) and returns the next logits [B, V].
    virtual at::Tensor step(const std::vector<int64_t> &tokens) = 0;
    // New row i continues old row rows[i] (repeats allowed), as beam search needs after each step.
    virtual void reorder(const std::vector<int64_t> &rows) = 0;
    // An encoder-decoder model's encoder output [B, S, D] of the last prefill; undefined for a
    // decoder-only model.
    [[nodiscard]] virtual at::Tensor encoderOutput() const { return {}; }
    // The sequences the logits processors (n-gram ban, forced tokens) and the length rules see right
    // after prefill(batch): the prompt rows themselves for a decoder-only model; the decoder's start for
    // an encoder-decoder one, whose prompt went to the encoder.
    [[nodiscard]] virtual std::vector<std::vector<int64_t>> generatedPrefix(const PromptBatch &batch) const
    {
        return batch.rows;
    }
    // The explanation's hooks (runtime/explain.h): the next prefills record into `probe` (nullptr: no more);
    // false where the decoder has none.
    virtual bool setProbe(nn::DecoderProbe *probe)
    {
        (void)probe;
        return false;
    }
    // The logit lens: the language head (the final norm, then the output layer) on a layer's raw output
    // [..., D]; only where setProbe() says yes.
    [[nodiscard]] virtual at::Tensor lensLogits(const at::Tensor &layerOutput) const
    {
        (void)layerOutput;
        throw std::logic_error("DecodeState: no logit lens");
    }
    // The lens's logits of the tokens `ids` [T] alone, [..., T]: lensLogits(layerOutput)[..., ids], which a
    // decoder whose head can read a few of its rows computes without the whole vocabulary.
    [[nodiscard]] virtual at::Tensor lensLogits(const at::Tensor &layerOutput, const at::Tensor &ids) const
    {
        return lensLogits(layerOutput).index_select(-1, ids);
    }
};

// Where an image span's positions lie on the image, for heat maps: a grid of rows × cols cells covering `area`
// (in the original image's pixels; it reaches past the image where the model saw padding, and covers part of
// it where the model saw a crop), and how each cell's value is made of the span's positions.
struct ImageCells {
    int64_t rows = 0, cols = 0;
    Box area;
    // [cells, positions], each row summing to 1: a cell's value is the weighted mean of the positions'.
    // Undefined when position i is cell i (raster order).
    at::Tensor fromPositions;
    // Patches; ResamplerAttention: the positions are resampler latents and fromPositions is the resampler's
    // attention from the latents to the patches (normalised per patch); LatentGrid: latents read as cells.
    CellSource source = CellSource::Patches;
};

// A batch as the decoder-only models' tensors [B, L] on `device`: the ids, the attention mask (0 on left padding)
// and the image slots (1 inside an image span).
struct BatchTensors {
    at::Tensor ids, mask, imageSlots;
};
[[nodiscard]] inline BatchTensors batchTensors(const PromptBatch &batch, at::Device device)
{
    const int64_t B = static_cast<int64_t>(batch.rows.size()), L = static_cast<int64_t>(batch.rows.at(0).size());
    std::vector<int64_t> ids, mask, image;
    for (int64_t b = 0; b < B; ++b) {
        const auto &row = batch.rows[static_cast<size_t>(b)];
        if (static_cast<int64_t>(row.size()) != L)
            throw std::invalid_argument("DecodeState::prefill: rows of different lengths");
        ids.insert(ids.end(), row.begin(), row.end());
        for (int64_t i = 0; i < L; ++i)
            mask.push_back(i >= batch.padding[static_cast<size_t>(b)] ? 1 : 0);
        std::vector<int64_t> slots(static_cast<size_t>(L), 0);
        for (const ImageSpan &s : batch.images[static_cast<size_t>(b)])
            std::fill(slots.begin() + s.start, slots.begin() + s.start + s.length, 1);
        image.insert(image.end(), slots.begin(), slots.end());
    }
    const auto tensor = [&](std::vector<int64_t> &v) { return at::from_blob(v.data(), {B, L}, at::kLong).clone().to(device); };
    return {tensor(ids), tensor(mask), tensor(image)};
}

// What the model can do, for the app and the CLI (see ModelInfo).
struct Capabilities {
    std::string architecture;       // the architecture table's name: "kosmos-2"
    std::string dialect;            // dialect registry id of its output: "kosmos2"
    bool regionInput = false;       // a region can be written into the prompt
    bool masks = false;             // it outputs masks or polygons
    bool ocr = false;               // it reads text with its position
    bool chat = false;              // trained on conversations (config.json's groundchat_multi_turn)
    std::vector<std::string> tasks; // task presets it was trained on (groundchat_tasks); empty = all
    // The decoder layer (0-based) whose logit lens an explanation shows first (groundchat_lens_layer: where it
    // was measured to read best for that model); -1: the last.
    int lensLayer = -1;
    // Resampler latents read as a square grid's cells, latent i as cell i (groundchat_image_positions "grid": a
    // model trained to keep each latent on its cell), instead of composed through the resampler's attention.
    bool latentsAsGrid = false;
};

// Given to an architecture's loader: where the tensors go, progress (it throws nn::Stopped when the
// load is cancelled), the cancel check to ask between layers while the weights are read, and the capabilities known before it runs (the table's name; config.json's chat
// and tasks), which it completes.
struct LoadContext {
    at::Device device = at::kCPU;
    quant::WeightFormat weights = quant::WeightFormat::F32; // how the linear layers' matrices are held
    // Packs them (progress, cancel, the cache on disk): the WeightStore the architecture builds takes it.
    std::shared_ptr<nn::MatrixPacking> packing;
    std::function<void(double fraction, const char *stage)> progress;
    nn::StopCheck stop;
    Capabilities declared;
    int64_t minPixels = 0, maxPixels = 0; // RuntimeSettings's: 0 = the folder's
};

class Architecture {
public:
    virtual ~Architecture() = default;
    [[nodiscard]] virtual const Capabilities &capabilities() const = 0;
    [[nodiscard]] virtual const text::Tokenizer &tokenizer() const = 0;
    // End and pad ids and the processors the model was released with, before generation_config.json.
    [[nodiscard]] virtual SamplingParams generationDefaults() const = 0;
    [[nodiscard]] virtual int imageSize() const = 0;
    // An answer's token limit when neither the caller nor generation_config.json gives one: what the model's
    // reference usage asks for (maxNewTokens() still caps it).
    [[nodiscard]] virtual int64_t defaultMaxNewTokens() const { return kDefaultMaxNewTokens; }
    // The most tokens one answer can have: a decoder with learned positions has a fixed number of them.
    [[nodiscard]] virtual int64_t maxNewTokens() const { return std::numeric_limits<int64_t>::max(); }
    // How pixels() resizes an image; by default to the imageSize() square, as CLIP-style processors do.
    [[nodiscard]] virtual InputFrame inputFrame() const
    {
        return [side = imageSize()](SizeI) { return SizeI{side, side}; };
    }
    [[nodiscard]] virtual int64_t vocabSize() const = 0;
    [[nodiscard]] virtual int64_t parameterBytes() const = 0;
    // Weight bytes one decode step reads as the weights are held (what bounds decoding on a CPU); 0 where the
    // architecture does not count them.
    [[nodiscard]] virtual int64_t decodeBytesPerToken() const { return 0; }

    // The image as the vision encoder takes it: [1, C, H, W] on the model's device.
    [[nodiscard]] virtual at::Tensor pixels(const io::RgbImage &image) const = 0;
    // Image embeddings [1, Q, D], as many rows as the image's span has positions.
    [[nodiscard]] virtual at::Tensor encodeImage(const at::Tensor &pixels, const nn::StopCheck &stop) const = 0;
    // The whole conversation (earlier turns oldest first, then the new prompt) as the model's prompt, about an image
    // of `imageSize` pixels (as given to pixels()): Qwen2-VL's image span follows the image's size, the others'
    // do not.
    [[nodiscard]] virtual PromptLayout buildPrompt(const std::vector<Turn> &history, const std::string &prompt,
                                                   SizeI imageSize) const = 0;
    // A prompt written in the model's own markup (GenerationParams::rawPrompt), taken as written but for its
    // image placeholder, which becomes the image's span; by default the architecture's prompt, which applies no
    // chat template.
    [[nodiscard]] virtual PromptLayout buildRawPrompt(const std::string &prompt, SizeI imageSize) const
    {
        return buildPrompt({}, prompt, imageSize);
    }
    // pixels() as the reference's processor hands the image to the model (a dump's pixel_values.npy); by
    // default the same tensor.
    [[nodiscard]] virtual at::Tensor processorPixels(const at::Tensor &pixels) const { return pixels; }
    // A conversation whose ids end with the model's answer as generated, continued by the next prompt.
    virtual void appendPrompt(PromptLayout &conversation, const std::string &prompt) const = 0;
    [[nodiscard]] virtual std::unique_ptr<DecodeState> newState() const = 0;
    // The cells of `span` on an image of `imageSize` pixels that pixels() made `pixels` of. By default the
    // span's own grid, else a square one, over the whole image (a processor that resizes without cropping).
    [[nodiscard]] virtual ImageCells imageCells(SizeI imageSize, const ImageSpan &span, const at::Tensor &pixels) const
    {
        (void)pixels;
        ImageCells c;
        c.area = {0, 0, double(imageSize.width), double(imageSize.height)};
        if (span.rows * span.cols == span.length && span.length > 0) {
            c.rows = span.rows;
            c.cols = span.cols;
            return c;
        }
        const auto side = static_cast<int64_t>(std::lround(std::sqrt(double(span.length))));
        if (side * side != span.length)
            throw std::invalid_argument("an image span of " + std::to_string(span.length) +
                                        " positions has no grid on the image");
        c.rows = c.cols = side;
        return c;
    }
};

} // namespace gc::runtime
