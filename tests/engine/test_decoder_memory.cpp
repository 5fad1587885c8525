// Memory of every dialect's decoder on adversarial answers: an open tag repeated without its close, one
// open tag followed by megabytes of text, malformed groups repeated. The peak of live heap bytes during the decode
// (a counting allocator: this file replaces the global operator new, so it is its own test executable) must stay
// a small multiple of the input (plus the regions the answer really holds), whatever the dialect makes of it.
#include "dialects/registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <new>
#include <set>
#include <string>

namespace {

std::atomic<size_t> g_live{0}, g_peak{0};

void *counted(size_t n)
{
    void *p = std::malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    const size_t now = g_live += malloc_usable_size(p);
    for (size_t peak = g_peak; now > peak && !g_peak.compare_exchange_weak(peak, now);) {
    }
    return p;
}

void uncounted(void *p) noexcept
{
    if (p) {
        g_live -= malloc_usable_size(p);
        std::free(p);
    }
}

} // namespace

void *operator new(size_t n) { return counted(n); }
void *operator new[](size_t n) { return counted(n); }
void operator delete(void *p) noexcept { uncounted(p); }
void operator delete[](void *p) noexcept { uncounted(p); }
void operator delete(void *p, size_t) noexcept { uncounted(p); }
void operator delete[](void *p, size_t) noexcept { uncounted(p); }

using namespace gc;

namespace {

// Bytes of heap per input byte a decode may hold at its peak: the clean text and its sanitised copy, the
// builder's buffer growth, and the regions of whatever the answer really contains.
constexpr size_t kBytesPerInputByte = 16;

std::string repeated(size_t size, const std::string &unit, const std::string &head = {})
{
    std::string s = head;
    s.reserve(size + unit.size());
    while (s.size() < size)
        s += unit;
    return s;
}

// Open tags and prefixes of every family (dialects.md), each repeated alone, and once followed by a long text.
const std::vector<std::string> kUnits = {
    "<ref>", "<box>", "<quad>", "<|object_ref_start|>", "<|box_start|>", "<|quad_start|>", "<|ref|>", "<|det|>",
    "<p>", "<phrase>", "<object>", "<patch_index_0001>", "<grounding>", "<loc_12>", "<loc0012>", "<seg>", "<point",
    "<point x=\"1\"", "<points", "<bbox>", "<delim>", "<g_s>", "<roi>", "<r1>", "[", "[[", "{", "(", "{\"bbox_2d\": [",
    "```json\n[", "<ref>a</ref>", "<box>(x)</box>", "<box>[[1,2,3]]</box>", "<p>a</p>", "<|det|>[[1]]<|/det|>",
    "[0.1,", "<>", "<",
};

// A region the answer really holds (a "<seg>" of 5 bytes is one) costs its Region and Entity: that much more.
constexpr size_t kBytesPerRegion = 1024;

struct Peak {
    size_t bytes = 0;
    size_t regions = 0;
    [[nodiscard]] size_t bound(size_t input) const { return kBytesPerInputByte * input + kBytesPerRegion * regions; }
};

Peak peakOfDecode(const Dialect &d, const std::string &raw, const DecodeOptions &o)
{
    g_peak = g_live.load();
    const size_t before = g_live;
    const GroundedText t = d.decode(raw, o);
    return {g_peak - before, t.regionCount()};
}

} // namespace

TEST(DecoderMemory, RefRepeatedFor4MBStaysLinear)
{
    // the reported case: ~840 MB for qwen-vl and internvl
    const std::string raw = repeated(4u << 20, "<ref>");
    for (const char *id : {"qwen-vl", "internvl"}) {
        DecodeOptions o;
        o.imageSize = {640, 480};
        const Peak peak = peakOfDecode(*dialects::find(id), raw, o);
        std::printf("%s: %zu bytes at the peak for %zu input bytes\n", id, peak.bytes, raw.size());
        EXPECT_EQ(peak.regions, 0u);
        EXPECT_LE(peak.bytes, kBytesPerInputByte * raw.size()) << id;
    }
}

TEST(DecoderMemory, EveryDialectStaysLinearOnRepeatedAndUnclosedTags)
{
    constexpr size_t kSize = 128u << 10; // the bound is per byte: a smaller input keeps 21 dialects x 76 inputs quick
    std::vector<std::string> inputs;
    for (const std::string &u : kUnits) {
        inputs.push_back(repeated(kSize, u));
        inputs.push_back(repeated(kSize, "a", u)); // one open tag, then a megabyte before any close
    }
    for (const Dialect *d : dialects::all()) {
        std::set<std::string> tasks = {""};
        for (const TaskPrompt &t : d->info().tasks)
            tasks.insert(t.token); // families whose grammar depends on the task
        size_t worst = 0;
        for (const std::string &task : tasks)
            for (bool partial : {false, true})
                for (const std::string &raw : inputs) {
                    DecodeOptions o;
                    o.imageSize = {640, 480};
                    o.task = task;
                    o.partial = partial;
                    const Peak peak = peakOfDecode(*d, raw, o);
                    worst = std::max(worst, peak.bytes / raw.size());
                    EXPECT_LE(peak.bytes, peak.bound(raw.size()))
                        << d->info().id << " task '" << task << "' partial " << partial << ": " << peak.bytes / raw.size()
                        << " bytes per input byte, " << peak.regions << " regions, on " << raw.substr(0, 40);
                }
        std::printf("%-16s at most %zu bytes per input byte\n", d->info().id.c_str(), worst);
    }
}
