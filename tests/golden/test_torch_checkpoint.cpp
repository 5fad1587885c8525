// PyTorch .bin checkpoints: the fixtures saved as torch.save writes them (tests/data/make_torch_bin.py) give
// the very logits the safetensors fixtures give (Kosmos-2, and Florence-2 as its -ft checkpoints ship),
// libtorch's own writer is read back exactly, and hostile files get a clear error instead of running anything.

#include "golden_util.h"

#include "io/image_loader.h"
#include "io/model_folder.h"
#include "io/torch_pickle.h"
#include "runtime/local_model.h"

#include <torch/serialize.h>

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using golden::fixture;

namespace {

std::string torchBin(const std::string &name) { return std::string(GC_TEST_DATA) + "/torch-bin/" + name; }

std::string readAll(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The fixture `source` with its weights as `files` (copied from tests/data/torch-bin) instead of
// model.safetensors; the one named after the fixture becomes its pytorch_model.bin.
fs::path fixtureWithWeights(const std::string &name, const std::vector<fs::path> &files,
                            const fs::path &source = fixture())
{
    const fs::path d = fs::temp_directory_path() / ("gc_torchbin_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(d);
    fs::copy(source, d, fs::copy_options::recursive);
    for (auto &e : fs::recursive_directory_iterator(d))
        fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    fs::remove(d / "model.safetensors");
    const std::string whole = source.filename().string() + ".bin";
    for (const fs::path &f : files)
        fs::copy_file(f.parent_path().empty() ? fs::path(torchBin(f.string())) : f,
                      d / (f.filename() == whole ? fs::path("pytorch_model.bin") : f.filename()));
    return d;
}

// logits.npy (and the other dumps) of the fixture prompt through the whole loading path.
std::string dumpedLogits(const fs::path &folder)
{
    gc::runtime::LocalModel m;
    const gc::runtime::Status s = m.load(folder.string());
    EXPECT_TRUE(s.ok()) << s.message;
    const fs::path out = folder / "dump";
    fs::create_directories(out);
    const gc::runtime::Status d =
        m.dump(gc::io::loadImageRgb(fixture() + "/image0.png"), "<grounding>An image of", out.string());
    EXPECT_TRUE(d.ok()) << d.message;
    return readAll(out / "logits.npy");
}

// Florence-2's encoder output and the raw logits of every step of its greedy caption, through the whole
// loading path.
std::string florenceDumps(const fs::path &folder)
{
    gc::runtime::LocalModel m;
    const gc::runtime::Status s = m.load(folder.string());
    EXPECT_TRUE(s.ok()) << s.message;
    const gc::io::RgbImage image = gc::io::loadImageRgb(fixture("florence2-tiny") + "/image0.png");
    gc::runtime::GenerationParams p;
    p.numBeams = 1;
    p.maxNewTokens = 14;
    const gc::runtime::GenerationResult r = m.generate(image, "<CAPTION>", p);
    EXPECT_TRUE(r.status.ok()) << r.status.message;
    const fs::path out = folder / "dump";
    fs::create_directories(out);
    const gc::runtime::Status d = m.dump(image, "<CAPTION>", out.string(), r.tokens);
    EXPECT_TRUE(d.ok()) << d.message;
    return readAll(out / "encoder_last_hidden_state.npy") + readAll(out / "step_logits.npy");
}

void expectSameTensors(const gc::io::SafeTensors &a, const gc::io::SafeTensors &b)
{
    ASSERT_EQ(a.tensors().size(), b.tensors().size());
    for (const auto &[name, t] : a.tensors()) {
        const gc::io::TensorView *u = b.find(name);
        ASSERT_NE(u, nullptr) << name;
        EXPECT_EQ(t.dtype, u->dtype) << name;
        EXPECT_EQ(t.shape, u->shape) << name;
        ASSERT_EQ(t.nbytes, u->nbytes) << name;
        EXPECT_EQ(std::memcmp(t.data, u->data, t.nbytes), 0) << name;
    }
}

std::vector<float> floats(const gc::io::TensorView &t)
{
    std::vector<float> v(t.nbytes / 4);
    std::memcpy(v.data(), t.data, t.nbytes);
    return v;
}

std::string errorOf(const std::string &file)
{
    try {
        (void)gc::io::openTorchFile(torchBin(file));
    } catch (const gc::io::FormatError &e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST(TorchCheckpoint, KosmosFromBinGivesTheSafetensorsLogits)
{
    const fs::path bin = fixtureWithWeights("single", {"kosmos2-tiny-a.bin"});
    EXPECT_EQ(gc::io::openModelFolder(bin.string()).weightsFile, (bin / "pytorch_model.bin").string());
    const std::string fromBin = dumpedLogits(bin);
    ASSERT_GT(fromBin.size(), 128u);
    const fs::path st = fixtureWithWeights("reference", {});
    fs::copy_file(fixture() + "/model.safetensors", st / "model.safetensors");
    EXPECT_EQ(fromBin, dumpedLogits(st)); // bit for bit
    fs::remove_all(bin);
    fs::remove_all(st);
}

// Florence-2's -ft fine-tunes ship pytorch_model.bin, their tied table also under the names that alias it (one
// storage): such a folder loads and answers exactly as the safetensors fixture does.
TEST(TorchCheckpoint, FlorenceFromBinGivesTheSafetensorsLogits)
{
    const fs::path source = fixture("florence2-tiny");
    const fs::path bin = fixtureWithWeights("florence", {"florence2-tiny.bin"}, source);
    EXPECT_EQ(gc::io::openModelFolder(bin.string()).weightsFile, (bin / "pytorch_model.bin").string());
    const std::string fromBin = florenceDumps(bin);
    ASSERT_GT(fromBin.size(), 1024u);
    const fs::path st = fixtureWithWeights("florence_reference", {}, source);
    fs::copy_file(source / "model.safetensors", st / "model.safetensors");
    EXPECT_EQ(fromBin, florenceDumps(st)); // bit for bit
    fs::remove_all(bin);
    fs::remove_all(st);
}

TEST(TorchCheckpoint, ShardedBinIndexReadsEveryTensor)
{
    const fs::path shards = torchBin("kosmos2-sharded");
    std::vector<fs::path> files;
    for (const auto &e : fs::directory_iterator(shards))
        files.push_back(e.path());
    const fs::path d = fixtureWithWeights("sharded", files);
    const gc::io::ModelFolder f = gc::io::openModelFolder(d.string());
    EXPECT_EQ(f.weightsIndex, (d / "pytorch_model.bin.index.json").string());
    expectSameTensors(gc::io::openWeights(f), gc::io::SafeTensors::openFile(fixture() + "/model.safetensors"));
    fs::remove_all(d);
}

TEST(TorchCheckpoint, SharedOffsetAndStridedStoragesReadAsTorchWouldRebuildThem)
{
    const gc::io::SafeTensors st = gc::io::openTorchFile(torchBin("layouts.bin"));
    const std::vector<float> all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    EXPECT_EQ(floats(*st.find("a.weight")), all);
    EXPECT_EQ(st.find("tied.weight")->data, st.find("a.weight")->data); // one storage, no copy
    EXPECT_EQ(floats(*st.find("row.bias")), (std::vector<float>{8, 9, 10, 11}));
    EXPECT_EQ(floats(*st.find("t.weight")), (std::vector<float>{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}));
    EXPECT_EQ(st.find("t.weight")->shape, (std::vector<int64_t>{4, 3}));
    EXPECT_EQ(st.find("h.weight")->dtype, gc::io::DType::F16);
    EXPECT_EQ(st.find("b.weight")->dtype, gc::io::DType::BF16);
    EXPECT_EQ(st.find("ids")->dtype, gc::io::DType::I64);
    EXPECT_EQ(st.find("ids")->shape, (std::vector<int64_t>{1, 3}));
    EXPECT_EQ(st.find("scalar")->shape, std::vector<int64_t>{});
    EXPECT_EQ(floats(*st.find("scalar")), std::vector<float>{7});
}

TEST(TorchCheckpoint, Zip64ArchivesReadTheSame)
{
    expectSameTensors(gc::io::openTorchFile(torchBin("layouts-zip64.bin")),
                      gc::io::openTorchFile(torchBin("layouts.bin")));
}

// torch::pickle_save is libtorch's writer of torch.save's format: what it writes must read back exactly.
TEST(TorchCheckpoint, ReadsWhatLibtorchWrites)
{
    const at::Tensor base = at::arange(24, at::kFloat).reshape({4, 6});
    c10::Dict<std::string, at::Tensor> sd;
    sd.insert("dense", base);
    sd.insert("transposed", base.t());
    sd.insert("rows", base.narrow(0, 1, 2));
    sd.insert("half", base.to(at::kHalf));
    sd.insert("bf16", base.to(at::kBFloat16).narrow(1, 2, 3));
    sd.insert("long", at::arange(5, at::kLong));
    const std::vector<char> blob = torch::pickle_save(sd);
    const gc::io::TorchTensors t =
        gc::io::readTorchArchive(reinterpret_cast<const uint8_t *>(blob.data()), blob.size(), "libtorch");
    ASSERT_EQ(t.tensors.size(), sd.size());
    for (const auto &item : sd) {
        const at::Tensor want = item.value().contiguous();
        const gc::io::TensorView &v = t.tensors.at(item.key());
        EXPECT_EQ(v.shape, want.sizes().vec()) << item.key();
        ASSERT_EQ(v.nbytes, want.nbytes()) << item.key();
        EXPECT_EQ(std::memcmp(v.data, want.data_ptr(), v.nbytes), 0) << item.key();
    }
}

TEST(TorchCheckpoint, HostileFilesGetAClearErrorAndRunNothing)
{
    const std::pair<const char *, const char *> cases[] = {
        {"global-os-system.bin", "refuses pickle global os.system — no code runs from a model file"},
        {"stack-global.bin", "refuses pickle global posix.system"},
        {"reduce-storage-type.bin", "refuses to call torch.FloatStorage"},
        {"build-on-tensor.bin", "refuses to set the state of a tensor"},
        {"unknown-opcode.bin", "unsupported pickle opcode 0x69"},
        {"huge-memo-index.bin", "memo index 4294967280 was never stored"},
        {"deep-nesting.bin", "nests deeper than 1000 levels"},
        {"not-a-dict.bin", "holds a list, not a state dict"},
        {"storage-bigger-than-entry.bin", "storage '0' claims 12 elements of 4 bytes but its entry holds 40 bytes"},
        {"negative-stride.bin", "negative size or stride"},
        {"negative-offset.bin", "negative storage offset -4"},
        {"view-past-storage.bin", "reaches element 15 of storage '0', which holds 12"},
        {"size-overflow.bin", "size is too large"},
        {"truncated.bin", "no end of central directory"},
        {"legacy-format.bin", "legacy format"},
        {"compressed.bin", "is compressed (method 8)"},
    };
    for (const auto &[file, expected] : cases) {
        const std::string msg = errorOf(file);
        EXPECT_NE(msg.find(expected), std::string::npos) << file << ": " << msg;
        EXPECT_EQ(msg.rfind(torchBin(file), 0), 0u) << "names the file: " << msg;
    }
}

TEST(TorchCheckpoint, AHostileBinFailsTheModelLoad)
{
    const fs::path d = fixtureWithWeights("hostile_model", {});
    fs::copy_file(torchBin("global-os-system.bin"), d / "pytorch_model.bin");
    gc::runtime::LocalModel m;
    const gc::runtime::Status s = m.load(d.string());
    EXPECT_EQ(s.code, gc::runtime::StatusCode::BadModel);
    EXPECT_NE(s.message.find("refuses pickle global os.system"), std::string::npos) << s.message;
    fs::remove_all(d);
}
