// The packed-weights cache file: what is written is read back exactly, and a file whose header lies (sizes,
// offsets, counts that point outside it, even under a correct table hash) is refused before any matrix is
// handed out, so nothing is ever read out of bounds.
#include "quant/packed_cache.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace gc::quant;

namespace {

// The file layout's table hash (packed_cache.cpp), so that a hostile table can carry a correct one.
uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i) {
        h ^= uint8_t(p[i]);
        h *= 1099511628211ull;
    }
    return h;
}

struct Fixture {
    fs::path dir = fs::temp_directory_path() / ("gc-packed-cache-" + std::to_string(::getpid()));
    std::string key = "a checkpoint\n";
    std::vector<QuantizedMatrix> matrices;
    std::string path;
    Fixture()
    {
        fs::create_directories(dir);
        path = PackedCacheFile::pathFor(dir.string(), key);
        std::mt19937 rng(3);
        std::normal_distribution<float> n(0.0f, 0.1f);
        for (const auto [rows, cols] : {std::pair<int64_t, int64_t>{3, 40}, {64, 64}}) {
            std::vector<float> w(size_t(rows * cols));
            for (float &v : w)
                v = n(rng);
            matrices.push_back(QuantizedMatrix::fromF32(w.data(), rows, cols, WeightFormat::Q4));
        }
        PackedCacheFile::write(path, key, WeightFormat::Q4, {{"a.weight", matrices[0].view()}, {"b.weight", matrices[1].view()}});
    }
    ~Fixture() { fs::remove_all(dir); }
    [[nodiscard]] std::string bytes() const
    {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }
    void rewrite(const std::string &b) const { std::ofstream(path, std::ios::binary | std::ios::trunc) << b; }
};

constexpr size_t kCountAt = 24, kTableBytesAt = 32, kTableHashAt = 40, kHeaderBytes = 48;

// The file with its table changed by `edit` (offsets relative to the table) and the table hash made right.
std::string withTable(std::string b, size_t keyBytes, const std::function<void(std::string &)> &edit)
{
    uint64_t tableBytes;
    std::memcpy(&tableBytes, b.data() + kTableBytesAt, 8);
    std::string table = b.substr(kHeaderBytes + keyBytes, tableBytes);
    edit(table);
    b.replace(kHeaderBytes + keyBytes, tableBytes, table);
    const uint64_t h = fnv1a(table.data(), table.size());
    std::memcpy(b.data() + kTableHashAt, &h, 8);
    return b;
}

} // namespace

TEST(PackedCache, ReadsBackWhatWasWritten)
{
    Fixture f;
    EXPECT_EQ(PackedCacheFile::open(f.path + ".absent", f.key, WeightFormat::Q4), nullptr);
    const auto c = PackedCacheFile::open(f.path, f.key, WeightFormat::Q4);
    ASSERT_NE(c, nullptr);
    ASSERT_EQ(c->matrices().size(), 2u);
    for (const auto &[name, i] : {std::pair<std::string, size_t>{"a.weight", 0}, {"b.weight", 1}}) {
        const MatrixView a = f.matrices[i].view(), b = c->matrices().at(name);
        ASSERT_EQ(b.rows, a.rows);
        ASSERT_EQ(b.cols, a.cols);
        EXPECT_EQ(std::memcmp(a.data, b.data, size_t(a.rows * a.blocksPerRow() * 16)), 0);
        EXPECT_EQ(std::memcmp(a.scales, b.scales, size_t(a.rows * a.blocksPerRow() * 4)), 0);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(b.scales) % 64, 0u);
    }
    // another key or format: refused
    EXPECT_THROW((void)PackedCacheFile::open(f.path, "another checkpoint\n", WeightFormat::Q4), std::runtime_error);
    EXPECT_THROW((void)PackedCacheFile::open(f.path, f.key, WeightFormat::Q8), std::runtime_error);
}

TEST(PackedCache, RefusesEveryTruncation)
{
    Fixture f;
    const std::string whole = f.bytes();
    for (size_t n = 0; n < whole.size(); n += (n < 200 ? 1 : 61)) {
        f.rewrite(whole.substr(0, n));
        EXPECT_THROW((void)PackedCacheFile::open(f.path, f.key, WeightFormat::Q4), std::runtime_error) << n << " bytes";
    }
}

TEST(PackedCache, RefusesAHostileTableEvenWithItsHashRight)
{
    Fixture f;
    const std::string whole = f.bytes();
    const size_t keyBytes = f.key.size();
    // per matrix: u32 name bytes, name, i64 rows, i64 cols, u64 data offset, u64 scales offset
    const size_t rowsAt = 4 + 8, dataAt = rowsAt + 16, scalesAt = dataAt + 8;
    const auto put = [](std::string &t, size_t at, uint64_t v) { std::memcpy(t.data() + at, &v, 8); };
    const std::vector<std::pair<const char *, std::function<void(std::string &)>>> lies = {
        {"data beyond the end", [&](std::string &t) { put(t, dataAt, uint64_t(1) << 40); }},
        {"data offset wrapping around", [&](std::string &t) { put(t, dataAt, ~uint64_t(63)); }},
        {"scales beyond the end", [&](std::string &t) { put(t, scalesAt, whole.size() - 64 + 64); }},
        {"unaligned data", [&](std::string &t) { put(t, dataAt, 1 + 64 * 2); }},
        {"data over the header", [&](std::string &t) { put(t, dataAt, 0); }},
        {"huge rows", [&](std::string &t) { put(t, rowsAt, uint64_t(1) << 40); }},
        {"rows that fit only by overflow", [&](std::string &t) { put(t, rowsAt, uint64_t(1) << 62); }},
        {"negative rows", [&](std::string &t) { put(t, rowsAt, uint64_t(-3)); }},
        {"a name longer than the table", [&](std::string &t) { const uint32_t n = 1u << 30; std::memcpy(t.data(), &n, 4); }},
    };
    for (const auto &[what, edit] : lies) {
        f.rewrite(withTable(whole, keyBytes, edit));
        try {
            (void)PackedCacheFile::open(f.path, f.key, WeightFormat::Q4);
            ADD_FAILURE() << what << ": accepted";
        } catch (const std::runtime_error &e) {
            // refused by the bounds checks themselves: the hash was right
            EXPECT_EQ(std::string(e.what()).find("damaged"), std::string::npos) << what << ": " << e.what();
        }
    }
    // more matrices than the table holds
    std::string more = whole;
    const uint64_t count = 1000000;
    std::memcpy(more.data() + kCountAt, &count, 8);
    f.rewrite(more);
    EXPECT_THROW((void)PackedCacheFile::open(f.path, f.key, WeightFormat::Q4), std::runtime_error);
    // the same table under a wrong hash
    f.rewrite(withTable(whole, keyBytes, [](std::string &t) { t[6] ^= 1; }).replace(kTableHashAt, 1, 1, '\x5a'));
    EXPECT_THROW((void)PackedCacheFile::open(f.path, f.key, WeightFormat::Q4), std::runtime_error);
}

TEST(PackedCache, TrimmingRemovesTheLeastRecentlyUsedFirst)
{
    Fixture f;
    const uint64_t one = fs::file_size(f.path);
    const std::string older = (f.dir / "0000000000000001.gcpack").string();
    fs::copy_file(f.path, older);
    fs::last_write_time(older, fs::last_write_time(f.path) - std::chrono::hours(1));
    fs::copy_file(f.path, (f.dir / "unrelated.txt").string());
    EXPECT_EQ(trimPackedCache(f.dir.string(), one), one);
    EXPECT_FALSE(fs::exists(older));
    EXPECT_TRUE(fs::exists(f.path));
    // a limit of nothing clears the folder of cache files, but never `keep`, nor other files
    EXPECT_EQ(trimPackedCache(f.dir.string(), 0, f.path), 0u);
    EXPECT_TRUE(fs::exists(f.path));
    EXPECT_EQ(trimPackedCache(f.dir.string(), 0), one);
    EXPECT_FALSE(fs::exists(f.path));
    EXPECT_TRUE(fs::exists(f.dir / "unrelated.txt"));
}
