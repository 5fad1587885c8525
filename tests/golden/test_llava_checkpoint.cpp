// The original LLaVA checkpoint layout (weight_names.h), each entry of the name table exercised by a renamed copy
// of the fixture: the tower saved inside the checkpoint, or a CLIP checkpoint beside the model named by
// mm_vision_tower; the projector's mm_projector.0/.2, the LLaMA body and head, and the dropped rotary buffers.
// Both copies must give the fixture model's image features and logits.

#include "llava_fixture.h"

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

#include <unistd.h>

using namespace golden;
namespace fs = std::filesystem;
namespace lv = gc::nn::llava;

namespace {

// Writes the fixture's tensors, renamed by `rename` (an empty name leaves a tensor out), plus `extra` F32 scalars.
void writeRenamed(const fs::path &out, const std::function<std::string(const std::string &)> &rename,
                  const std::vector<std::string> &extra = {})
{
    const gc::io::SafeTensors st = gc::io::SafeTensors::openFile(fixture("llava-tiny-a") + "/model.safetensors");
    nlohmann::json h = nlohmann::json::object();
    std::string data;
    for (const auto &[name, t] : st.tensors()) {
        const std::string n = rename(name);
        if (n.empty())
            continue;
        h[n] = {{"dtype", t.dtypeText}, {"shape", t.shape}, {"data_offsets", {data.size(), data.size() + t.nbytes}}};
        data.append(static_cast<const char *>(t.data), t.nbytes);
    }
    for (const std::string &n : extra) {
        const float one = 1.0f;
        h[n] = {{"dtype", "F32"}, {"shape", {1}}, {"data_offsets", {data.size(), data.size() + 4}}};
        data.append(reinterpret_cast<const char *>(&one), 4);
    }
    std::string hs = h.dump();
    hs.append((8 - hs.size() % 8) % 8, ' ');
    std::ofstream f(out, std::ios::binary);
    const uint64_t n = hs.size();
    f.write(reinterpret_cast<const char *>(&n), 8);
    f << hs << data;
}

bool isVision(const std::string &n) { return n.rfind("vision_tower.", 0) == 0; }

// transformers' name back to the original layout's (the inverse of the table)
std::string originalName(const std::string &n)
{
    for (const auto &[hf, orig] : {std::pair{"multi_modal_projector.linear_1.", "model.mm_projector.0."},
                                   std::pair{"multi_modal_projector.linear_2.", "model.mm_projector.2."},
                                   std::pair{"vision_tower.vision_model.", "model.vision_tower.vision_tower.vision_model."},
                                   std::pair{"language_model.model.", "model."},
                                   std::pair{"language_model.lm_head.", "lm_head."}})
        if (n.rfind(hf, 0) == 0)
            return orig + n.substr(std::strlen(hf));
    return n;
}

// An original-layout folder (config, tokenizer, weights) and the tower's folder beside it.
fs::path originalCopy(const std::string &name, bool towerInside)
{
    const fs::path root = fs::temp_directory_path() / ("gc-llava-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(root);
    const fs::path model = root / "llava-original", tower = root / "clip-tower";
    fs::create_directories(model);
    fs::create_directories(tower);
    const nlohmann::json hf = gc::io::readJsonFile(fixture("llava-tiny-a") + "/config.json");
    nlohmann::json cfg = hf["text_config"];
    cfg["architectures"] = {"LlavaLlamaForCausalLM"};
    cfg["model_type"] = "llava_llama";
    cfg["mm_vision_tower"] = "openai/clip-tower";
    cfg["mm_hidden_size"] = hf["vision_config"]["hidden_size"];
    cfg["mm_projector_type"] = "mlp2x_gelu";
    cfg["mm_vision_select_layer"] = -2;
    cfg["mm_vision_select_feature"] = "patch";
    cfg["mm_use_im_start_end"] = false;
    std::ofstream(model / "config.json") << cfg.dump();
    fs::copy(fixture("llava-tiny-a") + "/processor", model, fs::copy_options::recursive);
    std::ofstream(tower / "config.json") << nlohmann::json{{"model_type", "clip"}, {"vision_config", hf["vision_config"]}}.dump();
    fs::copy_file(fixture("llava-tiny-a") + "/processor/preprocessor_config.json", tower / "preprocessor_config.json");
    const std::vector<std::string> buffers = {"model.layers.0.self_attn.rotary_emb.inv_freq"};
    if (towerInside) {
        writeRenamed(model / "model.safetensors", originalName, buffers);
    } else {
        writeRenamed(model / "model.safetensors", [](const std::string &n) { return isVision(n) ? "" : originalName(n); }, buffers);
        writeRenamed(tower / "model.safetensors", [](const std::string &n) {
            return isVision(n) ? n.substr(std::strlen("vision_tower.")) : "";
        }, {"text_model.embeddings.token_embedding.weight"});
    }
    for (auto &e : fs::recursive_directory_iterator(root))
        fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
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
    EXPECT_TRUE(lv::isOriginalLayout({{"mm_vision_tower", "openai/clip-vit-large-patch14-336"}}));
    EXPECT_FALSE(lv::isOriginalLayout(gc::io::readJsonFile(fixture("llava-tiny-a") + "/config.json")));
}

TEST(LlavaCheckpoint, OriginalLayoutGivesTheFixtureModel)
{
    const std::string dir = fixture("llava-tiny-a");
    const gc::io::ModelFolder hf = gc::io::openModelFolder(dir);
    const lv::Model ref(lv::parseConfig(hf.config, dir), gc::nn::WeightStore(gc::io::openWeights(hf)));
    const gc::io::RgbImage image = gc::io::loadImageRgb(dir + "/image0.png");
    for (bool inside : {true, false}) {
        SCOPED_TRACE(inside ? "tower inside the checkpoint" : "tower beside the model");
        const fs::path model = originalCopy(inside ? "inside" : "beside", inside);
        gc::runtime::LocalModel lm;
        const gc::runtime::Status s = lm.load(model.string());
        ASSERT_TRUE(s.ok()) << s.message;
        EXPECT_EQ(lm.info().architecture, "llava");
        const fs::path out = model.parent_path() / "dump";
        ASSERT_TRUE(lm.dump(image, "What is shown in this image?", out.string()).ok());
        EXPECT_LE(maxAbsDiff(npy("image_features", out.string()), npy("image_features", dir)), 1e-4);

        // the original tokenizes the text around the image piece by piece, its placeholder -200 between
        const auto tok = gc::text::LlamaTokenizer::fromFolder(hf);
        std::vector<int64_t> want{tok.bosId()};
        for (int64_t id : tok.encode("USER: "))
            want.push_back(id);
        want.push_back(lv::kOriginalImageId);
        for (int64_t id : tok.encode("\nWhat is shown in this image? ASSISTANT:"))
            want.push_back(id);
        const gc::runtime::PromptLayout layout = lv::expandImage(want, lv::kOriginalImageId, ref.config().imageTokens());
        std::vector<int64_t> ids = toVector(npy("input_ids", out.string()));
        EXPECT_EQ(ids, layout.ids);

        // the same ids through the fixture's model under transformers' names give the same logits
        lv::DecodeState state(ref);
        const at::Tensor logits = state.prefill(gc::runtime::PromptBatch::single(layout),
                                                ref.encodeImage(npy("pixel_values", dir)).imageFeatures, 1, true, {});
        EXPECT_LE(maxAbsDiff(npy("logits", out.string()), logits), 1e-5);
        fs::remove_all(model.parent_path());
    }
}
