// The original LLaVA checkpoint layout and the LLaVA-style grounders saved like it (weight_names.h), each entry of
// the name table exercised by a renamed copy of the fixture in sharded safetensors and sharded .bin: LLaVA-1.5
// with its tower inside the checkpoint or as a CLIP checkpoint beside the model (mm_vision_tower), Shikra (one
// linear projector, <im_start>/<im_patch>/<im_end> in the text), Ferret (one linear projector, its region sampler
// with tiny random weights and <region_fea> added to the tokenizer), GroundingGPT (mm_vision_projector, its video
// and audio branches left out). Each must give the fixture model's image features and logits; Ferret's region
// feature must take the place of <region_fea>'s embedding.

#include "checkpoint_writer.h"
#include "llava_fixture.h"

#include "nn/llava/architecture.h"
#include "nn/llava/chat_template.h"
#include "nn/llava/decode_state.h"
#include "nn/llava/model.h"
#include "nn/llava/weight_names.h"
#include "runtime/local_model.h"
#include "text/llama_tokenizer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <random>

#include <unistd.h>

using namespace golden;
namespace fs = std::filesystem;
namespace lv = gc::nn::llava;

namespace {

bool isVision(const std::string &n) { return n.rfind("vision_tower.", 0) == 0; }
bool isSecondProjector(const std::string &n) { return n.rfind("multi_modal_projector.linear_2.", 0) == 0; }

// transformers' name back to an original layout's, by a table of (transformers' prefix, the layout's prefix)
using Renames = std::vector<std::pair<std::string, std::string>>;
std::string renamed(const std::string &n, const Renames &table)
{
    for (const auto &[hf, orig] : table)
        if (n.rfind(hf, 0) == 0)
            return orig + n.substr(hf.size());
    return n;
}

const Renames kLlavaBody = {{"vision_tower.vision_model.", "model.vision_tower.vision_tower.vision_model."},
                            {"language_model.model.", "model."},
                            {"language_model.lm_head.", "lm_head."}};

Renames withProjector(const Renames &projector)
{
    Renames r = projector;
    r.insert(r.end(), kLlavaBody.begin(), kLlavaBody.end());
    return r;
}

// One entry of the name table as a checkpoint would be saved: how its names read, its config keys, the tensors
// it holds that the image-and-text model never reads, whether the tower is inside, and whether its projector is
// one linear layer.
struct Layout {
    std::string name;
    Renames renames;
    nlohmann::json config;
    std::vector<std::string> unread;
    bool towerInside = true;
    bool linearProjector = false;
    bool imageStartEnd = false; // <im_start> <im_patch>… <im_end> in the text (Shikra)
    bool regionSampler = false; // Ferret's GeoRegionSampler, and <region_fea> in the tokenizer
};

std::vector<Layout> layouts()
{
    const Renames mlp2 = withProjector({{"multi_modal_projector.linear_1.", "model.mm_projector.0."},
                                        {"multi_modal_projector.linear_2.", "model.mm_projector.2."}});
    const Renames linear = withProjector({{"multi_modal_projector.linear_1.", "model.mm_projector."}});
    const nlohmann::json llava = {{"architectures", {"LlavaLlamaForCausalLM"}}, {"model_type", "llava_llama"},
                                  {"mm_projector_type", "mlp2x_gelu"}, {"mm_vision_select_feature", "patch"},
                                  {"mm_use_im_start_end", false}};
    const std::string rotary = "model.layers.0.self_attn.rotary_emb.inv_freq";
    return {
        {"llava-1.5, tower inside", mlp2, llava, {rotary}, true},
        {"llava-1.5, tower beside", mlp2, llava, {rotary}, false},
        // shikras/shikra: ShikraLlamaModel keeps the tower in a list (never saved) and one nn.Linear projector
        {"shikra", linear,
         {{"architectures", {"ShikraLlamaForCausalLM"}}, {"model_type", "shikra"}, {"use_mm_proj", true},
          {"mm_use_im_start_end", true}},
         {}, false, true, true},
        // apple/ml-ferret: FERRETMetaModel's nn.Linear projector, LLaVA's tower wrapper, the region sampler
        {"ferret", linear,
         {{"architectures", {"FERRETLlamaForCausalLM"}}, {"model_type", "ferret"}, {"region_geo_sampler", true},
          {"sampler_pooler_mode", "max"}, {"im_region_fea_token", 332}, {"mm_vision_select_feature", "patch"}},
         {rotary}, true, true, false, true},
        // lzw-lzw/GroundingGPT: LEGOLlamaModel's mm_vision_projector (Linear, GELU, Linear) beside its video and
        // audio branches; the CLIP tower in a list (never saved)
        {"groundinggpt",
         withProjector({{"multi_modal_projector.linear_1.", "model.mm_vision_projector.0."},
                        {"multi_modal_projector.linear_2.", "model.mm_vision_projector.2."}}),
         {{"architectures", {"LEGOLlamaForCausalLM"}}, {"model_type", "LEGO"}, {"use_mm_vision_proj", true}},
         {"model.visual_encoder.blocks.0.attn.qkv.weight", "model.ln_vision.weight", "model.Qformer.bert.embeddings.LayerNorm.weight",
          "model.query_tokens", "model.llama_proj.weight", "model.video_frame_position_embedding.weight",
          "model.video_Qformer.bert.encoder.layer.0.attention.self.query.weight", "model.video_query_tokens",
          "model.audio_encoder.modality_heads.audio.0.weight", "model.audio_Qformer.bert.embeddings.LayerNorm.bias",
          "model.audio_query_tokens", "model.audio_llama_proj.weight", "model.audio_position_embedding.weight"},
         false},
    };
}

golden::NamedTensor tensorOf(const std::string &name, const gc::io::TensorView &t)
{
    return {name, t.shape, std::string(static_cast<const char *>(t.data), t.nbytes)};
}

// GeoRegionSampler's tensors as Ferret saves them (model.region_geo_sampler.*) for a tower of width v and a
// language model of width t, tiny random values.
std::vector<golden::NamedTensor> regionSamplerTensors(int64_t v, int64_t t)
{
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.f, 0.3f);
    std::vector<golden::NamedTensor> out;
    const auto add = [&](const std::string &name, std::vector<int64_t> shape, float base) {
        int64_t n = 1;
        for (int64_t d : shape)
            n *= d;
        std::vector<float> values(static_cast<size_t>(n));
        for (float &x : values)
            x = base + normal(rng);
        out.push_back({"model.region_geo_sampler." + name, shape,
                       std::string(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(float))});
    };
    for (const std::string i : {"0", "1"}) {
        add("diff_projector_list." + i + ".weight", {v + 2, v + 2}, 0);
        add("diff_projector_list." + i + ".bias", {v + 2}, 0);
        add("agg_projector_list." + i + ".net.0.weight", {v, 2 * (v + 2), 1}, 0);
        add("agg_projector_list." + i + ".net.0.bias", {v}, 0);
        add("agg_projector_list." + i + ".norm.weight", {v}, 1);
        add("agg_projector_list." + i + ".norm.bias", {v}, 0);
    }
    add("flatten_projector.weight", {v, 32 * v}, 0);
    add("flatten_projector.bias", {v}, 0);
    add("dim_projector.weight", {t, v}, 0);
    add("dim_projector.bias", {t}, 0);
    return out;
}

// Rows 332.. of the grown embedding and head: copies of these rows, so that a model given those ids in their
// place computes the same.
constexpr int64_t kImStartAs = 100, kImEndAs = 101;

// A folder in `layout`, its weights in two shards of `format` (the tower beside it as a CLIP checkpoint when
// not inside), and the fixture's tokenizer (with <im_patch>, <im_start>, <im_end> added after its ids, the
// embedding and head grown to match, when the layout writes them).
fs::path originalCopy(const Layout &layout, golden::CheckpointFormat format)
{
    const fs::path root = fs::temp_directory_path() / ("gc-llava-layout-" + std::to_string(::getpid()));
    fs::remove_all(root);
    const fs::path model = root / "llava-original", tower = root / "clip-tower";
    fs::create_directories(model);
    fs::create_directories(tower);
    const std::string dir = fixture("llava-tiny-a");
    const nlohmann::json hf = gc::io::readJsonFile(dir + "/config.json");
    nlohmann::json cfg = hf["text_config"];
    cfg.update(layout.config);
    cfg["mm_vision_tower"] = "openai/clip-tower";
    cfg[layout.name == "groundinggpt" ? "mm_vision_hidden_size" : "mm_hidden_size"] = hf["vision_config"]["hidden_size"];
    cfg["mm_vision_select_layer"] = -2;
    fs::copy(dir + "/processor", model, fs::copy_options::recursive);
    for (auto &e : fs::recursive_directory_iterator(root))
        fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    const int64_t vocab = hf["text_config"]["vocab_size"].get<int64_t>();
    std::vector<std::string> addedTokens;
    if (layout.imageStartEnd)
        addedTokens = {"<im_patch>", "<im_start>", "<im_end>"};
    if (layout.regionSampler)
        addedTokens = {"<region_fea>"};
    if (!addedTokens.empty()) {
        cfg["vocab_size"] = vocab + static_cast<int64_t>(addedTokens.size());
        nlohmann::json added = gc::io::readJsonFile((model / "added_tokens.json").string());
        nlohmann::json tc = gc::io::readJsonFile((model / "tokenizer_config.json").string());
        int64_t id = vocab;
        for (const std::string &t : addedTokens) {
            added[t] = id;
            tc["added_tokens_decoder"][std::to_string(id++)] = {{"content", t}, {"lstrip", false}, {"normalized", false},
                                                                 {"rstrip", false}, {"single_word", false}, {"special", true}};
        }
        std::ofstream(model / "added_tokens.json") << added.dump();
        std::ofstream(model / "tokenizer_config.json") << tc.dump();
    }
    std::ofstream(model / "config.json") << cfg.dump();
    std::ofstream(tower / "config.json") << nlohmann::json{{"model_type", "clip"}, {"vision_config", hf["vision_config"]}}.dump();
    fs::copy_file(dir + "/processor/preprocessor_config.json", tower / "preprocessor_config.json");

    const gc::io::SafeTensors st = gc::io::SafeTensors::openFile(dir + "/model.safetensors");
    std::vector<golden::NamedTensor> weights, clip;
    for (const auto &[name, t] : st.tensors()) {
        if (layout.linearProjector && isSecondProjector(name))
            continue;
        if (isVision(name) && !layout.towerInside) {
            clip.push_back(tensorOf(name.substr(std::strlen("vision_tower.")), t));
            continue;
        }
        golden::NamedTensor n = tensorOf(renamed(name, layout.renames), t);
        const bool table = name == "language_model.model.embed_tokens.weight" || name == "language_model.lm_head.weight";
        if (layout.imageStartEnd && table) {
            const size_t row = n.bytes.size() / static_cast<size_t>(vocab);
            n.bytes += std::string(row, '\0') + n.bytes.substr(kImStartAs * row, row) + n.bytes.substr(kImEndAs * row, row);
            n.shape[0] += 3;
        }
        if (layout.regionSampler && table) { // <region_fea>'s own row: a copy of another, its embedding replaced anyway
            const size_t row = n.bytes.size() / static_cast<size_t>(vocab);
            n.bytes += n.bytes.substr(kImStartAs * row, row);
            n.shape[0] += 1;
        }
        weights.push_back(std::move(n));
    }
    if (layout.regionSampler)
        for (golden::NamedTensor &t : regionSamplerTensors(hf["vision_config"]["hidden_size"].get<int64_t>(),
                                                           hf["text_config"]["hidden_size"].get<int64_t>()))
            weights.push_back(std::move(t));
    const std::string one(4, '\0');
    for (const std::string &n : layout.unread)
        weights.push_back({n, {1}, one});
    golden::writeShardedCheckpoint(model, weights, format);
    if (!clip.empty()) {
        clip.push_back({"text_model.embeddings.token_embedding.weight", {1}, one}); // CLIPModel's text tower
        golden::writeSafetensorsFile(tower / "model.safetensors", clip);
    }
    return model;
}

} // namespace

TEST(LlavaCheckpoint, NameTable)
{
    EXPECT_EQ(lv::hfName("model.mm_projector.0.weight"), "multi_modal_projector.linear_1.weight");
    EXPECT_EQ(lv::hfName("model.mm_projector.2.bias"), "multi_modal_projector.linear_2.bias");
    EXPECT_EQ(lv::hfName("model.vision_tower.vision_tower.vision_model.pre_layrnorm.weight"),
              "vision_tower.vision_model.pre_layrnorm.weight");
    EXPECT_EQ(lv::hfName("model.layers.3.mlp.up_proj.weight"), "language_model.model.layers.3.mlp.up_proj.weight");
    EXPECT_EQ(lv::hfName("lm_head.weight"), "language_model.lm_head.weight");
    EXPECT_EQ(lv::hfName("model.layers.0.self_attn.rotary_emb.inv_freq"), "");
    EXPECT_EQ(lv::hfName("model.mm_projector.weight"), "multi_modal_projector.linear_1.weight"); // Shikra, Ferret
    EXPECT_EQ(lv::hfName("model.mm_vision_projector.2.weight"), "multi_modal_projector.linear_2.weight"); // LEGO
    EXPECT_EQ(lv::hfName("model.region_geo_sampler.dim_projector.bias"), "ferret_region_sampler.dim_projector.bias");
    EXPECT_EQ(lv::hfName("model.region_fea_adapter.weight"), "ferret_region_adapter.weight");
    EXPECT_EQ(lv::hfName("model.video_Qformer.bert.encoder.layer.0.output.dense.weight"), "");
    EXPECT_TRUE(lv::isOriginalLayout({{"mm_vision_tower", "openai/clip-vit-large-patch14-336"}}));
    EXPECT_FALSE(lv::isOriginalLayout(gc::io::readJsonFile(fixture("llava-tiny-a") + "/config.json")));
}

// What each original layout's own code does when its config leaves a key out: Shikra's and GroundingGPT's forward
// passes take the last layer (getattr default -1) and drop the class token whatever the config says; LLaVA's tower
// wrapper honours mm_vision_select_feature.
TEST(LlavaCheckpoint, ShikraAndGroundingGptReadTheTowerAsTheirOwnCodeDoes)
{
    const nlohmann::json hf = gc::io::readJsonFile(fixture("llava-tiny-a") + "/config.json");
    const nlohmann::json tower = {{"vision_config", hf["vision_config"]}};
    const auto parse = [&](nlohmann::json extra, const char *hidden) {
        nlohmann::json cfg = hf["text_config"];
        cfg.update(extra);
        cfg["mm_vision_tower"] = "openai/clip-tower";
        cfg[hidden] = hf["vision_config"]["hidden_size"];
        return lv::parseOriginalConfig(cfg, tower, "config.json");
    };
    const lv::Config shikra = parse({{"model_type", "shikra"}, {"mm_vision_select_feature", "cls_patch"}}, "mm_hidden_size");
    EXPECT_EQ(shikra.featureLayer, -1);
    EXPECT_FALSE(shikra.keepClassToken);
    const lv::Config lego = parse({{"model_type", "LEGO"}, {"mm_vision_select_feature", "cls_patch"}}, "mm_vision_hidden_size");
    EXPECT_EQ(lego.featureLayer, -1);
    EXPECT_FALSE(lego.keepClassToken);
    EXPECT_EQ(lego.projectorLayers, 2);
    const lv::Config llava = parse({{"model_type", "llava_llama"}, {"mm_vision_select_feature", "cls_patch"}}, "mm_hidden_size");
    EXPECT_EQ(llava.featureLayer, -2);
    EXPECT_TRUE(llava.keepClassToken);
    EXPECT_EQ(parse({{"model_type", "shikra"}, {"mm_vision_select_layer", -2}}, "mm_hidden_size").featureLayer, -2);
}

// Every entry of the name table through a renamed copy of the fixture, in sharded safetensors and sharded .bin:
// the image features (the fixture's, or its first projector layer alone for a linear projector) and the logits
// of the fixture's model on the same ids and features.
TEST(LlavaCheckpoint, EveryLayoutGivesTheFixtureModel)
{
    const std::string dir = fixture("llava-tiny-a");
    const gc::io::ModelFolder hf = gc::io::openModelFolder(dir);
    const lv::Model ref(lv::parseConfig(hf.config, dir), gc::nn::WeightStore(gc::io::openWeights(hf)));
    const gc::io::RgbImage image = gc::io::loadImageRgb(dir + "/image0.png");
    const auto tok = gc::text::LlamaTokenizer::fromFolder(hf);
    const gc::io::SafeTensors st = gc::io::SafeTensors::openFile(dir + "/model.safetensors");
    const at::Tensor selected = npy("selected_image_feature", dir);
    for (const Layout &layout : layouts()) {
        for (const auto format : {golden::CheckpointFormat::Safetensors, golden::CheckpointFormat::TorchBin}) {
            SCOPED_TRACE(layout.name + (format == golden::CheckpointFormat::TorchBin ? " (.bin)" : " (safetensors)"));
            const fs::path model = originalCopy(layout, format);
            gc::runtime::LocalModel lm;
            const gc::runtime::Status s = lm.load(model.string());
            ASSERT_TRUE(s.ok()) << s.message;
            EXPECT_EQ(lm.info().architecture, "llava");
            const fs::path out = model.parent_path() / "dump";
            ASSERT_TRUE(lm.dump(image, "What is shown in this image?", out.string()).ok());
            at::Tensor features = npy("image_features", dir);
            if (layout.linearProjector) {
                const gc::nn::WeightStore w(gc::io::SafeTensors::openFile(dir + "/model.safetensors"));
                features = at::linear(selected, w.get("multi_modal_projector.linear_1.weight"),
                                      w.get("multi_modal_projector.linear_1.bias"));
            }
            at::Tensor dumped = npy("image_features", out.string());
            if (layout.regionSampler) { // the tower's features ride behind the projector's, for the region slots
                const int64_t D = ref.config().text.hidden;
                EXPECT_LE(maxAbsDiff(dumped.narrow(-1, D, dumped.size(-1) - D), selected), 1e-4);
                dumped = dumped.narrow(-1, 0, D);
            }
            EXPECT_LE(maxAbsDiff(dumped, features), 1e-4);

            // the original tokenizes the text around the image piece by piece, its placeholder -200 (or
            // <im_start> <im_patch> <im_end>) between
            std::vector<int64_t> want{tok.bosId()};
            for (int64_t id : tok.encode("USER: "))
                want.push_back(id);
            const int64_t vocab = ref.config().text.vocabSize;
            const int64_t patch = layout.imageStartEnd ? vocab : lv::kOriginalImageId;
            if (layout.imageStartEnd)
                want.push_back(vocab + 1);
            want.push_back(patch);
            if (layout.imageStartEnd)
                want.push_back(vocab + 2);
            for (int64_t id : tok.encode("\nWhat is shown in this image? ASSISTANT:"))
                want.push_back(id);
            gc::runtime::PromptLayout expected = lv::expandImage(want, patch, ref.config().imageTokens());
            EXPECT_EQ(toVector(npy("input_ids", out.string())), expected.ids);

            // the fixture's model on the same ids (the grown rows are copies of rows it has) and features
            for (int64_t &id : expected.ids)
                id = id == vocab + 1 ? kImStartAs : id == vocab + 2 ? kImEndAs : id;
            lv::DecodeState state(ref);
            const at::Tensor logits = state.prefill(gc::runtime::PromptBatch::single(expected), features, 1, true, {});
            const at::Tensor mine = npy("logits", out.string());
            EXPECT_LE(maxAbsDiff(mine.narrow(-1, 0, vocab), logits), 1e-4);
            fs::remove_all(model.parent_path());
        }
    }
}

// Ferret's region sampler loads from its checkpoint, and a <region_fea> after a box takes the region's feature:
// the logits before it are those of the token's own embedding, from it on they are not, and another box (same
// text) gives others again.
TEST(LlavaCheckpoint, FerretRegionFeatureTakesTheTokensPlace)
{
    const Layout ferret = layouts()[3];
    ASSERT_TRUE(ferret.regionSampler);
    const fs::path model = originalCopy(ferret, golden::CheckpointFormat::Safetensors);
    const gc::io::RgbImage image = gc::io::loadImageRgb(fixture("llava-tiny-a") + "/image0.png");
    gc::runtime::LoadContext ctx;
    ctx.progress = [](double, const char *) {};
    const std::unique_ptr<gc::runtime::Architecture> arch = lv::loadArchitecture(gc::io::openModelFolder(model.string()), ctx);
    const std::string prompt = "USER: <image>\nWhat is [100, 250, 600, 700] <region_fea>? ASSISTANT:";
    const gc::runtime::PromptLayout layout = arch->buildRawPrompt(prompt, {image.width, image.height});
    ASSERT_EQ(layout.regions.size(), 1u);
    const gc::runtime::RegionSlot slot = layout.regions[0];
    EXPECT_EQ(layout.ids.at(static_cast<size_t>(slot.position)), 332); // im_region_fea_token
    EXPECT_EQ(slot.x1, (100 * image.width + 999) / 1000);
    EXPECT_EQ(slot.y2, (700 * image.height + 999) / 1000);
    const at::Tensor embeds = arch->encodeImage(arch->pixels(image), {});
    const auto logits = [&](const gc::runtime::PromptLayout &l) {
        return arch->newState()->prefill(gc::runtime::PromptBatch::single(l), embeds, 1, true, {});
    };
    const at::Tensor withRegion = logits(layout);
    gc::runtime::PromptLayout plain = layout, moved = layout;
    plain.regions.clear();
    moved.regions[0].x1 = 0, moved.regions[0].y1 = 0, moved.regions[0].x2 = image.width / 5, moved.regions[0].y2 = image.height / 6;
    const at::Tensor withToken = logits(plain), elsewhere = logits(moved);
    const int64_t from = slot.position, L = withRegion.size(1);
    EXPECT_LE(maxAbsDiff(withRegion.narrow(1, 0, from), withToken.narrow(1, 0, from)), 1e-5);
    EXPECT_GT(maxAbsDiff(withRegion.narrow(1, from, L - from), withToken.narrow(1, from, L - from)), 1e-3);
    EXPECT_LE(maxAbsDiff(withRegion.narrow(1, 0, from), elsewhere.narrow(1, 0, from)), 1e-5);
    EXPECT_GT(maxAbsDiff(withRegion.select(1, L - 1), elsewhere.select(1, L - 1)), 1e-3);

    // through LocalModel, the way the app asks (the image's features cached with the tower's behind them)
    gc::runtime::LocalModel lm;
    ASSERT_TRUE(lm.load(model.string()).ok());
    const fs::path out = model.parent_path() / "dump";
    ASSERT_TRUE(lm.dump(image, prompt, out.string(), {}, true).ok());
    EXPECT_LE(maxAbsDiff(npy("logits", out.string()), withRegion), 1e-4);
    gc::runtime::GenerationParams p;
    p.rawPrompt = true;
    p.maxNewTokens = 2;
    const gc::runtime::GenerationResult r = lm.generate(image, prompt, p);
    EXPECT_TRUE(r.status.ok()) << r.status.message;
    fs::remove_all(model.parent_path());
}
