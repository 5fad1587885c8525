// Florence-2's vision side against the florence2-tiny reference fixture: pixel_values bit-exact, each
// DaViT stage's ConvEmbed and block outputs, the unpooled tower and the image features within the
// fixture README's tolerances; its config reader and the native port's tensor names.

#include "golden_util.h"

#include "io/model_folder.h"
#include "nn/florence2/image_processor.h"
#include "nn/florence2/vision.h"
#include "nn/florence2/weight_names.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>

using namespace golden;
namespace f2 = gc::nn::florence2;

namespace {

const std::string kDir = fixture("florence2-tiny");

struct Fixture {
    gc::io::ModelFolder folder = gc::io::openModelFolder(kDir);
    f2::VisionConfig cfg = f2::parseVisionConfig(folder.config, "config.json");
    gc::nn::WeightStore weights{f2::withRemoteNames(gc::io::openWeights(folder))};
    f2::VisionEncoder vision{weights, cfg};
};

Fixture &fx()
{
    static Fixture f;
    return f;
}

// |delta| <= 1e-4, relative 1e-5 where the values are large (the DaViT stages reach about 50).
double tolerance(const at::Tensor &ref) { return std::max(1e-4, 1e-5 * ref.abs().max().item<double>()); }

void expectClose(const at::Tensor &got, const std::string &name)
{
    const at::Tensor ref = npy(name, kDir);
    ASSERT_EQ(got.sizes(), ref.sizes()) << name;
    const double d = maxAbsDiff(got, ref);
    EXPECT_LE(d, tolerance(ref)) << name;
    std::printf("max|d| %s %.3g\n", name.c_str(), d);
}

} // namespace

TEST(Florence2Vision, PixelValuesAreBitExact)
{
    const gc::io::RgbImage image = gc::io::loadImageRgb(kDir + "/image0.png");
    const gc::nn::ClipPreprocessConfig pre = f2::preprocessConfig(fx().folder.preprocessorConfig);
    EXPECT_EQ(pre.width, 96); // the fixture's processor size, not the released 768
    const std::vector<float> px = gc::nn::clipPreprocess(image, pre);
    const at::Tensor ref = npy("pixel_values", kDir);
    ASSERT_EQ(static_cast<int64_t>(px.size()), ref.numel());
    EXPECT_EQ(std::memcmp(px.data(), ref.data_ptr<float>(), px.size() * sizeof(float)), 0);
}

TEST(Florence2Vision, ReleasedProcessorResizesTo768)
{
    const gc::nn::ClipPreprocessConfig pre = f2::preprocessConfig(nlohmann::json::object());
    EXPECT_EQ(pre.width, 768);
    EXPECT_EQ(pre.height, 768);
    EXPECT_FLOAT_EQ(pre.mean[0], 0.485f);
    EXPECT_FLOAT_EQ(pre.std[2], 0.225f);
}

TEST(Florence2Vision, DavitStagesMatchTheReference)
{
    const f2::VisionOutput v = fx().vision.forward(npy("pixel_values", kDir), true, {});
    ASSERT_EQ(v.tower.stageEmbed.size(), 4u);
    ASSERT_EQ(v.tower.stageOut.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
        expectClose(v.tower.stageEmbed[i], "davit_stage" + std::to_string(i) + "_convembed");
        expectClose(v.tower.stageOut[i], "davit_stage" + std::to_string(i) + "_out");
    }
    expectClose(v.tower.tokens, "vision_tower_unpooled");
    EXPECT_EQ(v.tower.height, 3);
}

TEST(Florence2Vision, ImageFeaturesMatchTheReference)
{
    const f2::VisionOutput v = fx().vision.forward(npy("pixel_values", kDir), false, {});
    EXPECT_TRUE(v.tower.stageOut.empty());
    expectClose(v.features, "image_features");
}

TEST(Florence2Vision, WindowPaddingCropsBackToTheGrid)
{
    // At 100 px the grids are 25, 13, 7 and 4, none a multiple of the 3x3 windows: every window attention
    // pads its grid and crops it back. florence2-pad100 is the NumPy reference on that input
    // (tests/data/make_florence2_pad.py).
    const std::string dir = fixture("florence2-pad100");
    gc::nn::ClipPreprocessConfig pre = f2::preprocessConfig(fx().folder.preprocessorConfig);
    pre.width = pre.height = 100;
    std::vector<float> px = gc::nn::clipPreprocess(gc::io::loadImageRgb(kDir + "/image0.png"), pre);
    const at::Tensor ref = npy("pixel_values", dir);
    ASSERT_EQ(static_cast<int64_t>(px.size()), ref.numel());
    EXPECT_EQ(std::memcmp(px.data(), ref.data_ptr<float>(), px.size() * sizeof(float)), 0);

    const f2::VisionOutput v = fx().vision.forward(at::from_blob(px.data(), {1, 3, 100, 100}), true, {});
    EXPECT_EQ(v.tower.height, 4);
    for (size_t i = 0; i < 4; ++i) {
        const std::string name = "davit_stage" + std::to_string(i) + "_out";
        const at::Tensor r = npy(name, dir);
        ASSERT_EQ(v.tower.stageOut[i].sizes(), r.sizes()) << name;
        EXPECT_LE(maxAbsDiff(v.tower.stageOut[i], r), tolerance(r)) << name;
    }
    const at::Tensor f = npy("image_features", dir);
    ASSERT_EQ(v.features.sizes(), f.sizes());
    EXPECT_LE(maxAbsDiff(v.features, f), 1e-4);
}

TEST(Florence2Vision, ConfigAcceptsEveryVisionModelTypeOfTheReleases)
{
    nlohmann::json cfg = fx().folder.config;
    for (const char *type : {"", "davit", "florence_vision"}) {
        cfg["vision_config"]["model_type"] = type;
        EXPECT_EQ(f2::parseVisionConfig(cfg, "config.json").dims, (std::vector<int64_t>{8, 16, 24, 32})) << type;
    }
    cfg["vision_config"]["model_type"] = "clip_vision_model";
    EXPECT_THROW((void)f2::parseVisionConfig(cfg, "config.json"), gc::io::FormatError);
}

TEST(Florence2Vision, ConfigReadsTheNativePortsKeys)
{
    nlohmann::json cfg = fx().folder.config;
    nlohmann::json &v = cfg["vision_config"];
    v["embed_dim"] = v["dim_embed"];
    v.erase("dim_embed");
    v["max_position_embeddings"] = 40;
    v.erase("image_pos_embed");
    v["projection_dim"] = 32;
    cfg.erase("projection_dim");
    const f2::VisionConfig c = f2::parseVisionConfig(cfg, "config.json");
    EXPECT_EQ(c.dims, (std::vector<int64_t>{8, 16, 24, 32}));
    EXPECT_EQ(c.maxPosEmbeddings, 40);
    EXPECT_EQ(c.projectionDim, 32);
    EXPECT_EQ(c.windowSize, 3);
    EXPECT_EQ(c.patchPrenorm, (std::vector<bool>{false, true, true, true}));
}

TEST(Florence2Vision, ConfigRefusesInconsistentStages)
{
    const nlohmann::json base = fx().folder.config;
    auto refused = [&](const char *key, const nlohmann::json &value) {
        nlohmann::json cfg = base;
        cfg["vision_config"][key] = value;
        try {
            (void)f2::parseVisionConfig(cfg, "config.json");
        } catch (const gc::io::FormatError &e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(refused("num_heads", {2, 2, 3}), "");                 // three stages' heads for four stages
    EXPECT_NE(refused("num_groups", {2, 2, 5, 4}), "");             // 24 channels in 5 groups
    EXPECT_NE(refused("dim_embed", {8, 16, 24, 1.5}), "");          // a fraction
    EXPECT_NE(refused("depths", {1, 1, 2, 100000}), "");            // beyond the bounds
    EXPECT_NE(refused("patch_prenorm", {false, true, true}), "");
    EXPECT_NE(refused("image_feature_source", {"last_frame"}), "");
    EXPECT_EQ(refused("window_size", 5), "");
    EXPECT_NE(refused("window_size", 0), "");
}

// The native transformers port's names, as its conversion script writes them, and the remote names the
// model reads.
TEST(Florence2Vision, NativePortNamesMapOntoTheRemoteOnes)
{
    const std::pair<const char *, const char *> names[] = {
        {"model.vision_tower.convs.0.conv.weight", "vision_tower.convs.0.proj.weight"},
        {"model.vision_tower.convs.2.norm.bias", "vision_tower.convs.2.norm.bias"},
        {"model.vision_tower.blocks.2.7.spatial_block.conv1.weight", "vision_tower.blocks.2.7.spatial_block.conv1.fn.dw.weight"},
        {"model.vision_tower.blocks.0.0.channel_block.conv2.bias", "vision_tower.blocks.0.0.channel_block.conv2.fn.dw.bias"},
        {"model.vision_tower.blocks.1.0.spatial_block.norm1.weight", "vision_tower.blocks.1.0.spatial_block.window_attn.norm.weight"},
        {"model.vision_tower.blocks.1.0.channel_block.norm1.bias", "vision_tower.blocks.1.0.channel_block.channel_attn.norm.bias"},
        {"model.vision_tower.blocks.3.0.spatial_block.window_attn.qkv.weight", "vision_tower.blocks.3.0.spatial_block.window_attn.fn.qkv.weight"},
        {"model.vision_tower.blocks.3.0.channel_block.channel_attn.proj.bias", "vision_tower.blocks.3.0.channel_block.channel_attn.fn.proj.bias"},
        {"model.vision_tower.blocks.0.0.spatial_block.norm2.weight", "vision_tower.blocks.0.0.spatial_block.ffn.norm.weight"},
        {"model.vision_tower.blocks.0.0.channel_block.ffn.fc2.weight", "vision_tower.blocks.0.0.channel_block.ffn.fn.net.fc2.weight"},
        {"model.multi_modal_projector.image_projection.weight", "image_projection.weight"},
        {"model.multi_modal_projector.image_proj_norm.bias", "image_proj_norm.bias"},
        {"model.multi_modal_projector.image_position_embed.row_embeddings.weight", "image_pos_embed.row_embeddings.weight"},
        {"model.multi_modal_projector.visual_temporal_embed.pos_idx_to_embed", "visual_temporal_embed.pos_idx_to_embed"},
        {"model.language_model.encoder.layers.1.fc1.weight", "language_model.model.encoder.layers.1.fc1.weight"},
        {"model.language_model.shared.weight", "language_model.model.shared.weight"},
        {"lm_head.weight", "language_model.lm_head.weight"},
        // remote names stay as they are
        {"vision_tower.convs.0.proj.weight", "vision_tower.convs.0.proj.weight"},
        {"image_projection", "image_projection"},
        {"language_model.final_logits_bias", "language_model.final_logits_bias"},
    };
    for (const auto &[native, remote] : names)
        EXPECT_EQ(f2::remoteName(native), remote) << native;
}

// The fixture's tensors under the native port's names, with its [out, in] projection, give the same
// image features.
TEST(Florence2Vision, NativeCheckpointGivesTheSameFeatures)
{
    const gc::io::SafeTensors &remote = fx().weights.file();
    std::map<std::string, gc::io::TensorView> native;
    auto owned = std::make_shared<std::vector<float>>();
    for (const auto &[name, view] : remote.tensors()) {
        gc::io::TensorView t = view;
        std::string n = name;
        auto replace = [&n](const std::string &from, const std::string &to) {
            if (const size_t at = n.find(from); at != std::string::npos)
                n.replace(at, from.size(), to);
        };
        if (n.rfind("vision_tower.convs.", 0) == 0)
            replace(".proj.", ".conv.");
        if (n.rfind("vision_tower.blocks.", 0) == 0)
            for (const auto &[from, to] : {std::pair<std::string, std::string>{".fn.dw.", "."},
                                           {"window_attn.norm.", "norm1."},
                                           {"channel_attn.norm.", "norm1."},
                                           {"_attn.fn.", "_attn."},
                                           {"ffn.norm.", "norm2."},
                                           {"ffn.fn.net.", "ffn."}})
                replace(from, to);
        if (n.rfind("vision_tower.", 0) == 0)
            n = "model." + n;
        else if (n == "image_projection") {
            n = "model.multi_modal_projector.image_projection.weight";
            const at::Tensor p = fx().weights.get(name).t().contiguous();
            owned->assign(p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
            t.shape = {view.shape[1], view.shape[0]};
            t.data = owned->data();
        } else if (n.rfind("image_proj_norm.", 0) == 0)
            n = "model.multi_modal_projector." + n;
        else if (n.rfind("image_pos_embed.", 0) == 0)
            n = "model.multi_modal_projector.image_position_embed." + n.substr(16);
        else if (n.rfind("language_model.model.", 0) == 0)
            n = "model.language_model." + n.substr(21);
        t.name = n;
        native.emplace(n, t);
    }
    ASSERT_TRUE(native.count("model.vision_tower.blocks.0.0.spatial_block.norm1.weight"));
    ASSERT_TRUE(native.count("model.vision_tower.convs.1.conv.weight"));
    gc::io::SafeTensors renamed = f2::withRemoteNames(gc::io::SafeTensors::fromTensors(std::move(native), {owned}));
    EXPECT_TRUE(renamed.find("image_projection.weight"));
    EXPECT_FALSE(renamed.find("image_projection"));
    const gc::nn::WeightStore w(std::move(renamed));
    const f2::VisionEncoder v(w, fx().cfg);
    expectClose(v.forward(npy("pixel_values", kDir), false, {}).features, "image_features");
}
