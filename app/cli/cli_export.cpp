// `formats`, `export` and `import`: the annotation formats of engine/annotate on the command line.
#include "cli_export.h"

#include "annotate/atomic_file.h"
#include "annotate/embedded_image.h"
#include "annotate/formats.h"
#include "annotate/session_format.h"
#include "args.h"
#include "dialects/registry.h"
#include "io/image_loader.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>

namespace gc::cli {

namespace {

const annot::FormatInfo &formatArg(const Args &args)
{
    const std::string id = args.required("format");
    const annot::FormatInfo *f = annot::findFormat(id);
    if (!f) {
        std::string known;
        for (const annot::FormatInfo &i : annot::formats())
            known += (known.empty() ? "" : ", ") + i.id;
        throw UsageError("unknown format '" + id + "' (one of: " + known + ")");
    }
    return *f;
}

void printWarnings(const std::vector<std::string> &warnings)
{
    for (const std::string &w : warnings)
        std::fprintf(stderr, "warning: %s\n", w.c_str());
}

} // namespace

int runFormats(const std::vector<std::string> &argv)
{
    const Args args(argv, {}, {"json"});
    if (args.has("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const annot::FormatInfo &f : annot::formats())
            out.push_back({{"id", f.id},
                           {"name", f.displayName},
                           {"extension", f.extension},
                           {"perImageFiles", f.perImageFiles},
                           {"needsDialect", f.needsDialect},
                           {"carries", f.carries},
                           {"coordinates", f.coordinates}});
        std::cout << out.dump(1) << std::endl;
        return 0;
    }
    for (const annot::FormatInfo &f : annot::formats())
        std::printf("%-8s %s\n         carries: %s\n         coordinates: %s\n", f.id.c_str(), f.displayName.c_str(),
                    f.carries.c_str(), f.coordinates.c_str());
    return 0;
}

int runExport(const std::vector<std::string> &argv)
{
    const Args args(argv, {"session", "format", "output", "dialect", "masks"}, {"include-unaccepted", "no-side-fields"});
    const std::string session = args.required("session");
    const annot::FormatInfo &format = formatArg(args);
    const std::string output = args.required("output");
    annot::ExportOptions o;
    o.format = format.format;
    o.includeUnaccepted = args.has("include-unaccepted");
    o.sideFields = !args.has("no-side-fields");
    o.readEmbeddedImage = readEmbeddedImage; // the demo scenes are built into this program too
    if (format.needsDialect) {
        o.dialect = args.value("dialect").value_or("qwen2-vl");
        if (!dialects::find(o.dialect))
            throw UsageError("unknown dialect '" + o.dialect + "' (see: groundchat-cli dialects)");
    }
    if (const auto m = args.value("masks")) {
        if (*m != "rle" && *m != "rle-counts")
            throw UsageError("--masks must be rle (compressed) or rle-counts (run list)");
        o.masks = *m == "rle" ? annot::MaskEncoding::CompressedRle : annot::MaskEncoding::UncompressedRle;
    }
    std::error_code ec;
    if (std::filesystem::equivalent(session, output, ec))
        throw UsageError("--output " + output + " is the session file itself; the export would overwrite it");
    const annot::ImportResult in = annot::readSessionFile(session);
    if (!in.ok)
        throw InputError(in.error.describe());
    const annot::ExportResult r = annot::exportDataset(in.dataset, output, o);
    if (!r.ok)
        throw InputError(r.error);
    printWarnings(r.warnings);
    std::fprintf(stderr, "exported %zu image(s), %zu region(s) as %s to %s\n", r.images, r.regions, format.id.c_str(),
                 output.c_str());
    return 0;
}

int runImport(const std::vector<std::string> &argv)
{
    const Args args(argv, {"format", "input", "output", "dialect"}, {});
    const annot::FormatInfo &format = formatArg(args);
    const std::string input = args.required("input");
    const std::string output = args.required("output");
    annot::ImportOptions o;
    o.format = format.format;
    o.dialect = args.value("dialect").value_or("");
    if (!o.dialect.empty() && !dialects::find(o.dialect))
        throw UsageError("unknown dialect '" + o.dialect + "' (see: groundchat-cli dialects)");
    // conversation files of other tools carry no image sizes: read them from the images' headers (no
    // pixel is decoded, so any size is fine here)
    o.imageSize = [](const std::string &path) -> SizeI {
        try {
            const io::ImageSize s = io::checkImageSize(path, std::numeric_limits<int64_t>::max());
            return {s.width, s.height};
        } catch (const std::exception &) {
            return {};
        }
    };
    const annot::ImportResult r = annot::importDataset(input, o);
    if (!r.ok)
        throw InputError(r.error.describe());
    printWarnings(r.warnings);
    std::string error;
    if (!annot::writeFileAtomic(output, annot::writeSession(r.dataset), &error))
        throw InputError(error);
    size_t regions = 0;
    for (const annot::ImageRecord &im : r.dataset.images)
        regions += im.regions.size();
    std::fprintf(stderr, "imported %zu image(s), %zu region(s) into %s\n", r.dataset.images.size(), regions,
                 output.c_str());
    return 0;
}

} // namespace gc::cli
