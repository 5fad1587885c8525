#pragma once

// The demo trainer's batches: generated scenes, their questions as token sequences after the shared image
// prefix, and per-cell targets for the image embeddings. Internal to tools/demo_model: exposes ATen types.

#include "demo/scene.h"
#include "nn/kosmos2/config.h"
#include "nn/preprocess.h"
#include "text/xlmr_tokenizer.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

namespace gc::demo {

namespace k2 = gc::nn::kosmos2;

// Sequences of similar length padded together (captions are long, the other answers short).
struct TextPart {
    at::Tensor ids;       // [B, L]
    at::Tensor labels;    // [B, L], -100 where no loss
    at::Tensor keyMask;   // [B, L]
    at::Tensor imageOf;   // [B] which image each sequence is about
    at::Tensor labelWeights; // [B, L] the answer loss's weight of each label (BatchMaker::phraseWeight)
    // Where an image-attention head should look (the pointer loss): at position pointPos of row pointRow,
    // the slots marked in pointTarget [M, 1 + Q] - slot 0 is the <image> tag ("nothing here"), slot 1 + c
    // vision cell c. Set where a box's corners are predicted (the cells of that box's object) and where a
    // count is answered (the cells holding a counted object's centre, or slot 0 for none), and, with pointPhrases,
    // where a caption's phrase starts (its objects' centres, and slot 0).
    // Rows with pointSoft 1 hold a distribution to match (cross-entropy) instead of a set to fall in.
    // pointHead: which head of the layer each row teaches (0 unless BatchMaker::countHead).
    at::Tensor pointRow, pointPos, pointTarget, pointSoft, pointHead;
};

struct Batch {
    at::Tensor pixels; // [NI, 3, S, S]
    std::vector<TextPart> parts;
    // Per vision cell of each image (row-major), what the cell shows: colour (kColours = none), shape
    // (kShapes = none), and the Kosmos-2 cells of that object's box corners (-100 where none).
    at::Tensor cellColour, cellShape, cellUl, cellLr; // [NI, g*g]
    at::Tensor cellBox, cellHasBox;                    // [NI, g*g, 4] unit box of the cell's object; [NI, g*g]
    at::Tensor cellCentre;                             // [NI, g*g] 1 where an object's centre lies
    // [NI, g*g, 4] at an object's centre cell: the number of objects of its colour and shape, of its shape,
    // of its colour, and in all, minus one (-100 at other cells)
    at::Tensor cellCounts;
};

class BatchMaker {
public:
    BatchMaker(const gc::text::XlmrTokenizer &tok, const k2::Config &cfg) : m_tok(tok), m_cfg(cfg)
    {
        m_pre.height = m_pre.width = int(cfg.vision.imageSize);
        m_imageTag = tok.tokenId("<image>");
        m_imageEnd = tok.tokenId("</image>");
        m_objectTag = tok.tokenId("<object>");
        m_objectEnd = tok.tokenId("</object>");
        m_phraseTag = tok.tokenId("<phrase>");
        m_phraseEnd = tok.tokenId("</phrase>");
        m_delimiter = tok.tokenId("</delimiter_of_multi_objects/>");
        m_firstPatch = tok.tokenId("<patch_index_0000>");
    }

    // The batch of `step` is a function of (seed, step) alone: every image gets each of the four tasks.
    int only = -1;
    int repeat = 1; // questions per image of each task but the caption
    std::vector<int> taskRepeat; // when set: questions per image of each task (overrides repeat)
    bool pointPhrases = false;   // pointer targets also where a caption's phrase starts (see TextPart)
    bool countSoft = false;      // a count's pointer target is 1/(k+1) on the tag and each counted centre
    int countHead = -1;          // >= 0: this head also gets that 1/(k+1) target where a count is said
    float phraseWeight = 1;      // the answer loss's weight of a caption phrase's words (its count, colour, shape)
    float countWordWeight = -1;  // >= 0: the weight of the phrase's first (count) word instead
    // Whether any label weighs other than 1 (TextPart::labelWeights then matter).
    [[nodiscard]] bool weighsLabels() const { return phraseWeight != 1 || (countWordWeight >= 0 && countWordWeight != 1); }

    // Every sequence starts as runtime::LocalModel builds it: <s> <image> (one slot per latent query)
    // </image>. That prefix is computed once per image and its keys and values shared by the questions.
    [[nodiscard]] std::vector<int64_t> prefix() const
    {
        std::vector<int64_t> ids{m_cfg.text.bosId, m_imageTag};
        for (int64_t k = 0; k < m_cfg.latentQueryNum; ++k)
            ids.push_back(m_tok.unkId() + 1 + k);
        ids.push_back(m_imageEnd);
        return ids;
    }

    [[nodiscard]] Batch make(uint64_t seed, int step, int images) const;

private:
    const gc::text::XlmrTokenizer &m_tok;
    const k2::Config &m_cfg;
    gc::nn::ClipPreprocessConfig m_pre;
    int64_t m_imageTag = -1, m_imageEnd = -1, m_objectTag = -1, m_objectEnd = -1, m_phraseTag = -1, m_phraseEnd = -1, m_delimiter = -1, m_firstPatch = -1;
};

} // namespace gc::demo
