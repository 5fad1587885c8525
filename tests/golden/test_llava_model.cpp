// LLaVA's forward pass and generation against every reference fixture (batch 1, or a left-padded batch with
// grouped-query attention): |Δ| ≤ 1e-4 on the CLIP states, the selected features, the projector output and the
// logits over the merged sequence's valid positions; the merged mask, positions and image slots and the
// unmerged ids the logits processors see identical; greedy and no-repeat-3-gram tokens identical. Fixtures with
// pad_* tensors also check the pad-to-square preprocessing the same way.

#include "llava_fixture.h"

#include "nn/llava/chat_template.h"
#include "nn/llava/decode_state.h"
#include "nn/llava/model.h"
#include "nn/pixel_tensor.h"
#include "runtime/generator.h"
#include "text/llama_tokenizer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <limits>
#include <memory>

using namespace golden;
namespace lv = gc::nn::llava;

namespace {

constexpr double kTol = 1e-4;

struct Loaded {
    LlavaFixture f;
    gc::io::ModelFolder folder;
    std::unique_ptr<lv::Model> model;
    gc::text::LlamaTokenizer tok;
    gc::runtime::PromptBatch batch;
};

std::vector<std::unique_ptr<Loaded>> &all()
{
    static std::vector<std::unique_ptr<Loaded>> fixtures = [] {
        std::vector<std::unique_ptr<Loaded>> out;
        for (LlavaFixture &f : llavaFixtures()) {
            auto l = std::make_unique<Loaded>();
            l->folder = gc::io::openModelFolder(f.dir);
            l->model = std::make_unique<lv::Model>(lv::parseConfig(l->folder.config, f.dir),
                                                   gc::nn::WeightStore(gc::io::openWeights(l->folder)));
            l->tok = gc::text::LlamaTokenizer::fromFolder(l->folder);
            const lv::Config &c = l->model->config();
            std::vector<gc::runtime::PromptLayout> layouts;
            for (const std::string &p : f.prompts) {
                std::vector<int64_t> ids = l->tok.encode(p);
                ids.insert(ids.begin(), l->tok.bosId());
                layouts.push_back(lv::expandImage(ids, c.imageTokenId, c.imageTokens()));
            }
            l->batch = gc::runtime::PromptBatch::leftPadded(layouts, c.padTokenId);
            l->f = std::move(f);
            out.push_back(std::move(l));
        }
        return out;
    }();
    return fixtures;
}

// The image features of every row, from the fixture's pixel values.
at::Tensor imageFeatures(const Loaded &l) { return l.model->encodeImage(npy("pixel_values", l.f.dir)).imageFeatures; }

gc::runtime::GenerateOutput generate(const Loaded &l, int64_t nrng, int64_t steps, const at::Tensor &features)
{
    lv::DecodeState state(*l.model);
    const at::Tensor first = state.prefill(l.batch, features, steps + 1, false, {});
    gc::runtime::SamplingParams p;
    p.maxNewTokens = steps;
    p.noRepeatNgramSize = nrng;
    p.eosId = l.tok.eosId();
    p.padId = l.model->config().padTokenId;
    return gc::runtime::generate(first, state.generatedPrefix(l.batch), state, p, {});
}

// Prefills the fixture's batch with `features` and returns the largest |Δ| against the reference's `prefix`logits
// over the valid positions, checking the merged mask, positions and image slots on the way.
double validLogitsDiff(const Loaded &l, lv::DecodeState &state, const at::Tensor &features, const std::string &prefix)
{
    const at::Tensor logits = state.prefill(l.batch, features, 1, true, {});
    const at::Tensor refMask = npy("merged_attention_mask", l.f.dir), refPos = npy("merged_position_ids", l.f.dir),
                     refImage = npy("image_token_mask", l.f.dir), refLogits = npy(prefix + "logits", l.f.dir);
    double worst = 0;
    for (int64_t b = 0; b < refMask.size(0); ++b) {
        const at::Tensor mine = state.promptMask()[b].to(at::kBool), ref = refMask[b].to(at::kBool);
        EXPECT_EQ(mine.sum().item<int64_t>(), ref.sum().item<int64_t>()) << "valid positions, row " << b;
        if (mine.sum().item<int64_t>() != ref.sum().item<int64_t>())
            return std::numeric_limits<double>::infinity();
        // padding may differ in length (it is all masked), the valid positions must not
        EXPECT_TRUE(at::equal(state.promptPositions()[b].masked_select(mine), refPos[b].masked_select(ref)));
        EXPECT_TRUE(at::equal(state.promptImageSlots()[b].masked_select(mine), refImage[b].masked_select(ref)));
        EXPECT_TRUE(at::equal(state.promptPositions()[b].masked_select(~mine),
                              at::ones({(~mine).sum().item<int64_t>()}, at::kLong))); // 1 on padding
        worst = std::max(worst, maxAbsDiff(logits[b].index({mine}), refLogits[b].index({ref})));
    }
    return worst;
}

// Greedy and no-repeat-3-gram tokens of every row against the reference's `prefix`gen_*_new_tokens.
void expectTokens(const Loaded &l, const at::Tensor &features, const std::string &prefix)
{
    for (const auto &[name, nrng] : {std::pair{"gen_greedy_new_tokens", 0}, std::pair{"gen_nrng3_new_tokens", 3}}) {
        const at::Tensor ref = npy(prefix + name, l.f.dir);
        const gc::runtime::GenerateOutput out = generate(l, nrng, ref.size(1), features);
        for (int64_t b = 0; b < ref.size(0); ++b) {
            std::vector<int64_t> want = toVector(ref[b]);
            // a row that ended is padded in the reference; the generator leaves its pads out
            const auto eos = std::find(want.begin(), want.end(), l.tok.eosId());
            if (eos != want.end())
                want.erase(eos + 1, want.end());
            EXPECT_EQ(out.newTokens[static_cast<size_t>(b)], want) << prefix << name << " row " << b;
        }
    }
}

} // namespace

TEST(LlavaGolden, VisionTowerSelectedLayerAndProjector)
{
    ASSERT_FALSE(all().empty());
    for (const auto &l : all()) {
        SCOPED_TRACE(l->f.dir);
        const lv::VisionOutput v = l->model->encodeImage(npy("pixel_values", l->f.dir), true);
        const at::Tensor ref = npy("vision_hidden_states", l->f.dir);
        // the tower stops at the feature layer; the states after it are the reference's too
        std::vector<at::Tensor> states = v.hiddenStates;
        const auto &tower = l->model->visionTower();
        while (states.size() < tower.layerCount() + 1)
            states.push_back(tower.layer(states.size() - 1, states.back()));
        ASSERT_EQ(static_cast<int64_t>(states.size()), ref.size(0));
        for (size_t i = 0; i < states.size(); ++i)
            EXPECT_LE(maxAbsDiff(states[i], ref[static_cast<int64_t>(i)]), kTol) << "vision hidden state " << i;
        EXPECT_EQ(static_cast<int64_t>(v.hiddenStates.size()), l->model->config().visionLayersRun() + 1);
        EXPECT_LE(maxAbsDiff(v.selected, npy("selected_image_feature", l->f.dir)), kTol);
        const double d = maxAbsDiff(v.imageFeatures, npy("image_features", l->f.dir));
        std::printf("%s max|d| image_features %.3g\n", l->f.dir.c_str(), d);
        EXPECT_LE(d, kTol);
    }
}

TEST(LlavaGolden, MergedSequenceLogitsOverValidPositions)
{
    for (const auto &l : all()) {
        SCOPED_TRACE(l->f.dir);
        const at::Tensor ids = npy("input_ids", l->f.dir);
        lv::DecodeState state(*l->model);
        // the unmerged ids, as the reference's processor and logits processors have them
        const auto prefix = state.generatedPrefix(l->batch);
        ASSERT_EQ(static_cast<int64_t>(prefix.size()), ids.size(0));
        for (int64_t b = 0; b < ids.size(0); ++b)
            EXPECT_EQ(prefix[static_cast<size_t>(b)], toVector(ids[b])) << "row " << b;

        const double worst = validLogitsDiff(*l, state, imageFeatures(*l), "");
        std::printf("%s max|d| logits %.3g\n", l->f.dir.c_str(), worst);
        EXPECT_LE(worst, kTol);
    }
}

TEST(LlavaGolden, GreedyAndNoRepeatNgram3Tokens)
{
    for (const auto &l : all()) {
        SCOPED_TRACE(l->f.dir);
        expectTokens(*l, imageFeatures(*l), "");
    }
}

// The original repo's preprocessing (image_aspect_ratio "pad"): each non-square image centred on a square of the
// mean colour before the CLIP processor, so nothing is cropped away; pixel values bit for bit, then the features,
// the logits and the tokens of the fixture's pad_* tensors.
TEST(LlavaGolden, PadToSquareFlavourOnNonSquareImages)
{
    int covered = 0;
    for (const auto &l : all()) {
        if (!std::filesystem::exists(l->f.dir + "/pad_pixel_values.npy"))
            continue;
        SCOPED_TRACE(l->f.dir);
        ++covered;
        gc::nn::ClipPreprocessConfig pre = gc::nn::parseClipImageProcessor(l->folder.preprocessorConfig, {});
        pre.padToSquare = true;
        const at::Tensor ref = npy("pad_pixel_values", l->f.dir);
        std::vector<at::Tensor> rows;
        for (size_t b = 0; b < l->f.images.size(); ++b) {
            ASSERT_NE(l->f.images[b].width, l->f.images[b].height);
            rows.push_back(gc::nn::pixelTensor(l->f.images[b], pre, at::kCPU));
        }
        const at::Tensor pixels = at::cat(rows);
        ASSERT_EQ(pixels.sizes(), ref.sizes());
        EXPECT_TRUE(at::equal(pixels, ref)) << "max |d| " << maxAbsDiff(pixels, ref);
        EXPECT_FALSE(at::equal(pixels, npy("pixel_values", l->f.dir))); // the crop flavour sees other pixels
        const at::Tensor features = l->model->encodeImage(pixels).imageFeatures;
        EXPECT_LE(maxAbsDiff(features, npy("pad_image_features", l->f.dir)), kTol);
        lv::DecodeState state(*l->model);
        const double d = validLogitsDiff(*l, state, features, "pad_");
        std::printf("%s max|d| pad-to-square logits %.3g\n", l->f.dir.c_str(), d);
        EXPECT_LE(d, kTol);
        expectTokens(*l, features, "pad_");
    }
    EXPECT_GT(covered, 0);
}

// The logit lens (lm_head(norm(·)) on each layer's raw output at the image positions) and the head-averaged
// attention of the last prompt position to them, recorded by the decoder's probe during the batch's prefill.
TEST(LlavaGolden, LogitLensAndAttentionToImageThroughTheProbe)
{
    for (const auto &l : all()) {
        SCOPED_TRACE(l->f.dir);
        at::Tensor lensRef = npy("logit_lens_image", l->f.dir), attRef = npy("attn_last_to_image", l->f.dir);
        if (lensRef.dim() == 3) { // batch-1 fixtures drop the batch axis
            lensRef = lensRef.unsqueeze(1);
            attRef = attRef.unsqueeze(1);
        }
        const int64_t B = static_cast<int64_t>(l->batch.rows.size()), L = static_cast<int64_t>(l->batch.rows[0].size());
        std::vector<int64_t> image, last;
        for (const auto &spans : l->batch.images) {
            ASSERT_EQ(spans.size(), 1u);
            for (int64_t i = 0; i < spans[0].length; ++i)
                image.push_back(spans[0].start + i);
            last.push_back(L - 1);
        }
        gc::nn::DecoderProbe probe;
        probe.hiddenAt = at::tensor(image, at::kLong).view({B, -1});
        probe.queriesAt = at::tensor(last, at::kLong).view({B, 1});
        lv::DecodeState state(*l->model);
        ASSERT_TRUE(state.setProbe(&probe));
        (void)state.prefill(l->batch, imageFeatures(*l), 1, false, {});
        ASSERT_EQ(static_cast<int64_t>(probe.hidden.size()), lensRef.size(0));
        ASSERT_EQ(static_cast<int64_t>(probe.attention.size()), attRef.size(0));
        double lens = 0, att = 0;
        for (size_t k = 0; k < probe.hidden.size(); ++k) {
            const auto K = static_cast<int64_t>(k);
            lens = std::max(lens, maxAbsDiff(state.lensLogits(probe.hidden[k]), lensRef[K]));
            att = std::max(att, maxAbsDiff(probe.attention[k].select(1, 0).gather(1, probe.hiddenAt), attRef[K]));
        }
        std::printf("%s max|d| logit lens %.3g, attention to the image %.3g\n", l->f.dir.c_str(), lens, att);
        EXPECT_LE(lens, kTol);
        EXPECT_LE(att, kTol);
    }
}
