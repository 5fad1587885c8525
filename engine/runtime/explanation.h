#pragma once

// What a model saw of the image, read from inside it after a prompt (and an answer): the logit lens (the
// language head on each decoder layer's output at the image positions) and the attention of chosen positions
// to the image, per layer. Plain C++, part of LocalModel's interface (LocalModel::explain).

#include "core/geometry.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gc::runtime {

// How a map's cells are made of the image positions.
enum class CellSource {
    Patches,            // each position is a patch of the image: position i is cell i (raster order)
    ResamplerAttention, // resampler latents, carried back to the patches through the resampler's attention
    LatentGrid,         // resampler latents read as the cells of a square grid, latent i as cell i: a model
                        // trained so (config.json's groundchat_image_positions "grid", the demo model)
};
// "patches", "resampler", "grid": the CLI's JSON and the config key's values.
[[nodiscard]] const char *cellSourceName(CellSource source);

struct ExplainParams {
    // As GenerationParams::rawPrompt.
    bool rawPrompt = false;
    // The answer's tokens (GenerationResult::tokens), run after the prompt so that a span of them can be asked
    // about; the image positions' lens does not depend on them (the decoder is causal).
    std::vector<int64_t> answer;
    // The answer's text as the caller holds it: tokenized by the model when `answer` is empty (an answer kept as
    // text alone, from a saved session). A phrase of it, its bytes [phraseBegin, phraseEnd), becomes the answer's
    // tokens whose decoded bytes overlap the phrase's (found at the same bytes of the decoded answer, else at
    // the phrase's first occurrence there).
    std::string answerText;
    int64_t phraseBegin = 0, phraseEnd = 0;
    // The attention's queries: the positions the answer's tokens [spanBegin, spanEnd) were generated from (each
    // token's previous position); an empty span: the last prompt position, which the first token came from.
    int64_t spanBegin = 0, spanEnd = 0;
    // The word whose probability the lens maps (its first token, as it reads after other text); empty: none.
    std::string word;
    int topK = 3; // tokens kept per layer and image position (at most 5 after the first question of a pass)
    // Also keep the whole lens, [layers, positions, vocab] raw logits: refused above fullLensLimit bytes.
    bool fullLens = false;
    int64_t fullLensLimit = int64_t(512) << 20;
    std::function<bool()> shouldAbort;
};

struct Explanation {
    int64_t layers = 0, positions = 0, vocab = 0, topK = 0;
    // The layer a view shows first: the model's Capabilities::lensLayer, where its lens was measured to read
    // best, else the last.
    int64_t defaultLayer = 0;
    // The image positions as cells on the image (Architecture's ImageCells): rows × cols over `area`, in the
    // original image's pixels.
    int64_t rows = 0, cols = 0;
    Box area;
    // Kosmos-2's image positions are resampler latents, not patches: by default each cell's value is the mean of
    // the latents' weighted by the resampler's attention from the latents to that patch (ResamplerAttention).
    CellSource cellSource = CellSource::Patches;
    std::vector<float> cellWeights; // [rows·cols, positions]; empty: position i is cell i
    std::vector<float> attention;   // [layers, positions]: softmax weights, head- and query-averaged
    // The answer's tokens as run, and the span of them [spanBegin, spanEnd) whose queries the attention averages
    // (the phrase's tokens when a phrase was given; empty: the last prompt position).
    std::vector<int64_t> answerTokens;
    int64_t spanBegin = 0, spanEnd = 0;
    std::vector<int64_t> wordTokens; // the word's tokens (its first is mapped); empty without a word
    std::vector<float> wordProbability; // [layers, positions]
    std::vector<int64_t> topTokens;     // [layers, positions, topK], most probable first
    std::vector<float> topProbabilities; // [layers, positions, topK]
    std::vector<std::string> topText;    // [layers, positions, topK]: each token's text
    std::vector<float> lens;             // [layers, positions, vocab] when asked for (fullLens)

    // Per-position values ([positions]) as per-cell values ([rows·cols], raster order).
    [[nodiscard]] std::vector<float> toCells(const float *perPosition) const;
    // One layer's row of a [layers, positions] table, or the mean over the layers when layer < 0, as cells.
    [[nodiscard]] std::vector<float> cellMap(const std::vector<float> &table, int64_t layer) const;
};

} // namespace gc::runtime
