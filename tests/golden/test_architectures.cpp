// The architecture table and the seam every architecture implements, on the Kosmos-2 fixture: names
// resolve to their row, an unknown model gets a clear error listing what is supported, and a decode
// state's rows can be reordered as beam search needs.

#include "golden_util.h"

#include "io/model_folder.h"
#include "nn/kosmos2/decode_state.h"
#include "runtime/architectures.h"
#include "runtime/local_model.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace golden;
namespace k2 = gc::nn::kosmos2;
namespace rt = gc::runtime;

TEST(ArchitectureTable, NamesResolveToTheirRow)
{
    for (const rt::ArchitectureEntry &e : rt::architectureTable()) {
        for (const std::string &t : e.modelTypes)
            EXPECT_STREQ(rt::findArchitecture({{"model_type", t}}).name, e.name);
        for (const std::string &c : e.classNames)
            EXPECT_STREQ(rt::findArchitecture({{"architectures", {"Other", c}}}).name, e.name);
    }
    EXPECT_STREQ(rt::findArchitecture({{"model_type", "qwen2_5_vl"}}).name, "qwen2.5-vl");
    // model_type decides: a class name does not make another model type one of ours
    EXPECT_THROW((void)rt::findArchitecture({{"model_type", "paligemma"}, {"architectures", {"Kosmos2ForConditionalGeneration"}}}),
                 rt::UnsupportedError);
}

TEST(ArchitectureTable, UnknownArchitectureIsUnsupportedAndListsTheSupportedOnes)
{
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("gc_unknown_arch_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::copy(fixture(), dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    nlohmann::json cfg = gc::io::openModelFolder(fixture()).config;
    cfg["model_type"] = "paligemma";
    cfg["architectures"] = {"PaliGemmaForConditionalGeneration"};
    std::ofstream(dir / "config.json") << cfg.dump();
    rt::LocalModel m;
    const rt::Status s = m.load(dir.string());
    EXPECT_EQ(s.code, rt::StatusCode::Unsupported) << s.message;
    EXPECT_EQ(s.message, "architecture 'paligemma' (PaliGemmaForConditionalGeneration) is not supported "
                         "(supported: kosmos-2, florence-2, qwen2.5-vl, llava)");
    EXPECT_FALSE(m.isLoaded());

    // without a model_type, the class name picks the row
    cfg.erase("model_type");
    cfg["architectures"] = {"Kosmos2ForConditionalGeneration"};
    std::ofstream(dir / "config.json") << cfg.dump();
    const rt::Status byClass = m.load(dir.string());
    EXPECT_TRUE(byClass.ok()) << byClass.message;
    EXPECT_EQ(m.info().architecture, "kosmos-2");
    fs::remove_all(dir);
}

TEST(ArchitectureTable, CapabilitiesComeFromTheArchitecture)
{
    rt::LocalModel m;
    ASSERT_TRUE(m.load(fixture()).ok());
    const rt::ModelInfo i = m.info();
    EXPECT_EQ(i.architecture, "kosmos-2");
    EXPECT_EQ(i.dialect, "kosmos2");
    EXPECT_TRUE(i.regionInput);
    EXPECT_FALSE(i.masks);
    EXPECT_FALSE(i.ocr);
    EXPECT_FALSE(i.multiTurn);
}

// Two rows prefilled alike, fed different tokens, then both made to continue row 1: every later step
// must give the logits of a single row that saw row 1's tokens (cache, key mask and positions moved).
TEST(Kosmos2DecodeState, ReorderedRowsContinueTheirSource)
{
    const gc::io::ModelFolder f = gc::io::openModelFolder(fixture());
    const k2::Model m(k2::parseConfig(f.config, "config.json"),
                      gc::nn::WeightStore(gc::io::SafeTensors::openFile(f.weightsFile)));
    const at::Tensor ids = npy("input_ids"), iepm = npy("image_embeds_position_mask");
    const at::Tensor emb = m.encodeImage(npy("pixel_values")).imageEmbeds;
    const int64_t L = ids.size(1);

    k2::DecodeState pair(m);
    (void)pair.prefillTensors(at::cat({ids, ids}), at::ones({2, L}, at::kLong), at::cat({emb, emb}),
                              at::cat({iepm, iepm}), 4, false, {});
    (void)pair.step({10, 20});
    pair.reorder({1, 1});
    const at::Tensor got = pair.step({30, 30});

    auto single = [&](int64_t first) {
        k2::DecodeState one(m);
        (void)one.prefillTensors(ids, at::ones({1, L}, at::kLong), emb, iepm, 4, false, {});
        (void)one.step({first});
        return one.step({30})[0];
    };
    const at::Tensor want = single(20);
    EXPECT_LE(maxAbsDiff(got[0], want), 1e-5);
    EXPECT_LE(maxAbsDiff(got[1], want), 1e-5);
    EXPECT_GT(maxAbsDiff(single(10), want), 1e-3) << "the test needs tokens whose continuations differ";
}
