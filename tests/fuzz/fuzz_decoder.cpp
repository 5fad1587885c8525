// libFuzzer target for one dialect's decoder (GC_FUZZ_DIALECT), also compiled into a plain replay test.
//
// Input layout: byte 0 = flags (bit 0 partial, bit 1 image size known, bits 2..6 task index),
// bytes 1..4 = image width/height (uint16 each, +1), the rest = the model's raw output.
// Besides "no crash, no UB", it checks invariants every decoder promises.
#include "dialects/registry.h"
#include "dialects/streaming_decoder.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

void checkResult(const gc::GroundedText &t)
{
    for (const gc::Entity &e : t.entities) {
        if (e.hasSpan && (e.span.begin > e.span.end))
            fail("span begin > end");
        for (const gc::Region &r : e.regions) {
            const double v[] = {r.box.x1, r.box.y1, r.box.x2, r.box.y2};
            for (double x : v) {
                if (!std::isfinite(x))
                    fail("non-finite coordinate");
                if (t.normalized && (x < 0 || x > 1))
                    fail("normalised coordinate outside [0,1]");
            }
            for (const gc::PointF &p : r.points)
                if (!std::isfinite(p.x) || !std::isfinite(p.y) || (t.normalized && (p.x < 0 || p.x > 1 || p.y < 0 || p.y > 1)))
                    fail("bad point");
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const gc::Dialect *dialect = gc::dialects::find(GC_FUZZ_DIALECT);
    if (!dialect)
        fail("dialect missing");
    if (size < 5)
        return 0;
    const uint8_t flags = data[0];
    gc::DecodeOptions options;
    options.partial = flags & 1;
    if (flags & 2) {
        options.imageSize = {1 + (data[1] | (data[2] << 8)), 1 + (data[3] | (data[4] << 8))};
    } else {
        options.imageSize = {640, 480};
    }
    const auto &tasks = dialect->info().tasks;
    const size_t task = (flags >> 2) & 0x1f;
    if (!tasks.empty() && task < tasks.size())
        options.task = tasks[task].token.empty() ? tasks[task].id : tasks[task].token;
    if (dialect->info().caps.proposals)
        options.proposals = {{0.1, 0.1, 0.5, 0.5}, {0.2, 0.3, 0.9, 0.8}, {0, 0, 1, 1}};
    const std::string_view raw(reinterpret_cast<const char *>(data + 5), size - 5);

    const gc::GroundedText whole = dialect->decode(raw, options);
    checkResult(whole);

    // Streaming in uneven chunks must end where the one-shot decode ends.
    if (raw.size() < 4096) {
        gc::DecodeOptions full = options;
        full.partial = false;
        gc::StreamingDecoder stream(*dialect, full);
        size_t pos = 0, step = 1 + (flags % 7);
        while (pos < raw.size()) {
            const size_t n = std::min(step, raw.size() - pos);
            stream.feed(raw.substr(pos, n));
            checkResult(stream.current());
            pos += n;
            step = step % 11 + 1;
        }
        const gc::GroundedText streamed = stream.finish();
        const gc::GroundedText direct = dialect->decode(raw, full);
        if (streamed.text != direct.text || streamed.regionCount() != direct.regionCount())
            fail("streamed result differs from the one-shot decode");
    }
    return 0;
}
