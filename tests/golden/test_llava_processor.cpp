// LLaVA's processor against the reference fixtures: the LLaMA sentencepiece tokenizer's ids, the CLIP
// processor's pixel_values bit for bit, the original repo's pad-to-square, and the conversation format.

#include "llava_fixture.h"

#include "nn/llava/chat_template.h"
#include "nn/pixel_tensor.h"
#include "text/llama_tokenizer.h"

#include <gtest/gtest.h>

using namespace golden;

TEST(LlavaProcessor, TokenizerIdsEqualTheReference)
{
    const auto fixtures = llavaFixtures();
    ASSERT_FALSE(fixtures.empty());
    for (const LlavaFixture &f : fixtures) {
        SCOPED_TRACE(f.dir);
        const gc::io::ModelFolder folder = gc::io::openModelFolder(f.dir);
        const auto tok = gc::text::LlamaTokenizer::fromFolder(folder);
        const at::Tensor ids = npy("input_ids", f.dir), mask = npy("attention_mask", f.dir);
        ASSERT_EQ(static_cast<int64_t>(f.prompts.size()), ids.size(0));
        for (size_t b = 0; b < f.prompts.size(); ++b) {
            std::vector<int64_t> mine = tok.encode(f.prompts[b]);
            ASSERT_TRUE(tok.addsBos());
            mine.insert(mine.begin(), tok.bosId());
            EXPECT_EQ(mine, unpadded(ids, mask, static_cast<int64_t>(b))) << f.prompts[b];
        }
    }
}

TEST(LlavaProcessor, TokenizerPiecesAndDecode)
{
    const gc::io::ModelFolder folder = gc::io::openModelFolder(fixture("llava-tiny-a"));
    const auto tok = gc::text::LlamaTokenizer::fromFolder(folder);
    // index.json's prompt_tokens: "<s> ▁USER : ▁ <image> <0x0A> W h a t ..."
    const std::vector<int64_t> ids = tok.encode("USER: <image>\nWhat");
    std::vector<std::string> pieces;
    for (int64_t id : ids)
        pieces.push_back(tok.piece(id));
    EXPECT_EQ(pieces, (std::vector<std::string>{" USER", ":", " ", "<image>", "\n", "W", "h", "a", "t"}));
    // the image token is special: skipped, and each stretch loses its first word boundary
    EXPECT_EQ(tok.decode(tok.encode("Where is the dog?")), "Where is the dog?");
    EXPECT_EQ(tok.decode(ids), "USER: \nWhat");
    // bytes of an unfinished character come out as U+FFFD, as sentencepiece decodes them
    EXPECT_EQ(tok.decode({tok.encodeContinuation("\xC3\xA9").front()}), "\xEF\xBF\xBD");
    EXPECT_EQ(tok.decode(tok.encode("caf\xC3\xA9")), "caf\xC3\xA9");
    // text after an added token continues without a prefix space (legacy=False), as in one call
    const std::vector<int64_t> whole = tok.encode("</s>USER:");
    ASSERT_EQ(whole.front(), tok.eosId());
    EXPECT_EQ(tok.encodeContinuation("USER:"), std::vector<int64_t>(whole.begin() + 1, whole.end()));
    EXPECT_NE(tok.encodeContinuation("USER:"), tok.encode("USER:"));
}

TEST(LlavaProcessor, PixelValuesBitExact)
{
    for (const LlavaFixture &f : llavaFixtures()) {
        SCOPED_TRACE(f.dir);
        const gc::io::ModelFolder folder = gc::io::openModelFolder(f.dir);
        gc::nn::ClipPreprocessConfig defaults;
        const auto pre = gc::nn::parseClipImageProcessor(folder.preprocessorConfig, defaults);
        const at::Tensor ref = npy("pixel_values", f.dir);
        ASSERT_EQ(static_cast<int64_t>(f.images.size()), ref.size(0));
        for (size_t b = 0; b < f.images.size(); ++b) {
            const at::Tensor mine = gc::nn::pixelTensor(f.images[b], pre, at::kCPU);
            EXPECT_TRUE(at::equal(mine[0], ref[static_cast<int64_t>(b)])) << "image " << b << " max |Δ| "
                                                                         << maxAbsDiff(mine[0], ref[static_cast<int64_t>(b)]);
        }
    }
}

TEST(LlavaProcessor, PadToSquareCentresTheImageOnTheMeanColour)
{
    // 6 wide, 2 high: padded to 6x6 with the image on rows 2..3; portrait the same way on columns
    gc::io::RgbImage wide;
    wide.width = 6;
    wide.height = 2;
    wide.pixels.assign(6 * 2 * 3, 255);
    const gc::nn::ClipPreprocessConfig clip;
    const std::array<uint8_t, 3> mean{static_cast<uint8_t>(static_cast<int>(clip.mean[0] * 255.0)),
                                      static_cast<uint8_t>(static_cast<int>(clip.mean[1] * 255.0)),
                                      static_cast<uint8_t>(static_cast<int>(clip.mean[2] * 255.0))};
    EXPECT_EQ(mean, (std::array<uint8_t, 3>{122, 116, 104})); // spec §3.1
    const gc::io::RgbImage sq = gc::nn::expandToSquare(wide, mean);
    ASSERT_EQ(sq.width, 6);
    ASSERT_EQ(sq.height, 6);
    auto px = [&](const gc::io::RgbImage &im, int x, int y) { return im.pixels[(static_cast<size_t>(y) * im.width + x) * 3]; };
    for (int y = 0; y < 6; ++y)
        EXPECT_EQ(px(sq, 3, y), y == 2 || y == 3 ? 255 : 122) << y;
    gc::io::RgbImage tall;
    tall.width = 3;
    tall.height = 8;
    tall.pixels.assign(3 * 8 * 3, 0);
    const gc::io::RgbImage sq2 = gc::nn::expandToSquare(tall, mean);
    ASSERT_EQ(sq2.width, 8);
    for (int x = 0; x < 8; ++x)
        EXPECT_EQ(px(sq2, x, 5), x >= 2 && x < 5 ? 0 : 122) << x;

    // the pad flavour feeds the square to the processor: nothing is cropped away
    gc::nn::ClipPreprocessConfig pad;
    pad.height = pad.width = pad.shortestEdge = 4;
    pad.padToSquare = true;
    gc::nn::ClipPreprocessConfig direct = pad;
    direct.padToSquare = false;
    EXPECT_EQ(gc::nn::clipPreprocess(wide, pad), gc::nn::clipPreprocess(sq, direct));
    EXPECT_NE(gc::nn::clipPreprocess(wide, pad), gc::nn::clipPreprocess(wide, direct));
}

TEST(LlavaProcessor, ShortestEdgeResizeThenCentreCrop)
{
    nlohmann::json pc = {{"size", {{"shortest_edge", 336}}}, {"crop_size", {{"height", 336}, {"width", 336}}}};
    const auto pre = gc::nn::parseClipImageProcessor(pc, {});
    EXPECT_EQ(pre.shortestEdge, 336);
    EXPECT_EQ(pre.width, 336);
    pc["do_center_crop"] = false;
    EXPECT_THROW((void)gc::nn::parseClipImageProcessor(pc, {}), gc::io::FormatError);
    const auto square = gc::nn::parseClipImageProcessor({{"size", {{"height", 30}, {"width", 30}}}}, {});
    EXPECT_EQ(square.shortestEdge, 0);
}

TEST(LlavaProcessor, ConversationFormat)
{
    namespace lv = gc::nn::llava;
    EXPECT_EQ(lv::conversationText({}, " What is shown? ", {}), "USER: <image>\nWhat is shown? ASSISTANT:");
    EXPECT_EQ(lv::conversationText({{"Q1", "A1"}, {"Q2", "A2"}}, "Q3", {}),
              "USER: <image>\nQ1 ASSISTANT: A1</s>USER: Q2 ASSISTANT: A2</s>USER: Q3 ASSISTANT:");
    EXPECT_EQ(lv::followUpText("Q2"), "USER: Q2 ASSISTANT:");
}
