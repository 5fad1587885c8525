// Loading in a small format: the matrices are quantised with progress and cancel, kept in a cache file, and
// read from it by the next load of the same checkpoint in the same format. Which happened is seen in the
// load's progress stages (MatrixPacking's), never in timings; what the model computes is compared byte for
// byte (its logits over a prompt).

#include "golden_util.h"

#include "io/image_loader.h"
#include "nn/layers.h"
#include "nn/matrix_packing.h"
#include "quant/quantized_matrix.h"
#include "runtime/local_model.h"
#include "safetensors_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using gc::nn::MatrixPacking;
using gc::runtime::LoadParams;
using gc::runtime::LocalModel;
using gc::runtime::StatusCode;
using golden::fixture;

namespace {

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string &name)
        : path(fs::temp_directory_path() / (name + "-" + std::to_string(::getpid())))
    {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

std::vector<std::string> filesIn(const fs::path &dir)
{
    std::vector<std::string> names;
    if (fs::exists(dir))
        for (const auto &e : fs::directory_iterator(dir))
            names.push_back(e.path().filename().string());
    return names;
}

std::string readAll(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

struct Loaded {
    gc::runtime::Status status;
    std::vector<std::string> stages; // each stage once, in order
    int quantising = 0;              // progress reports of the quantising stage
    std::string logits;              // logits.npy over a prompt, as bytes
};

Loaded load(LocalModel &m, const std::string &folder, const std::string &cache, const std::string &weights = "q8",
            const std::function<bool(const Loaded &)> &cancel = {})
{
    Loaded r;
    LoadParams p;
    p.settings.weights = weights;
    p.settings.weightCache = cache;
    p.onProgress = [&](double, const std::string &s) {
        if (r.stages.empty() || r.stages.back() != s)
            r.stages.push_back(s);
        r.quantising += s == MatrixPacking::kQuantising;
    };
    p.shouldAbort = [&] { return cancel && cancel(r); };
    r.status = m.load(folder, p);
    if (!r.status.ok())
        return r;
    TempDir dump("gc-weight-cache-dump");
    EXPECT_TRUE(m.dump(gc::io::loadImageRgb(fixture() + "/image0.png"), "<grounding>An image of", dump.path.string())
                    .ok());
    r.logits = readAll(dump.path / "logits.npy");
    return r;
}

bool has(const Loaded &l, const char *stage)
{
    return std::find(l.stages.begin(), l.stages.end(), stage) != l.stages.end();
}

} // namespace

TEST(WeightCache, SecondLoadReadsThePackedMatricesAndComputesTheSame)
{
    TempDir cache("gc-weight-cache");
    LocalModel uncached;
    const Loaded plain = load(uncached, fixture(), "");
    ASSERT_TRUE(plain.status.ok()) << plain.status.message;
    EXPECT_TRUE(filesIn(cache.path).empty());
    for (const char *format : {"q8", "q4", "bf16"}) {
        LocalModel first, second;
        const Loaded a = load(first, fixture(), cache.path.string(), format);
        ASSERT_TRUE(a.status.ok()) << a.status.message;
        EXPECT_TRUE(has(a, MatrixPacking::kQuantising)) << format;
        EXPECT_TRUE(has(a, MatrixPacking::kSaving)) << format;
        EXPECT_FALSE(has(a, MatrixPacking::kFromCache)) << format;
        const Loaded b = load(second, fixture(), cache.path.string(), format);
        ASSERT_TRUE(b.status.ok()) << b.status.message;
        EXPECT_TRUE(has(b, MatrixPacking::kFromCache)) << format;
        EXPECT_FALSE(has(b, MatrixPacking::kQuantising)) << format;
        EXPECT_FALSE(has(b, MatrixPacking::kSaving)) << format;
        EXPECT_EQ(a.logits, b.logits) << format;
        EXPECT_EQ(first.info().parameterBytes, second.info().parameterBytes) << format;
    }
    EXPECT_EQ(filesIn(cache.path).size(), 3u); // one file per format
    // the first q8 load without a cache, with one and from one: the same logits
    LocalModel again;
    EXPECT_EQ(load(again, fixture(), cache.path.string()).logits, plain.logits);
}

TEST(WeightCache, CancelWhileQuantisingLeavesNoFileAndTheNextLoadWorks)
{
    TempDir cache("gc-weight-cache-cancel");
    LocalModel reference;
    const Loaded ref = load(reference, fixture(), "");
    ASSERT_TRUE(ref.status.ok());
    ASSERT_GE(ref.quantising, 4); // one report (and cancel check) per matrix
    for (int cancelAt : {1, 3, ref.quantising}) {
        LocalModel m;
        const Loaded c = load(m, fixture(), cache.path.string(), "q8",
                              [&](const Loaded &l) { return l.quantising >= cancelAt; });
        EXPECT_EQ(c.status.code, StatusCode::Aborted) << "cancel at matrix " << cancelAt << ": " << c.status.message;
        EXPECT_EQ(c.quantising, cancelAt) << "went on quantising after the cancel";
        EXPECT_FALSE(m.isLoaded());
        EXPECT_TRUE(filesIn(cache.path).empty()) << "cancel at matrix " << cancelAt << " left a file";
    }
    LocalModel m;
    const Loaded after = load(m, fixture(), cache.path.string());
    ASSERT_TRUE(after.status.ok()) << after.status.message;
    EXPECT_TRUE(has(after, MatrixPacking::kQuantising));
    EXPECT_EQ(after.logits, ref.logits);
    EXPECT_EQ(filesIn(cache.path).size(), 1u);
}

TEST(WeightCache, ADamagedFileIsRefusedAndWrittenAgain)
{
    TempDir cache("gc-weight-cache-damaged");
    LocalModel m;
    const Loaded first = load(m, fixture(), cache.path.string());
    ASSERT_TRUE(first.status.ok());
    ASSERT_EQ(filesIn(cache.path).size(), 1u);
    const fs::path file = cache.path / filesIn(cache.path).front();
    const std::string whole = readAll(file);
    const std::vector<std::pair<const char *, std::string>> damaged = {
        {"truncated", whole.substr(0, whole.size() / 2)},
        {"header only", whole.substr(0, 40)},
        {"empty", std::string()},
        {"not ours", std::string(whole.size(), 'x')},
        {"table byte flipped", [&] {
             std::string d = whole;
             d[whole.find("text_model") + 3] ^= 0x20;
             return d;
         }()},
    };
    for (const auto &[what, bytes] : damaged) {
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
        LocalModel again;
        const Loaded l = load(again, fixture(), cache.path.string());
        ASSERT_TRUE(l.status.ok()) << what << ": " << l.status.message;
        EXPECT_TRUE(has(l, MatrixPacking::kQuantising)) << what << ": the damaged file was used";
        EXPECT_EQ(l.logits, first.logits) << what;
        EXPECT_EQ(readAll(file), whole) << what << ": not written again whole";
    }
}

TEST(WeightCache, AChangedCheckpointIsQuantisedAgain)
{
    TempDir cache("gc-weight-cache-changed"), copy("gc-weight-cache-model");
    fs::copy(fixture(), copy.path, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    const fs::path weights = copy.path / "model.safetensors";
    LocalModel m;
    ASSERT_TRUE(load(m, copy.path.string(), cache.path.string()).status.ok());
    ASSERT_TRUE(has(load(m, copy.path.string(), cache.path.string()), MatrixPacking::kFromCache));

    // a newer modification time alone
    fs::last_write_time(weights, fs::last_write_time(weights) + std::chrono::seconds(5));
    EXPECT_TRUE(has(load(m, copy.path.string(), cache.path.string()), MatrixPacking::kQuantising));
    EXPECT_TRUE(has(load(m, copy.path.string(), cache.path.string()), MatrixPacking::kFromCache));

    // other bytes of the same size under the same modification time
    const auto mtime = fs::last_write_time(weights);
    std::string bytes = readAll(weights);
    bytes[bytes.size() - 5] ^= 0x01; // a mantissa bit of the last tensor
    std::ofstream(weights, std::ios::binary | std::ios::trunc) << bytes;
    fs::last_write_time(weights, mtime);
    EXPECT_TRUE(has(load(m, copy.path.string(), cache.path.string()), MatrixPacking::kQuantising));
}

// A 16-bit token table much larger than a packing slice (a tied head's, say), packed from its file: it is widened a
// slice at a time, never whole, and packs to the bytes of the whole table widened.
TEST(WeightCache, A16BitTableIsWidenedASliceAtATimeWhilePacked)
{
    TempDir dir("gc-pack-slices");
    const int64_t rows = 8192, cols = 320; // 10 MB widened, the slice 4 MB
    std::vector<float> wide(size_t(rows * cols));
    std::string bytes(wide.size() * 2, '\0');
    for (size_t i = 0; i < wide.size(); ++i) {
        const uint16_t b = gc::quant::f32ToBf16(std::sin(float(i) * 0.37f) * 0.05f);
        wide[i] = gc::quant::bf16ToF32(b);
        std::memcpy(bytes.data() + 2 * i, &b, 2);
    }
    golden::writeSafetensors(dir.path / "model.safetensors", {{"embed_tokens.weight", {rows, cols}, bytes, "BF16"}});
    auto packing = std::make_shared<MatrixPacking>(std::string(), 0, nullptr);
    const gc::nn::WeightStore store(gc::io::SafeTensors::openFile((dir.path / "model.safetensors").string()), at::kCPU,
                                    gc::quant::WeightFormat::Q4, packing);
    const auto packed = store.packed("embed_tokens.weight");
    ASSERT_TRUE(packed);
    EXPECT_GT(packing->widenedBytes(), 0);
    EXPECT_LE(packing->widenedBytes(), gc::quant::kPackSliceFloats * int64_t(sizeof(float)));
    EXPECT_LT(packing->widenedBytes() * 2, rows * cols * int64_t(sizeof(float)));
    const gc::quant::QuantizedMatrix whole =
        gc::quant::QuantizedMatrix::fromF32(wide.data(), rows, cols, gc::quant::WeightFormat::Q4);
    ASSERT_EQ(packed->bytes(), whole.bytes());
    const gc::quant::MatrixView a = packed->view(), b = whole.view();
    EXPECT_EQ(std::memcmp(a.data, b.data, size_t(rows * a.blocksPerRow() * gc::quant::kBlock / 2)), 0);
    EXPECT_EQ(std::memcmp(a.scales, b.scales, size_t(rows * a.blocksPerRow()) * sizeof(float)), 0);
}

// A 16-bit token table is looked up where it is mapped, in its stored type: table() neither copies nor widens it,
// lookupRows widens the rows it reads, and the store counts the table at its stored size.
TEST(WeightCache, A16BitTokenTableIsLookedUpAsStored)
{
    TempDir dir("gc-table-lookup");
    const int64_t rows = 1000, cols = 64;
    std::vector<float> wide(size_t(rows * cols));
    std::string bytes(wide.size() * 2, '\0');
    for (size_t i = 0; i < wide.size(); ++i) {
        const uint16_t b = gc::quant::f32ToBf16(std::cos(float(i) * 0.11f));
        wide[i] = gc::quant::bf16ToF32(b);
        std::memcpy(bytes.data() + 2 * i, &b, 2);
    }
    golden::writeSafetensors(dir.path / "model.safetensors", {{"embed_tokens.weight", {rows, cols}, bytes, "BF16"}});
    const gc::nn::WeightStore store(gc::io::SafeTensors::openFile((dir.path / "model.safetensors").string()));
    const at::Tensor table = store.table("embed_tokens.weight");
    EXPECT_EQ(table.scalar_type(), at::kBFloat16);
    EXPECT_EQ(table.data_ptr(), store.file().find("embed_tokens.weight")->data); // the mapping itself
    const at::Tensor ids = at::tensor(std::vector<int64_t>{7, 0, 999, 7}, at::kLong).view({2, 2});
    const at::Tensor got = gc::nn::lookupRows(table, ids);
    ASSERT_EQ(got.scalar_type(), at::kFloat);
    ASSERT_EQ(got.sizes(), (std::vector<int64_t>{2, 2, cols}));
    const at::Tensor expected = at::from_blob(wide.data(), {rows, cols}, at::kFloat).index_select(0, ids.view(-1));
    EXPECT_TRUE(at::equal(got.view({4, cols}), expected));
    EXPECT_EQ(store.residentBytes(), rows * cols * 2);
}

// The buffer big products widen packed weights into (nn::linearPacked) is not kept once a request is over: a
// loaded model waiting for the next question holds its weights alone.
TEST(WeightCache, ARequestGivesTheWidenedWeightsBufferBack)
{
    LocalModel m;
    LoadParams p;
    p.settings.weights = "q8";
    ASSERT_TRUE(m.load(fixture(), p).ok());
    gc::runtime::GenerationParams g;
    g.maxNewTokens = 2;
    const auto r = m.generate(gc::io::loadImageRgb(fixture() + "/image0.png"), "<grounding>An image of", g);
    ASSERT_TRUE(r.status.ok()) << r.status.message;
    EXPECT_EQ(gc::nn::widenScratchBytes(), 0);
}
