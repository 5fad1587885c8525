// A folder's weight bytes per format, read before loading (the app's format picker shows them): each is what
// the model holds once loaded in that format, and an architecture without small formats offers f32 alone.

#include "io/safetensors.h"
#include "quant/quantized_matrix.h"
#include "runtime/local_model.h"
#include "runtime/weight_budget.h"
#include "safetensors_writer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include <unistd.h>

namespace fs = std::filesystem;
namespace rt = gc::runtime;

namespace {
std::string fixture(const std::string &name = "kosmos2-tiny-a") { return std::string(GC_TEST_DATA) + "/" + name; }

// The fixture with its f32 tensors stored in bf16 (as most Hugging Face checkpoints are), in a temporary folder.
struct Fixture16 {
    fs::path path;
    explicit Fixture16(const std::string &name)
        : path(fs::temp_directory_path() / ("gc-budget16-" + name + "-" + std::to_string(::getpid())))
    {
        fs::remove_all(path);
        fs::create_directories(path);
        for (const auto &e : fs::directory_iterator(fixture(name)))
            if (e.path().extension() != ".npy" && e.path().filename() != "model.safetensors")
                fs::copy(e.path(), path / e.path().filename(), fs::copy_options::recursive);
        const gc::io::SafeTensors st = gc::io::SafeTensors::openFile(fixture(name) + "/model.safetensors");
        std::vector<golden::TensorEntry> entries;
        for (const auto &[n, t] : st.tensors()) {
            if (t.dtype != gc::io::DType::F32) {
                entries.push_back({n, t.shape, std::string(static_cast<const char *>(t.data), t.nbytes), t.dtypeText});
                continue;
            }
            std::string bytes(t.nbytes / 2, '\0');
            const auto *f = static_cast<const float *>(t.data);
            for (int64_t i = 0; i < t.numel(); ++i) {
                const uint16_t b = gc::quant::f32ToBf16(f[i]);
                std::memcpy(bytes.data() + 2 * i, &b, 2);
            }
            entries.push_back({n, t.shape, bytes, "BF16"});
        }
        golden::writeSafetensors(path / "model.safetensors", entries);
    }
    ~Fixture16() { fs::remove_all(path); }
};

std::vector<int64_t> bytesOf(const rt::WeightBudget &b)
{
    std::vector<int64_t> v;
    for (const rt::FormatBytes &f : b.formats)
        v.push_back(f.bytes);
    return v;
}
} // namespace

// Every architecture's fixture (tied and untied heads, encoder-decoder and decoder-only, CLIP, DaViT and
// Qwen vision towers): the budget read from the header is what a load in each format holds.
class WeightBudgetOf : public ::testing::TestWithParam<std::string> {};

TEST_P(WeightBudgetOf, EachFormatIsWhatTheModelLoadedInItHolds)
{
    const rt::WeightBudget budget = rt::weightBudget(fixture(GetParam()));
    ASSERT_TRUE(budget.status.ok()) << budget.status.message;
    std::vector<std::string> names;
    for (const rt::FormatBytes &f : budget.formats)
        names.push_back(f.format);
    EXPECT_EQ(names, (std::vector<std::string>{"f32", "bf16", "f16", "q8", "q4"}));
    for (const rt::FormatBytes &f : budget.formats) {
        rt::LocalModel model;
        rt::LoadParams params;
        params.settings.weights = f.format;
        ASSERT_TRUE(model.load(fixture(GetParam()), params).ok()) << f.format;
        EXPECT_EQ(model.info().parameterBytes, f.bytes) << f.format;
    }
    // the small formats do shrink it, in order
    EXPECT_GT(budget.formats[0].bytes, budget.formats[1].bytes);
    EXPECT_EQ(budget.formats[1].bytes, budget.formats[2].bytes);
    EXPECT_GT(budget.formats[2].bytes, budget.formats[3].bytes);
    EXPECT_GT(budget.formats[3].bytes, budget.formats[4].bytes);
}

// Stored in 16 bits, what is not packed is widened to f32 at load (norms, biases, conv kernels, and in f32 the
// matrices too) except the token tables, looked up as stored: the budget counts what is held, so no format holds
// more than from the f32 checkpoint, a lookup-only table holds half, and each format is again what a load in it
// holds.
TEST_P(WeightBudgetOf, A16BitCheckpointCountsWhatItWidens)
{
    const Fixture16 bf16(GetParam());
    const rt::WeightBudget stored32 = rt::weightBudget(fixture(GetParam()));
    const rt::WeightBudget stored16 = rt::weightBudget(bf16.path.string());
    ASSERT_TRUE(stored16.status.ok()) << stored16.status.message;
    const std::vector<int64_t> b32 = bytesOf(stored32), b16 = bytesOf(stored16);
    ASSERT_EQ(b16.size(), b32.size());
    for (size_t i = 0; i < b16.size(); ++i)
        EXPECT_LE(b16[i], b32[i]) << stored16.formats[i].format;
    for (const rt::FormatBytes &f : stored16.formats) {
        rt::LocalModel model;
        rt::LoadParams params;
        params.settings.weights = f.format;
        ASSERT_TRUE(model.load(bf16.path.string(), params).ok()) << f.format;
        EXPECT_EQ(model.info().parameterBytes, f.bytes) << f.format;
    }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, WeightBudgetOf,
                         ::testing::Values("kosmos2-tiny-a", "florence2-tiny", "qwen25vl-tiny-a", "llava-tiny-a"),
                         [](const auto &info) {
                             std::string n = info.param;
                             for (char &c : n)
                                 if (c == '-')
                                     c = '_';
                             return n;
                         });

TEST(WeightBudget, AMissingOrForeignFolderSaysWhy)
{
    const rt::WeightBudget missing = rt::weightBudget("/nonexistent/groundchat-model");
    EXPECT_EQ(missing.status.code, rt::StatusCode::NotFound);
    EXPECT_TRUE(missing.formats.empty());
    const rt::WeightBudget notAModel = rt::weightBudget(GC_TEST_DATA "/session-trust");
    EXPECT_FALSE(notAModel.status.ok());
    EXPECT_TRUE(notAModel.formats.empty());
}
