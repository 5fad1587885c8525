// Qwen2.5-VL's image side against the qwen25vl-tiny-a reference fixture: pixel_values bit-exact with their
// grid and input frame, the window permutation and segments, the patch embedding, every block, the merger and
// the image embeddings within 1e-4; two images of different grids in one call (qwen25vl-pair, written by
// tests/data/make_qwen25vl_pair.py); the config and processor readers and the later checkpoint names.

#include "golden_util.h"

#include "io/model_folder.h"
#include "nn/config_util.h"
#include "nn/weight_rename.h"
#include "nn/qwen25vl/image_processor.h"
#include "nn/qwen25vl/vision.h"
#include "nn/qwen25vl/weight_names.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace golden;
namespace q = gc::nn::qwen25vl;

namespace {

const std::string kDir = fixture("qwen25vl-tiny-a");
const std::string kPair = fixture("qwen25vl-pair");

struct Fixture {
    gc::io::ModelFolder folder = gc::io::openModelFolder(kDir);
    q::VisionConfig cfg = q::parseVisionConfig(folder.config, "config.json");
    q::ProcessorConfig processor = q::parseProcessorConfig(folder.preprocessorConfig);
    gc::nn::WeightStore weights{q::withReleasedNames(gc::io::openWeights(folder))};
    q::VisionTower vision{weights, cfg};
};

Fixture &fx()
{
    static Fixture f;
    return f;
}

void expectClose(const at::Tensor &got, const std::string &name, const std::string &dir = kDir)
{
    const at::Tensor ref = npy(name, dir);
    ASSERT_EQ(got.sizes(), ref.sizes()) << name;
    const double d = maxAbsDiff(got, ref);
    EXPECT_LE(d, 1e-4) << name;
    std::printf("max|d| %s %.3g\n", name.c_str(), d);
}

std::vector<q::GridThw> referenceGrids(const std::string &dir)
{
    const std::vector<int64_t> g = toVector(npy("image_grid_thw", dir));
    std::vector<q::GridThw> out;
    for (size_t i = 0; i + 2 < g.size(); i += 3)
        out.push_back({g[i], g[i + 1], g[i + 2]});
    return out;
}

void expectBitExact(const at::Tensor &got, const std::string &dir)
{
    const at::Tensor ref = npy("pixel_values", dir);
    ASSERT_EQ(got.sizes(), ref.sizes());
    EXPECT_EQ(std::memcmp(got.contiguous().data_ptr<float>(), ref.data_ptr<float>(), ref.numel() * sizeof(float)), 0);
}

} // namespace

TEST(Qwen25vlVision, PixelValuesAreBitExact)
{
    const q::ProcessedImage im = q::processImage(gc::io::loadImageRgb(kDir + "/image0.png"), fx().processor);
    EXPECT_EQ(im.grid, (q::GridThw{1, 10, 12}));
    EXPECT_EQ(referenceGrids(kDir), std::vector<q::GridThw>{im.grid});
    EXPECT_EQ(im.resized, (gc::SizeI{48, 40})); // 45x37 rounded to multiples of 4 x 2
    EXPECT_EQ(im.tokens(fx().cfg.mergeSize), 30);
    expectBitExact(q::pixelValues({im}), kDir);
}

TEST(Qwen25vlVision, WindowLayoutMatchesTheReference)
{
    const q::WindowLayout l = q::windowLayout(referenceGrids(kDir), fx().cfg.mergeSize, fx().cfg.windowTokens());
    EXPECT_EQ(l.windowIndex, toVector(npy("vision_window_index", kDir)));
    EXPECT_EQ(l.cuWindowSeqlens, toVector(npy("vision_cu_window_seqlens", kDir)));
    EXPECT_EQ(l.cuSeqlens, (std::vector<int64_t>{0, 120}));
}

TEST(Qwen25vlVision, StagesMatchTheReference)
{
    q::VisionTrace trace;
    const at::Tensor embeds = fx().vision.encode(npy("pixel_values", kDir), referenceGrids(kDir), {}, &trace);
    expectClose(trace.patchEmbed, "vision_patch_embed");
    expectClose(at::stack(trace.blocks), "vision_block_outputs");
    expectClose(trace.mergerWindowOrder, "vision_merger_out_window_order");
    expectClose(embeds, "image_embeds");
}

TEST(Qwen25vlVision, ImagesOfDifferentGridsInOneCall)
{
    const q::ProcessedImage a = q::processImage(gc::io::loadImageRgb(kDir + "/image0.png"), fx().processor);
    const q::ProcessedImage b = q::processImage(gc::io::loadImageRgb(kPair + "/image1.png"), fx().processor);
    EXPECT_EQ(q::grids({a, b}), referenceGrids(kPair));
    expectBitExact(q::pixelValues({a, b}), kPair);

    const std::vector<q::GridThw> grids = referenceGrids(kPair);
    const q::WindowLayout l = q::windowLayout(grids, fx().cfg.mergeSize, fx().cfg.windowTokens());
    EXPECT_EQ(l.windowIndex, toVector(npy("vision_window_index", kPair)));
    EXPECT_EQ(l.cuWindowSeqlens, toVector(npy("vision_cu_window_seqlens", kPair)));
    EXPECT_EQ(l.cuSeqlens, (std::vector<int64_t>{0, 120, 184}));

    q::VisionTrace trace;
    const at::Tensor both = fx().vision.encode(npy("pixel_values", kPair), grids, {}, &trace);
    expectClose(at::stack(trace.blocks), "vision_block_outputs", kPair);
    expectClose(both, "image_embeds", kPair);
    // full attention stays within each image: each one alone gives its own rows
    const at::Tensor alone = at::cat({fx().vision.encode(q::pixelValues({a}), {a.grid}, {}),
                                      fx().vision.encode(q::pixelValues({b}), {b.grid}, {})});
    EXPECT_LE(maxAbsDiff(both, alone), 1e-5);
}

TEST(Qwen25vlVision, RowsThatDisagreeWithTheGridsAreRefused)
{
    const at::Tensor pv = npy("pixel_values", kDir);
    EXPECT_THROW((void)fx().vision.encode(pv, {{1, 10, 10}}, {}), std::invalid_argument);
    EXPECT_THROW((void)fx().vision.encode(pv.narrow(1, 0, 48), referenceGrids(kDir), {}), std::invalid_argument);
    EXPECT_THROW((void)fx().vision.encode(pv.narrow(0, 0, 60), {{1, 5, 12}}, {}), std::invalid_argument);
}

TEST(Qwen25vlVision, StopsBetweenBlocks)
{
    int asked = 0;
    const gc::nn::StopCheck stop = [&] { return ++asked == 2; };
    EXPECT_THROW((void)fx().vision.encode(npy("pixel_values", kDir), referenceGrids(kDir), stop), gc::nn::Stopped);
    EXPECT_EQ(asked, 2);
}

TEST(Qwen25vlVision, LaterCheckpointNamesAreRead)
{
    // transformers from about 4.52 saves the tower under "model.visual." and the decoder under
    // "model.language_model."
    gc::io::SafeTensors later = gc::nn::withRenamedTensors(gc::io::openWeights(fx().folder), [](const std::string &n) {
        if (n.rfind("visual.", 0) == 0)
            return "model." + n;
        return n.rfind("model.", 0) == 0 ? "model.language_model." + n.substr(6) : n;
    });
    ASSERT_NE(later.find("model.visual.merger.ln_q.weight"), nullptr);
    ASSERT_NE(later.find("model.language_model.norm.weight"), nullptr);
    gc::io::SafeTensors released = q::withReleasedNames(std::move(later));
    EXPECT_NE(released.find("model.norm.weight"), nullptr);
    const gc::nn::WeightStore w(std::move(released)); // the tower's tensors alias its mapping
    const q::VisionTower tower(w, fx().cfg);
    expectClose(tower.encode(npy("pixel_values", kDir), referenceGrids(kDir), {}), "image_embeds");
}

TEST(Qwen25vlVision, MissingOrMisshapenTensorsAreRefused)
{
    q::VisionConfig wider = fx().cfg;
    wider.intermediateSize = 64;
    EXPECT_THROW(q::VisionTower(fx().weights, wider), gc::io::FormatError);
    q::VisionConfig deeper = fx().cfg;
    deeper.depth = 4;
    EXPECT_THROW(q::VisionTower(fx().weights, deeper), gc::io::FormatError);
}

TEST(Qwen25vlVision, ConfigKeysLeftOutTakeTheClassDefaults)
{
    const q::VisionConfig &c = fx().cfg; // the fixture leaves out merge, temporal patch, channels and act
    EXPECT_EQ(c.depth, 3);
    EXPECT_EQ(c.hiddenSize, 32);
    EXPECT_EQ(c.mergeSize, 2);
    EXPECT_EQ(c.temporalPatchSize, 2);
    EXPECT_EQ(c.patchDim(), 96);
    EXPECT_EQ(c.windowTokens(), 2);
    EXPECT_EQ(c.fullAttBlocks, std::vector<int64_t>{1});
    const q::VisionConfig d = q::parseVisionConfig(nlohmann::json::object(), "config.json");
    EXPECT_EQ(d.hiddenSize, 3584);
    EXPECT_EQ(d.depth, 32);
    EXPECT_EQ(d.outHiddenSize, 3584);
    EXPECT_EQ(d.fullAttBlocks, (std::vector<int64_t>{7, 15, 23, 31}));
    EXPECT_EQ(d.windowTokens(), 4);
}

TEST(Qwen25vlVision, ConfigRefusesWhatTheTowerCannotCompute)
{
    const auto refused = [](const char *key, const nlohmann::json &value) {
        nlohmann::json cfg = fx().folder.config;
        cfg["vision_config"][key] = value;
        EXPECT_THROW((void)q::parseVisionConfig(cfg, "config.json"), gc::io::FormatError) << key << " " << value;
    };
    refused("num_heads", 3);            // 32 does not split into 3 heads
    refused("num_heads", 16);           // heads of 2: no rotary quarters
    refused("window_size", 7);          // below one 8 px merged token
    refused("fullatt_block_indexes", nlohmann::json::array({3}));
    refused("hidden_act", "gelu");
    refused("depth", 2.5);
}

TEST(Qwen25vlVision, ProcessorSettingsFromTheFolder)
{
    const q::ProcessorConfig &p = fx().processor;
    EXPECT_EQ(p.patchSize, 4);
    EXPECT_EQ(p.factor(), 8);
    EXPECT_EQ(p.minPixels, 256);
    EXPECT_EQ(p.maxPixels, 4096);
    // a folder without the keys gets the class defaults, not the released files' 12845056
    const q::ProcessorConfig d = q::parseProcessorConfig(nlohmann::json::object());
    EXPECT_EQ(d.factor(), 28);
    EXPECT_EQ(d.minPixels, 3136);
    EXPECT_EQ(d.maxPixels, 1003520);
    // size mirrors min/max pixels when they are left out
    const q::ProcessorConfig s = q::parseProcessorConfig({{"size", {{"shortest_edge", 512}, {"longest_edge", 3072}}}});
    EXPECT_EQ(s.minPixels, 512);
    EXPECT_EQ(s.maxPixels, 3072);
    EXPECT_THROW((void)q::parseProcessorConfig({{"min_pixels", 5000}, {"max_pixels", 4000}}), gc::io::FormatError);
    EXPECT_THROW((void)q::parseProcessorConfig({{"resample", 2}}), gc::io::FormatError);
}

TEST(Qwen25vlVision, SmartResizeRoundsAsPython)
{
    q::ProcessorConfig p = fx().processor;
    EXPECT_EQ(q::resizedSize({20, 40}, p), (gc::SizeI{16, 40})); // 20/8 = 2.5 goes to the even 2
    EXPECT_EQ(q::resizedSize({28, 40}, p), (gc::SizeI{32, 40})); // 3.5 goes to 4
    p.maxPixels = 3072;
    EXPECT_EQ(q::resizedSize({90, 70}, p), (gc::SizeI{56, 48})); // shrunk below max_pixels
    p.minPixels = 512;
    EXPECT_EQ(q::resizedSize({20, 17}, p), (gc::SizeI{32, 24})); // grown above min_pixels
    EXPECT_THROW((void)q::resizedSize({2010, 10}, p), gc::io::FormatError);
}

TEST(Qwen25vlVision, OtherShapesAndResizesBothWays)
{
    // qwen25vl-vision-b (tests/data/make_qwen25vl_vision_b.py): 3 heads of 16, 3x3 merged windows, two
    // full-attention blocks; one image shrunk below max_pixels, one grown above min_pixels
    const std::string dir = fixture("qwen25vl-vision-b");
    const gc::io::ModelFolder folder = gc::io::openModelFolder(dir);
    const q::VisionConfig cfg = q::parseVisionConfig(folder.config, "config.json");
    const q::ProcessorConfig processor = q::parseProcessorConfig(folder.preprocessorConfig);
    std::vector<q::ProcessedImage> images;
    for (const char *name : {"/image0.png", "/image1.png"})
        images.push_back(q::processImage(gc::io::loadImageRgb(dir + name), processor));
    EXPECT_EQ(images[0].resized, (gc::SizeI{56, 48}));
    EXPECT_EQ(images[1].resized, (gc::SizeI{32, 24}));
    EXPECT_EQ(q::grids(images), referenceGrids(dir));
    expectBitExact(q::pixelValues(images), dir);

    const q::WindowLayout l = q::windowLayout(q::grids(images), cfg.mergeSize, cfg.windowTokens());
    EXPECT_EQ(l.windowIndex, toVector(npy("vision_window_index", dir)));
    EXPECT_EQ(l.cuWindowSeqlens, toVector(npy("vision_cu_window_seqlens", dir)));

    const gc::nn::WeightStore w(gc::io::openWeights(folder));
    const q::VisionTower tower(w, cfg);
    q::VisionTrace trace;
    const at::Tensor embeds = tower.encode(q::pixelValues(images), q::grids(images), {}, &trace);
    expectClose(trace.patchEmbed, "vision_patch_embed", dir);
    expectClose(at::stack(trace.blocks), "vision_block_outputs", dir);
    expectClose(trace.mergerWindowOrder, "vision_merger_out_window_order", dir);
    expectClose(embeds, "image_embeds", dir);
}

TEST(Qwen25vlVision, SmallWeightFormatsApply)
{
    // the weights issue's bounds per layer, added up over the blocks and the merger
    const at::Tensor ref = npy("image_embeds", kDir);
    const double layers = static_cast<double>(fx().cfg.depth + 1);
    for (const auto &[format, perLayer] : {std::pair{gc::quant::WeightFormat::BF16, 0.005},
                                           std::pair{gc::quant::WeightFormat::Q8, 0.01}}) {
        const gc::nn::WeightStore w(q::withReleasedNames(gc::io::openWeights(fx().folder)), at::kCPU, format);
        const q::VisionTower tower(w, fx().cfg);
        const at::Tensor got = tower.encode(npy("pixel_values", kDir), referenceGrids(kDir), {});
        const double relative = ((got - ref).norm() / ref.norm()).item<double>();
        std::printf("relative error %s %.3g\n", std::string(gc::quant::weightFormatName(format)).c_str(), relative);
        EXPECT_GT(relative, 1e-6); // the matrices really are held in the format
        EXPECT_LE(relative, perLayer * layers);
        EXPECT_LT(w.residentBytes(), fx().weights.residentBytes());
    }
}

TEST(Qwen25vlVision, SegmentAttentionWithinAnyScoreBudget)
{
    // A large image's full-attention segment does not fit the budget and is split into query chunks; runs of
    // equal windows into smaller batches. Every split gives what one masked attention over all rows gives.
    at::manual_seed(3);
    const int64_t n = 40, heads = 2, hd = 4;
    const std::vector<int64_t> cu{0, 8, 16, 24, 30, 40}; // three windows of 8, one of 6, one of 10
    const at::Tensor q = at::randn({n, heads, hd}), k = at::randn({n, heads, hd}), v = at::randn({n, heads, hd});
    at::Tensor mask = at::full({n, n}, -1e30f);
    for (size_t s = 0; s + 1 < cu.size(); ++s)
        mask.narrow(0, cu[s], cu[s + 1] - cu[s]).narrow(1, cu[s], cu[s + 1] - cu[s]).zero_();
    const auto heads1 = [&](const at::Tensor &t) { return t.transpose(0, 1).unsqueeze(0); }; // [1, heads, n, hd]
    const at::Tensor ref = gc::nn::attend(heads1(q), heads1(k), heads1(v), mask).squeeze(0).transpose(0, 1).reshape({n, heads * hd});
    for (int64_t budget : {q::kScoreBudget, int64_t(2 * heads * 8 * 8), int64_t(heads * 10 * 3), int64_t(1)}) {
        const at::Tensor got = q::segmentAttention(q, k, v, cu, budget);
        ASSERT_EQ(got.sizes(), ref.sizes()) << budget;
        EXPECT_LE(maxAbsDiff(got, ref), 1e-6) << budget;
    }
}
