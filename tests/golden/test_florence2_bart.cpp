// Florence-2's BART encoder and decoder against the florence2-tiny reference fixture, from its
// image_features and input_ids: |delta| <= 1e-4 on the encoder's and decoder's hidden states and on
// the teacher-forced logits; the decode state's prefill and cached steps give the same logits.

#include "florence2_text_fixture.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>

using namespace florence2_text;
namespace f2 = gc::nn::florence2;

namespace {

constexpr double kTol = 1e-4;

at::Tensor encoderInput()
{
    const f2::BartModel &m = fx().model;
    return at::cat({npy("image_features"), m.embedText(npy("input_ids"))}, 1);
}

at::Tensor encoderPositions(int64_t S) { return at::arange(S, at::kLong).unsqueeze(0); }

} // namespace

TEST(Florence2Bart, ConfigOfTheFixture)
{
    const f2::BartConfig &c = fx().model.config();
    EXPECT_EQ(c.dModel, 32);
    EXPECT_EQ(c.encoderLayers, 2);
    EXPECT_EQ(c.decoderHeads, 4);
    EXPECT_EQ(c.maxPositions, 64);
    EXPECT_FALSE(c.scaleEmbedding);
    EXPECT_EQ(c.numBeams, 3);
    EXPECT_EQ(c.forcedBosId, 0);
    EXPECT_EQ(c.forcedEosId, 2);
    EXPECT_TRUE(c.earlyStopping);
    EXPECT_FALSE(fx().model.untiedLmHead());
}

TEST(Florence2Bart, EncoderHiddenStates)
{
    const at::Tensor x = encoderInput();
    std::vector<at::Tensor> hidden;
    const at::Tensor out = fx().model.encode(x, encoderPositions(x.size(1)), {}, &hidden);
    const at::Tensor ref = npy("encoder_hidden_states");
    ASSERT_EQ(static_cast<int64_t>(hidden.size()), ref.size(0));
    for (size_t i = 0; i < hidden.size(); ++i)
        EXPECT_LE(maxAbsDiff(hidden[i], ref[static_cast<int64_t>(i)]), kTol) << "encoder hidden state " << i;
    EXPECT_LE(maxAbsDiff(out, npy("encoder_last_hidden_state")), kTol);
}

TEST(Florence2Bart, TeacherForcedDecoderAndLogits)
{
    const f2::BartModel &m = fx().model;
    const at::Tensor x = encoderInput();
    const at::Tensor enc = m.encode(x, encoderPositions(x.size(1)), {});
    gc::nn::KVCache cache;
    std::vector<at::Tensor> hidden;
    const at::Tensor out = m.decode(npy("decoder_input_ids"), cache, m.crossAttention(enc, {}), &hidden);
    const at::Tensor ref = npy("decoder_hidden_states");
    ASSERT_EQ(static_cast<int64_t>(hidden.size()), ref.size(0));
    for (size_t i = 0; i < hidden.size(); ++i)
        EXPECT_LE(maxAbsDiff(hidden[i], ref[static_cast<int64_t>(i)]), kTol) << "decoder hidden state " << i;
    EXPECT_LE(maxAbsDiff(m.logits(out), npy("logits")), kTol);
}

// The decode state builds the encoder input from a prompt layout (image span, then the ids), starts
// the decoder with token 2 and feeds the teacher-forced ids one at a time through its caches.
TEST(Florence2Bart, DecodeStatePrefillAndSteps)
{
    f2::DecodeState state(fx().model);
    const at::Tensor ref = npy("logits");
    const std::vector<int64_t> decoderIds = golden::toVector(npy("decoder_input_ids"));
    const at::Tensor first = state.prefill(promptBatch(), npy("image_features"), 16, false, {});
    EXPECT_LE(maxAbsDiff(state.encoderOutput(), npy("encoder_last_hidden_state")), kTol);
    EXPECT_LE(maxAbsDiff(first, ref[0][0]), kTol);
    EXPECT_EQ(state.length(), 1);
    for (size_t t = 1; t < decoderIds.size(); ++t) {
        const at::Tensor logits = state.step({decoderIds[t]});
        EXPECT_LE(maxAbsDiff(logits, ref[0][static_cast<int64_t>(t)]), kTol) << "step " << t;
    }
    EXPECT_EQ(state.length(), static_cast<int64_t>(decoderIds.size()));
    EXPECT_EQ(state.generatedPrefix(promptBatch()), (std::vector<std::vector<int64_t>>{{2}}));
}

// Rows repeated by reorder (beam search's first step) and a truncated cache continue exactly as the
// single row does.
TEST(Florence2Bart, ReorderAndTruncateKeepTheRows)
{
    f2::DecodeState state(fx().model);
    const at::Tensor ref = npy("logits");
    const std::vector<int64_t> ids = golden::toVector(npy("decoder_input_ids"));
    (void)state.prefill(promptBatch(), npy("image_features"), 16, false, {});
    state.reorder({0, 0, 0});
    at::Tensor logits = state.step({ids[1], 7, ids[1]});
    EXPECT_LE(maxAbsDiff(logits[0], ref[0][1]), kTol);
    EXPECT_LE(maxAbsDiff(logits[2], ref[0][1]), kTol);
    EXPECT_GT(maxAbsDiff(logits[1], ref[0][1]), 1e-3); // another token gives other logits
    state.reorder({2, 1});
    logits = state.step({ids[2], ids[2]});
    EXPECT_LE(maxAbsDiff(logits[0], ref[0][2]), kTol);
    state.truncate(2);
    logits = state.step({ids[2], ids[2]});
    EXPECT_LE(maxAbsDiff(logits[0], ref[0][2]), kTol);
}

// A left-padded batch row gives the logits it gives alone: pads are masked and positions start at
// each row's first real token.
TEST(Florence2Bart, LeftPaddedBatchRowsMatchSingleRows)
{
    gc::runtime::PromptLayout a = promptLayout(), b = promptLayout();
    b.ids.erase(b.ids.end() - 4, b.ids.end() - 1); // a shorter prompt, still closed by </s>
    const at::Tensor feats = npy("image_features");
    f2::DecodeState single(fx().model), batched(fx().model);
    const at::Tensor alone = single.prefill(gc::runtime::PromptBatch::single(b), feats, 4, false, {});
    const at::Tensor both = batched.prefill(gc::runtime::PromptBatch::leftPadded({a, b}, 1), at::cat({feats, feats}),
                                            4, false, {});
    EXPECT_LE(maxAbsDiff(both[0], npy("logits")[0][0]), kTol);
    EXPECT_LE(maxAbsDiff(both[1], alone[0]), kTol);
    const at::Tensor next = batched.step({5, 5});
    EXPECT_LE(maxAbsDiff(next[1], single.step({5})[0]), kTol);
}

TEST(Florence2Bart, MissingImageEmbeddingsAreAnError)
{
    f2::DecodeState state(fx().model);
    EXPECT_THROW((void)state.prefill(promptBatch(), at::Tensor(), 4, false, {}), std::invalid_argument);
}

// The held-back kind of checkpoint: an untied lm_head and scale_embedding on. The decoder's token
// embeddings are scaled by sqrt(d_model) (the encoder's never are: Florence-2 hands it embeddings), and
// the logits come from lm_head, not from the shared embeddings.
TEST(Florence2Bart, UntiedHeadAndScaledDecoderEmbeddings)
{
    auto file = std::make_shared<gc::io::SafeTensors>(gc::io::SafeTensors::openFile(fx().folder.weightsFile));
    std::map<std::string, gc::io::TensorView> views = file->tensors();
    const gc::io::TensorView shared = views.at("language_model.model.shared.weight");
    auto head = std::make_shared<at::Tensor>(at::randn({shared.shape[0], shared.shape[1]}));
    gc::io::TensorView headView = shared;
    headView.name = f2::bartLmHeadName();
    headView.data = head->data_ptr();
    views[headView.name] = headView;
    gc::nn::WeightStore weights(gc::io::SafeTensors::fromTensors(views, {file, head}));
    nlohmann::json cfg = fx().folder.config["text_config"];
    cfg["scale_embedding"] = true;
    cfg["tie_word_embeddings"] = false;
    const f2::BartModel m(f2::parseBartConfig(cfg, "config.json"), weights);
    ASSERT_TRUE(m.untiedLmHead());

    const at::Tensor x = at::cat({npy("image_features"), m.embedText(npy("input_ids"))}, 1);
    const at::Tensor positions = at::arange(x.size(1), at::kLong).unsqueeze(0);
    // The encoder does not depend on the flag.
    EXPECT_LE(maxAbsDiff(m.encode(x, positions, {}), npy("encoder_last_hidden_state")), kTol);

    gc::nn::KVCache cache;
    std::vector<at::Tensor> hidden;
    const at::Tensor enc = m.encode(x, positions, {});
    const at::Tensor out = m.decode(at::full({1, 1}, 2, at::kLong), cache, m.crossAttention(enc, {}), &hidden);
    const std::string p = "language_model.model.decoder.";
    const at::Tensor embedded = weights.get("language_model.model.shared.weight")[2] * std::sqrt(32.0f) +
                                weights.get(p + "embed_positions.weight")[2];
    const at::Tensor expected = at::layer_norm(embedded, {32}, weights.get(p + "layernorm_embedding.weight"),
                                               weights.get(p + "layernorm_embedding.bias"), 1e-5);
    EXPECT_LE(maxAbsDiff(hidden[0].flatten(), expected), 1e-5);
    const at::Tensor logits = at::matmul(out.flatten(), head->t()) +
                              weights.get("language_model.final_logits_bias").flatten();
    EXPECT_LE(maxAbsDiff(m.logits(out).flatten(), logits), 1e-4);
}

TEST(Florence2Bart, UntiedConfigWithoutLmHeadIsAnError)
{
    nlohmann::json cfg = fx().folder.config["text_config"];
    cfg["tie_word_embeddings"] = false;
    EXPECT_THROW(f2::BartModel(f2::parseBartConfig(cfg, "config.json"), fx().weights), gc::io::FormatError);
}

TEST(Florence2Bart, ConfigErrorsNameTheKey)
{
    nlohmann::json cfg = fx().folder.config["text_config"];
    cfg["decoder_attention_heads"] = 5;
    try {
        (void)f2::parseBartConfig(cfg, "config.json");
        FAIL() << "no error";
    } catch (const gc::io::FormatError &e) {
        EXPECT_NE(std::string(e.what()).find("decoder_attention_heads"), std::string::npos) << e.what();
    }
    cfg = fx().folder.config["text_config"];
    cfg["activation_function"] = "relu";
    EXPECT_THROW((void)f2::parseBartConfig(cfg, "config.json"), gc::io::FormatError);
    cfg = fx().folder.config["text_config"];
    cfg["forced_bos_token_id"] = nullptr;
    EXPECT_EQ(f2::parseBartConfig(cfg, "config.json").forcedBosId, -1);
}
