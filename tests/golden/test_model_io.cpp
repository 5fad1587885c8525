// Model-folder plumbing without libtorch in the test: safetensors (incl. shards and damage), .npy,
// bit-exact preprocessing, the tokenizer, image decoding corner cases, and clear load errors.

#include "bomb_png.h"
#include "io/image_header.h"
#include "io/image_loader.h"
#include "io/model_folder.h"
#include "io/npy.h"
#include "io/safetensors.h"
#include "nn/preprocess.h"
#include "runtime/local_model.h"
#include "safetensors_writer.h"
#include "text/xlmr_tokenizer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>


namespace fs = std::filesystem;
using gc::io::FormatError;

namespace {

std::string fixture() { return std::string(GC_TEST_DATA) + "/kosmos2-tiny-a"; }

fs::path tempDir(const std::string &name)
{
    fs::path p = fs::temp_directory_path() / ("gc_golden_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

// A copy of the fixture folder to damage.
fs::path copyFixture(const std::string &name)
{
    fs::path p = tempDir(name);
    fs::copy(fixture(), p, fs::copy_options::recursive);
    for (auto &e : fs::recursive_directory_iterator(p))
        fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    return p;
}

using Entry = golden::TensorEntry;
using golden::writeSafetensors;

std::vector<Entry> fixtureEntries()
{
    gc::io::SafeTensors st = gc::io::SafeTensors::openFile(fixture() + "/model.safetensors");
    std::vector<Entry> v;
    for (const auto &[name, t] : st.tensors())
        v.push_back({name, t.shape, std::string(static_cast<const char *>(t.data), t.nbytes)});
    return v;
}

std::string loadError(const fs::path &dir, gc::runtime::StatusCode expect = gc::runtime::StatusCode::BadModel)
{
    gc::runtime::LocalModel m;
    gc::runtime::Status s = m.load(dir.string());
    EXPECT_EQ(s.code, expect) << s.message;
    EXPECT_FALSE(m.isLoaded());
    return s.message;
}

// A copy of the fixture whose config.json has `edit` applied.
fs::path editedConfig(const std::string &name, const std::function<void(nlohmann::json &)> &edit)
{
    fs::path d = copyFixture(name);
    nlohmann::json c = gc::io::readJsonFile((d / "config.json").string());
    edit(c);
    std::ofstream(d / "config.json") << c.dump();
    return d;
}

} // namespace

TEST(SafeTensors, ReadsFixtureWithoutCopying)
{
    gc::io::SafeTensors st = gc::io::SafeTensors::openFile(fixture() + "/model.safetensors");
    nlohmann::json ix = gc::io::readJsonFile(fixture() + "/index.json");
    EXPECT_EQ(st.tensors().size(), ix["safetensors_keys"].size());
    EXPECT_EQ(st.metadata().at("format"), "pt");
    const gc::io::TensorView *t = st.find("text_model.model.embed_tokens.weight");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->shape, (std::vector<int64_t>{125, 64}));
    EXPECT_EQ(t->dtype, gc::io::DType::F32);
    EXPECT_EQ(st.find("text_model.lm_head.weight"), nullptr);
}

TEST(SafeTensors, TruncatedAndCorruptFilesGiveClearErrors)
{
    fs::path d = tempDir("st_damage");
    std::ifstream in(fixture() + "/model.safetensors", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), {});
    auto write = [&](const std::string &name, const std::string &bytes) {
        std::ofstream(d / name, std::ios::binary) << bytes;
        return (d / name).string();
    };
    auto message = [](const std::string &p) {
        try {
            (void)gc::io::SafeTensors::openFile(p);
        } catch (const FormatError &e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message(write("short.safetensors", all.substr(0, 5))).find("truncated"), std::string::npos);
    EXPECT_NE(message(write("cut.safetensors", all.substr(0, all.size() - 100))).find("truncated"), std::string::npos);
    std::string bad = all;
    bad[8] = '#';
    EXPECT_NE(message(write("json.safetensors", bad)).find("corrupt header"), std::string::npos);
    std::string huge = all;
    const uint64_t n = 1ull << 40;
    std::memcpy(huge.data(), &n, 8);
    EXPECT_NE(message(write("len.safetensors", huge)).find("header length"), std::string::npos);
    EXPECT_NE(message((d / "absent.safetensors").string()).find("cannot open"), std::string::npos);
}

TEST(SafeTensors, ShardedIndexLoadsAndChecksShards)
{
    fs::path d = copyFixture("sharded");
    fs::remove(d / "model.safetensors");
    std::vector<Entry> all = fixtureEntries();
    std::vector<Entry> a(all.begin(), all.begin() + static_cast<long>(all.size() / 2)), b(all.begin() + static_cast<long>(all.size() / 2), all.end());
    writeSafetensors(d / "model-00001-of-00002.safetensors", a);
    writeSafetensors(d / "model-00002-of-00002.safetensors", b);
    nlohmann::json idx = {{"metadata", {{"total_size", 0}}}, {"weight_map", nlohmann::json::object()}};
    for (const Entry &e : a)
        idx["weight_map"][e.name] = "model-00001-of-00002.safetensors";
    for (const Entry &e : b)
        idx["weight_map"][e.name] = "model-00002-of-00002.safetensors";
    std::ofstream(d / "model.safetensors.index.json") << idx.dump();
    gc::runtime::LocalModel m;
    gc::runtime::Status s = m.load(d.string());
    ASSERT_TRUE(s.ok()) << s.message;
    EXPECT_EQ(m.info().architecture, "kosmos-2");

    fs::remove(d / "model-00002-of-00002.safetensors");
    EXPECT_NE(loadError(d, gc::runtime::StatusCode::NotFound).find("model-00002-of-00002.safetensors"), std::string::npos);
}

// Absurd sizes are refused from config.json and the checkpoint's header alone: nothing is listed or
// allocated per declared layer, so peak memory stays where it was.
TEST(ModelFolder, AbsurdSizesAreRefusedBeforeAnythingIsAllocated)
{
    const long before = gc::test::peakRssKb();
    const std::string text = loadError(editedConfig("layers_1e9", [](nlohmann::json &c) { c["text_config"]["layers"] = 1000000000; }));
    EXPECT_NE(text.find("'text_config.layers' is 1000000000, outside 1..1000"), std::string::npos) << text;
    const std::string vision = loadError(editedConfig("vision_1e6", [](nlohmann::json &c) { c["vision_config"]["num_hidden_layers"] = 1000000; }));
    EXPECT_NE(vision.find("'vision_config.num_hidden_layers' is 1000000, outside 1..1000"), std::string::npos) << vision;
    const std::string vocab = loadError(editedConfig("vocab", [](nlohmann::json &c) { c["text_config"]["vocab_size"] = 1LL << 40; }));
    EXPECT_NE(vocab.find("'text_config.vocab_size'"), std::string::npos) << vocab;
    const std::string bos = loadError(editedConfig("bos", [](nlohmann::json &c) { c["text_config"]["bos_token_id"] = -5; }));
    EXPECT_NE(bos.find("'text_config.bos_token_id' is -5, outside 0..124"), std::string::npos) << bos;
    // within the bounds but more layers than the checkpoint holds: the tensors decide, before any list
    const std::string more = loadError(editedConfig("vision_900", [](nlohmann::json &c) { c["vision_config"]["num_hidden_layers"] = 900; }));
    EXPECT_NE(more.find("num_hidden_layers is 900 but the checkpoint stores 2 layers"), std::string::npos) << more;
    EXPECT_LT(gc::test::peakRssKb() - before, 64 * 1024) << "kB of peak memory grew while refusing";
}

// What the weights and config.json say must agree exactly: no tensor left unread, no rounding, no
// shared bytes.
TEST(ModelFolder, InconsistentCheckpointsAreRefused)
{
    {
        // three text layers stored, two declared: the third would be ignored
        fs::path d = copyFixture("three_layers");
        std::vector<Entry> e = fixtureEntries();
        const std::string one = "text_model.model.layers.1.";
        for (size_t i = 0, n = e.size(); i < n; ++i)
            if (e[i].name.rfind(one, 0) == 0)
                e.push_back({"text_model.model.layers.2." + e[i].name.substr(one.size()), e[i].shape, e[i].bytes});
        writeSafetensors(d / "model.safetensors", e);
        const std::string msg = loadError(d);
        EXPECT_NE(msg.find("text_config.layers is 2 but the checkpoint stores 3 layers"), std::string::npos) << msg;
    }
    {
        const std::string msg = loadError(editedConfig("fraction", [](nlohmann::json &c) { c["text_config"]["layers"] = 2.5; }));
        EXPECT_NE(msg.find("'text_config.layers' is 2.5, not an integer"), std::string::npos) << msg;
    }
    {
        fs::path d = copyFixture("extra_tensor");
        std::vector<Entry> e = fixtureEntries();
        e.push_back({"text_model.model.adapter.weight", {2}, std::string(8, '\0')});
        writeSafetensors(d / "model.safetensors", e);
        const std::string msg = loadError(d);
        EXPECT_NE(msg.find("tensor 'text_model.model.adapter.weight'"), std::string::npos) << msg;
        EXPECT_NE(msg.find("not part of a Kosmos-2 model"), std::string::npos) << msg;
    }
    {
        // the second tensor's bytes start inside the first one's
        fs::path d = tempDir("overlap");
        nlohmann::json h = {{"a", {{"dtype", "F32"}, {"shape", {4}}, {"data_offsets", {0, 16}}}},
                            {"b", {{"dtype", "F32"}, {"shape", {4}}, {"data_offsets", {8, 24}}}}};
        const std::string hs = h.dump();
        const uint64_t n = hs.size();
        std::ofstream out(d / "o.safetensors", std::ios::binary);
        out.write(reinterpret_cast<const char *>(&n), 8);
        out << hs << std::string(24, '\0');
        out.close();
        try {
            (void)gc::io::SafeTensors::openFile((d / "o.safetensors").string());
            ADD_FAILURE() << "overlapping tensors accepted";
        } catch (const FormatError &e) {
            EXPECT_NE(std::string(e.what()).find("tensors 'a' [0, 16) and 'b' [8, 24) overlap"), std::string::npos) << e.what();
        }
    }
}

TEST(ModelFolder, BadFoldersGiveClearErrors)
{
    {
        fs::path d = copyFixture("truncated");
        fs::resize_file(d / "model.safetensors", fs::file_size(d / "model.safetensors") - 1000);
        EXPECT_NE(loadError(d).find("truncated"), std::string::npos);
    }
    {
        fs::path d = copyFixture("wrong_shape");
        std::vector<Entry> e = fixtureEntries();
        for (Entry &x : e)
            if (x.name == "text_model.model.layers.1.ffn.fc1.weight") {
                x.shape = {128, 128};
            }
        writeSafetensors(d / "model.safetensors", e);
        const std::string msg = loadError(d);
        EXPECT_NE(msg.find("text_model.model.layers.1.ffn.fc1.weight"), std::string::npos) << msg;
        EXPECT_NE(msg.find("[128, 128]"), std::string::npos) << msg;
        EXPECT_NE(msg.find("[256, 64]"), std::string::npos) << msg;
    }
    {
        fs::path d = copyFixture("missing_key");
        std::vector<Entry> e = fixtureEntries();
        e.erase(std::remove_if(e.begin(), e.end(),
                               [](const Entry &x) { return x.name == "vision_model.model.post_layernorm.bias"; }),
                e.end());
        writeSafetensors(d / "model.safetensors", e);
        const std::string msg = loadError(d);
        EXPECT_NE(msg.find("missing tensor 'vision_model.model.post_layernorm.bias'"), std::string::npos) << msg;
    }
    {
        fs::path d = copyFixture("corrupt_json");
        std::ofstream(d / "config.json") << "{\"model_type\": \"kosmos-2\", ";
        EXPECT_NE(loadError(d).find("config.json: corrupt JSON"), std::string::npos);
    }
    {
        fs::path d = copyFixture("untied_without_head");
        nlohmann::json c = gc::io::readJsonFile((d / "config.json").string());
        c["tie_word_embeddings"] = false;
        std::ofstream(d / "config.json") << c.dump();
        EXPECT_NE(loadError(d).find("text_model.lm_head.weight"), std::string::npos);
    }
    {
        fs::path d = copyFixture("no_weights");
        fs::remove(d / "model.safetensors");
        EXPECT_NE(loadError(d, gc::runtime::StatusCode::NotFound).find("no model.safetensors"), std::string::npos);
    }
    {
        fs::path d = copyFixture("bad_tasks");
        nlohmann::json c = gc::io::readJsonFile((d / "config.json").string());
        c["groundchat_tasks"] = "refer";
        std::ofstream(d / "config.json") << c.dump();
        EXPECT_NE(loadError(d).find("groundchat_tasks must be a list"), std::string::npos);
    }
    {
        fs::path d = copyFixture("bad_multi_turn");
        nlohmann::json c = gc::io::readJsonFile((d / "config.json").string());
        c["groundchat_multi_turn"] = 1;
        std::ofstream(d / "config.json") << c.dump();
        EXPECT_NE(loadError(d).find("groundchat_multi_turn must be true or false"), std::string::npos);
    }
    {
        fs::path d = copyFixture("other_arch");
        nlohmann::json c = gc::io::readJsonFile((d / "config.json").string());
        c["model_type"] = "paligemma";
        std::ofstream(d / "config.json") << c.dump();
        loadError(d, gc::runtime::StatusCode::Unsupported);
    }
    loadError(tempDir("nothing_here") / "absent", gc::runtime::StatusCode::NotFound);
}

TEST(ModelFolder, UntiedLmHeadKeyIsUsed)
{
    fs::path d = copyFixture("untied");
    std::vector<Entry> e = fixtureEntries();
    for (const Entry &x : fixtureEntries())
        if (x.name == "text_model.model.embed_tokens.weight")
            e.push_back({"text_model.lm_head.weight", x.shape, x.bytes});
    writeSafetensors(d / "model.safetensors", e);
    nlohmann::json c = gc::io::readJsonFile((d / "config.json").string());
    c["tie_word_embeddings"] = false;
    std::ofstream(d / "config.json") << c.dump();
    gc::runtime::LocalModel m;
    ASSERT_TRUE(m.load(d.string()).ok());
    gc::runtime::GenerationParams p;
    p.maxNewTokens = 16;
    gc::runtime::GenerationResult r = m.generate(gc::io::loadImageRgb(fixture() + "/image0.png"), "<grounding>An image of", p);
    ASSERT_TRUE(r.status.ok()) << r.status.message;
    gc::io::NpyArray ref = gc::io::readNpy(fixture() + "/gen_nrng3_new_tokens.npy");
    EXPECT_EQ(r.tokens, ref.i64);
}

TEST(Npy, RoundTrip)
{
    fs::path d = tempDir("npy");
    std::vector<float> f{1.5f, -2.0f, 3.25f, 0.f, 7.f, 8.f};
    gc::io::writeNpy((d / "f.npy").string(), {2, 3}, f.data());
    gc::io::NpyArray a = gc::io::readNpy((d / "f.npy").string());
    EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(a.f32, f);
    std::vector<int64_t> i{1, 2, 3};
    gc::io::writeNpy((d / "i.npy").string(), {3}, i.data());
    EXPECT_EQ(gc::io::readNpy((d / "i.npy").string()).i64, i);
}

TEST(Preprocess, PixelValuesBitExact)
{
    gc::io::RgbImage img = gc::io::loadImageRgb(fixture() + "/image0.png");
    ASSERT_EQ(img.width, 61);
    ASSERT_EQ(img.height, 47);
    for (auto [size, file] : {std::pair{28, "pixel_values.npy"}, {224, "pixel_values_224.npy"}}) {
        gc::nn::ClipPreprocessConfig cfg;
        cfg.width = cfg.height = size;
        std::vector<float> mine = gc::nn::clipPreprocess(img, cfg);
        gc::io::NpyArray ref = gc::io::readNpy(fixture() + "/" + file);
        ASSERT_EQ(mine.size(), ref.f32.size());
        size_t differ = 0;
        for (size_t k = 0; k < mine.size(); ++k)
            differ += std::memcmp(&mine[k], &ref.f32[k], 4) != 0;
        EXPECT_EQ(differ, 0u) << file << ": values not bit-identical";
    }
}

TEST(Tokenizer, PromptIdsIdenticalToReference)
{
    gc::io::ModelFolder f = gc::io::openModelFolder(fixture());
    gc::text::XlmrTokenizer tok = gc::text::XlmrTokenizer::fromFolder(f);
    EXPECT_EQ(tok.vocabSize(), 125);
    EXPECT_EQ(tok.tokenId("<grounding>"), 108);
    EXPECT_EQ(tok.tokenId("<patch_index_0015>"), 124);
    gc::runtime::LocalModel m;
    ASSERT_TRUE(m.load(fixture()).ok());
    gc::io::NpyArray ref = gc::io::readNpy(fixture() + "/input_ids.npy");
    EXPECT_EQ(m.promptIds("<grounding>An image of", {}), ref.i64);
    EXPECT_EQ(m.promptIds("  <grounding>An image of \n", {}), ref.i64); // the processor strips the text
    std::vector<int64_t> tail(ref.i64.begin() + 11, ref.i64.end());
    EXPECT_EQ(tok.decode(tail), "<grounding> An image of");
    // Tags swallow the spaces on their left (lstrip) and are matched before sentencepiece runs.
    std::vector<int64_t> ids = tok.encode("<phrase>a</phrase> <object><patch_index_0001><patch_index_0014></object>");
    ASSERT_GE(ids.size(), 6u);
    EXPECT_EQ(ids.front(), 103);
    EXPECT_EQ(ids[ids.size() - 4], 105);
    EXPECT_EQ(ids[ids.size() - 3], 110);
    EXPECT_EQ(ids[ids.size() - 2], 123);
    EXPECT_EQ(ids.back(), 106);
}

TEST(ImageLoader, HeaderSizesOfEveryFormatOpenCvWrites)
{
    fs::path d = tempDir("headers");
    const cv::Mat m(37, 53, CV_8UC3, cv::Scalar(1, 2, 3));
    for (const char *ext : {".png", ".jpg", ".bmp", ".webp", ".tiff", ".ppm", ".pgm", ".ras", ".pfm"}) {
        const fs::path f = d / (std::string("m") + ext);
        cv::Mat out = m;
        if (std::string(ext) == ".pfm")
            m.convertTo(out, CV_32FC3);
        else if (std::string(ext) == ".pgm")
            cv::extractChannel(m, out, 0);
        ASSERT_TRUE(cv::imwrite(f.string(), out)) << ext;
        const std::optional<gc::io::ImageExtent> e = gc::io::readImageExtent(f.string());
        ASSERT_TRUE(e) << ext;
        EXPECT_EQ(e->width, 53) << ext;
        EXPECT_EQ(e->height, 37) << ext;
    }
    std::ofstream(d / "text.png") << "not an image";
    EXPECT_FALSE(gc::io::readImageExtent((d / "text.png").string()));
}

// A PNG of a few KB that decodes to 768 MB of RGB: refused from its header, before any pixel
// is decoded, with the sizes in the message; memory stays where it was.
TEST(ImageLoader, DecompressionBombIsRefusedFromItsHeader)
{
    fs::path d = tempDir("bomb");
    ASSERT_TRUE(gc::test::writeBombPng((d / "bomb.png").string(), 16000, 16000));
    ASSERT_LT(fs::file_size(d / "bomb.png"), 100000u);
    const long before = gc::test::peakRssKb();
    try {
        (void)gc::io::loadImageRgb((d / "bomb.png").string());
        ADD_FAILURE() << "a 256-megapixel image loaded";
    } catch (const FormatError &e) {
        EXPECT_NE(std::string(e.what()).find("16000 x 16000 pixels (256.0 megapixels), more than the limit of 179.0 megapixels"),
                  std::string::npos) << e.what();
    }
    EXPECT_LT(gc::test::peakRssKb() - before, 32 * 1024) << "kB of peak memory grew while refusing";
    // a real image over a lower limit is refused the same way, and loads under it
    cv::imwrite((d / "big.png").string(), cv::Mat(1500, 2000, CV_8UC3, cv::Scalar(9, 8, 7)));
    EXPECT_THROW((void)gc::io::loadImageRgb((d / "big.png").string(), 2999999), FormatError);
    const gc::io::RgbImage big = gc::io::loadImageRgb((d / "big.png").string(), 3000000);
    EXPECT_EQ(big.width, 2000);
    EXPECT_EQ(big.pixels[0], 7);
}

// A large JPEG is decoded reduced in the DCT domain when the model's frame is small: the image's own size is
// kept for coordinates, and the model's input stays within a few grey levels of the full decode's. The
// images the reference's exactness is claimed for (up to kExactDecodePixels), PNGs (whose reduction would
// save nothing) and frames too large for a reduction decode whole.
TEST(ImageLoader, LargeJpegsDecodeReducedForASmallFrame)
{
    fs::path d = tempDir("reduced");
    cv::Mat big(4500, 6000, CV_8UC3); // 27 MP
    for (int y = 0; y < big.rows; ++y)
        for (int x = 0; x < big.cols; ++x)
            big.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x * 255 / big.cols), uchar(y * 255 / big.rows),
                                                uchar((x / 300 + y / 300) % 2 * 200 + 20));
    const std::string jpg = (d / "big.jpg").string(), png = (d / "big.png").string();
    ASSERT_TRUE(cv::imwrite(jpg, big, {cv::IMWRITE_JPEG_QUALITY, 95}));
    ASSERT_TRUE(gc::test::writeBombPng(png, 6000, 4500));

    const gc::io::FramedImage reduced = gc::io::loadImageRgbForFrame(jpg, 224, 224);
    EXPECT_EQ(reduced.width, 6000);
    EXPECT_EQ(reduced.height, 4500);
    EXPECT_EQ(reduced.image.width, 1500) << "1/4: at 1/8 the short side would be under 4 x 224";
    EXPECT_EQ(reduced.image.height, 1125);
    const gc::io::RgbImage a = gc::nn::resizeBicubicPillow(gc::io::loadImageRgb(jpg), 224, 224);
    const gc::io::RgbImage b = gc::nn::resizeBicubicPillow(reduced.image, 224, 224);
    int worst = 0;
    for (size_t i = 0; i < a.pixels.size(); ++i)
        worst = std::max(worst, std::abs(int(a.pixels[i]) - int(b.pixels[i])));
    EXPECT_LE(worst, 4) << "grey levels between the model inputs of the full and the reduced decode";

    EXPECT_FALSE(gc::io::loadImageRgbForFrame(png, 224, 224).reduced());
    EXPECT_FALSE(gc::io::loadImageRgbForFrame(jpg, 2048, 2048).reduced());
    const std::string photo = (d / "photo.jpg").string(); // 12 MP: within what decodes exactly
    ASSERT_TRUE(cv::imwrite(photo, big(cv::Rect(0, 0, 4000, 3000))));
    const gc::io::FramedImage whole = gc::io::loadImageRgbForFrame(photo, 224, 224);
    EXPECT_FALSE(whole.reduced());
    EXPECT_EQ(whole.image.pixels, gc::io::loadImageRgb(photo).pixels);
}

// libjpeg decodes a cut-off JPEG, padding it with grey; Pillow refuses it as truncated, and so does the
// loader. Progressive files and bytes after the end-of-image marker are whole.
TEST(ImageLoader, TruncatedJpegIsRefused)
{
    fs::path d = tempDir("truncated");
    cv::Mat m(48, 64, CV_8UC3);
    cv::randu(m, 0, 255); // noise: most of the file is entropy-coded data, where the cut falls
    for (const bool progressive : {false, true}) {
        std::vector<uint8_t> jpg;
        ASSERT_TRUE(cv::imencode(".jpg", m, jpg, {cv::IMWRITE_JPEG_PROGRESSIVE, progressive ? 1 : 0}));
        const std::string whole = (d / "whole.jpg").string(), cut = (d / "cut.jpg").string();
        std::ofstream(whole, std::ios::binary).write(reinterpret_cast<const char *>(jpg.data()), std::streamsize(jpg.size()))
            << "trailing bytes";
        std::ofstream(cut, std::ios::binary).write(reinterpret_cast<const char *>(jpg.data()), std::streamsize(jpg.size() * 3 / 4));
        EXPECT_TRUE(gc::io::jpegReachesEnd(whole)) << progressive;
        EXPECT_EQ(gc::io::loadImageRgb(whole).width, 64);
        EXPECT_FALSE(gc::io::jpegReachesEnd(cut)) << progressive;
        try {
            (void)gc::io::loadImageRgb(cut);
            ADD_FAILURE() << "a truncated JPEG decoded, progressive " << progressive;
        } catch (const FormatError &e) {
            EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
        }
    }
}

TEST(ImageLoader, OrientationAlphaGreyAndSixteenBit)
{
    fs::path d = tempDir("images");
    cv::Mat bgr(4, 6, CV_8UC3, cv::Scalar(10, 20, 30));
    bgr.at<cv::Vec3b>(0, 5) = cv::Vec3b(200, 100, 50);
    // RGBA: alpha is dropped, colour kept (Pillow's convert("RGB")).
    cv::Mat bgra;
    cv::Mat alpha(4, 6, CV_8UC1, cv::Scalar(0));
    cv::merge(std::vector<cv::Mat>{bgr, alpha}, bgra);
    cv::imwrite((d / "a.png").string(), bgra);
    gc::io::RgbImage a = gc::io::loadImageRgb((d / "a.png").string());
    ASSERT_EQ(a.width, 6);
    EXPECT_EQ(a.pixels[0], 30);
    EXPECT_EQ(a.pixels[5 * 3], 50);
    // 16-bit: scaled to 8 bits, not clipped.
    cv::Mat b16;
    bgr.convertTo(b16, CV_16U, 257.0);
    cv::imwrite((d / "b.png").string(), b16);
    gc::io::RgbImage b = gc::io::loadImageRgb((d / "b.png").string());
    EXPECT_EQ(b.pixels, a.pixels);
    // Greyscale: replicated into three channels.
    cv::Mat g(3, 3, CV_8UC1, cv::Scalar(77));
    cv::imwrite((d / "g.png").string(), g);
    gc::io::RgbImage gi = gc::io::loadImageRgb((d / "g.png").string());
    EXPECT_EQ(gi.pixels.size(), 27u);
    EXPECT_EQ(gi.pixels[4], 77);
    // EXIF orientation 6 (rotate 90 degrees clockwise): a 6x4 JPEG comes out 4x6.
    std::vector<uint8_t> jpg;
    cv::imencode(".jpg", bgr, jpg);
    const uint8_t exif[] = {0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 0x2A, 0, 8, 0, 0, 0,
                            1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0};
    jpg.insert(jpg.begin() + 2, std::begin(exif), std::end(exif));
    std::ofstream((d / "r.jpg").string(), std::ios::binary).write(reinterpret_cast<const char *>(jpg.data()),
                                                                   static_cast<std::streamsize>(jpg.size()));
    gc::io::RgbImage r = gc::io::loadImageRgb((d / "r.jpg").string());
    EXPECT_EQ(r.width, 4);
    EXPECT_EQ(r.height, 6);
    // Garbage and missing files: clear errors.
    std::ofstream(d / "bad.png") << "not an image";
    EXPECT_THROW((void)gc::io::loadImageRgb((d / "bad.png").string()), FormatError);
    EXPECT_THROW((void)gc::io::loadImageRgb((d / "none.png").string()), FormatError);
}
