// libFuzzer target for one annotation importer (GC_FUZZ_FORMAT: "coco", "labelme", ...), also compiled into a plain
// replay test. The input is the file's text. Besides "no crash, no UB": whatever imports exports again in the same
// format (with side fields) into something the importer reads back, or the export refuses with a message.
#include "annotate/formats.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {

[[noreturn]] void fail(const std::string &what)
{
    std::fprintf(stderr, "invariant broken: %s\n", what.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace gc::annot;
    static const FormatInfo *info = findFormat(GC_FUZZ_FORMAT);
    if (!info)
        fail("format missing");
    ImportOptions io;
    io.format = info->format;
    io.dialect = "qwen2-vl";
    io.imageSize = [](const std::string &) { return gc::SizeI{640, 480}; };
    const ImportResult in = importText(std::string(reinterpret_cast<const char *>(data), size), "fuzz", io);
    if (!in.ok)
        return 0;
    ExportOptions o;
    o.format = info->format;
    o.dialect = "qwen2-vl";
    o.includeUnaccepted = true;
    Rendered out;
    try {
        out = renderDataset(in.dataset, "fuzz" + info->extension, o);
    } catch (const std::runtime_error &) {
        return 0; // refused with a message
    }
    for (const RenderedFile &f : out.files) {
        if (!f.path.empty() && f.path.find(".label_map.") != std::string::npos)
            continue; // ODVG's side file
        const ImportResult back = importText(f.contents, "again", io);
        if (!back.ok)
            fail("the export does not import: " + back.error.describe());
    }
    return 0;
}
