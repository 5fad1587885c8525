#include "text/bpe_model.h"

#include "io/safetensors.h"
#include "text/byte_level.h"

#include <mutex>
#include <queue>
#include <unordered_map>

namespace gc::text {
namespace {

struct Merge {
    int32_t rank;
    int32_t merged;
};

uint64_t pairKey(int32_t a, int32_t b)
{
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}

// Words longer than this are merged every time: caching them would let one long input grow the cache.
constexpr size_t kMaxCachedWord = 256;
constexpr size_t kMaxCacheEntries = 10000;

} // namespace

struct BpeModel::Impl {
    std::unordered_map<std::string, int32_t> vocab;
    std::unordered_map<int32_t, std::string> tokens;
    std::unordered_map<uint64_t, Merge> merges;
    int32_t byteIds[256] = {};
    int32_t unk = -1;
    int64_t maxId = -1;
    bool ignoreMerges = false;
    mutable std::mutex cacheMutex;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache;

    void merge(std::string_view word, std::vector<int32_t> &out) const;
};

BpeModel::BpeModel(std::vector<std::pair<std::string, int64_t>> vocab,
                   const std::vector<std::pair<std::string, std::string>> &merges, const std::string &unk,
                   bool ignoreMerges, const std::string &source)
    : d(std::make_unique<Impl>())
{
    const auto fail = [&](const std::string &why) { throw io::FormatError(source + ": " + why); };
    d->vocab.reserve(vocab.size());
    d->tokens.reserve(vocab.size());
    for (auto &[tok, id] : vocab) {
        if (id < 0 || id > INT32_MAX)
            fail("token id " + std::to_string(id) + " out of range");
        if (!d->tokens.emplace(static_cast<int32_t>(id), tok).second)
            fail("id " + std::to_string(id) + " is given to two tokens");
        if (!d->vocab.emplace(std::move(tok), static_cast<int32_t>(id)).second)
            fail("token listed twice");
        d->maxId = std::max<int64_t>(d->maxId, id);
    }
    const auto idOf = [&](const std::string &t) {
        auto it = d->vocab.find(t);
        return it == d->vocab.end() ? -1 : it->second;
    };
    d->unk = unk.empty() ? -1 : idOf(unk);
    for (int b = 0; b < 256; ++b) {
        std::string ch = byte_level::encode(std::string(1, static_cast<char>(b)));
        d->byteIds[b] = idOf(ch);
        if (d->byteIds[b] < 0 && d->unk < 0)
            fail("the vocabulary lacks byte 0x" + std::string(1, "0123456789abcdef"[b >> 4])
                 + "0123456789abcdef"[b & 15] + " ('" + ch + "') and has no unknown token");
    }
    d->merges.reserve(merges.size());
    for (size_t r = 0; r < merges.size(); ++r) {
        const auto &[a, b] = merges[r];
        const int32_t ia = idOf(a), ib = idOf(b), im = idOf(a + b);
        if (ia < 0 || ib < 0 || im < 0)
            fail("merge " + std::to_string(r + 1) + " ('" + a + "' '" + b
                 + "') uses or makes a token not in the vocabulary");
        // a repeated pair takes its last rank, as the reference's rank table (a dict built in order) does
        d->merges.insert_or_assign(pairKey(ia, ib), Merge{static_cast<int32_t>(r), im});
    }
    d->ignoreMerges = ignoreMerges;
}

BpeModel::~BpeModel() = default;
BpeModel::BpeModel(BpeModel &&) noexcept = default;
BpeModel &BpeModel::operator=(BpeModel &&) noexcept = default;

// The symbols start as single bytes; the lowest-ranked adjacent pair is merged first, the leftmost among
// equal ranks (the reference's Word::merge_all), until no adjacent pair has a merge.
void BpeModel::Impl::merge(std::string_view word, std::vector<int32_t> &out) const
{
    const size_t n = word.size();
    std::vector<int32_t> sym(n), prev(n), next(n);
    for (size_t i = 0; i < n; ++i) {
        const int32_t b = byteIds[static_cast<unsigned char>(word[i])];
        sym[i] = b < 0 ? unk : b;
        prev[i] = static_cast<int32_t>(i) - 1;
        next[i] = i + 1 < n ? static_cast<int32_t>(i + 1) : -1;
    }
    struct Cand {
        int32_t rank, pos, left, right;
        bool operator>(const Cand &o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    std::priority_queue<Cand, std::vector<Cand>, std::greater<Cand>> queue;
    const auto push = [&](int32_t pos) {
        if (pos < 0 || next[pos] < 0)
            return;
        auto it = merges.find(pairKey(sym[pos], sym[next[pos]]));
        if (it != merges.end())
            queue.push({it->second.rank, pos, sym[pos], sym[next[pos]]});
    };
    for (size_t i = 0; i + 1 < n; ++i)
        push(static_cast<int32_t>(i));
    while (!queue.empty()) {
        const Cand c = queue.top();
        queue.pop();
        const int32_t r = next[c.pos];
        // stale: one side was merged into something else since this pair was queued
        if (sym[c.pos] != c.left || r < 0 || sym[r] != c.right)
            continue;
        sym[c.pos] = merges.at(pairKey(c.left, c.right)).merged;
        next[c.pos] = next[r];
        if (next[r] >= 0)
            prev[next[r]] = c.pos;
        sym[r] = -1;
        next[r] = -1;
        push(prev[c.pos]);
        push(c.pos);
    }
    for (int32_t i = n ? 0 : -1; i >= 0; i = next[i])
        if (sym[i] >= 0)
            out.push_back(sym[i]);
}

void BpeModel::encodeWord(std::string_view word, std::vector<int64_t> &out) const
{
    if (word.empty())
        return;
    if (d->ignoreMerges) {
        auto it = d->vocab.find(byte_level::encode(word));
        if (it != d->vocab.end()) {
            out.push_back(it->second);
            return;
        }
    }
    const bool cacheable = word.size() <= kMaxCachedWord;
    if (cacheable) {
        std::lock_guard<std::mutex> lock(d->cacheMutex);
        auto it = d->cache.find(std::string(word));
        if (it != d->cache.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    std::vector<int32_t> ids;
    d->merge(word, ids);
    out.insert(out.end(), ids.begin(), ids.end());
    if (cacheable) {
        std::lock_guard<std::mutex> lock(d->cacheMutex);
        if (d->cache.size() < kMaxCacheEntries)
            d->cache.emplace(std::string(word), std::move(ids));
    }
}

const std::string *BpeModel::token(int64_t id) const
{
    if (id < 0 || id > INT32_MAX)
        return nullptr;
    auto it = d->tokens.find(static_cast<int32_t>(id));
    return it == d->tokens.end() ? nullptr : &it->second;
}

int64_t BpeModel::id(const std::string &token) const
{
    auto it = d->vocab.find(token);
    return it == d->vocab.end() ? -1 : it->second;
}

int64_t BpeModel::maxId() const { return d->maxId; }
size_t BpeModel::size() const { return d->vocab.size(); }

} // namespace gc::text
