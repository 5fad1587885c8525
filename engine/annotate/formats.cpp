// The format table and the export/import entry points (formats.h); the codecs live one per file.
#include "formats.h"
#include "atomic_file.h"
#include "codecs.h"
#include "image_copies.h"

#include <algorithm>
#include <filesystem>

namespace gc::annot {

namespace fs = std::filesystem;

const std::vector<FormatInfo> &formats()
{
    static const std::vector<FormatInfo> table = {
        {Format::Coco, "coco", "COCO detection/segmentation JSON", ".json", false, false,
         "boxes, polygons, quads, masks and marks (RLE), points (keypoints); categories from labels",
         "pixels, origin at the image's top-left corner; bbox [x, y, width, height]; polygons [x1, y1, x2, y2, ...]; "
         "masks as whole-image RLE, column-major; points as keypoints [x, y, 2] (\"point\" or \"background point\")"},
        {Format::Odvg, "odvg", "ODVG JSONL (Grounding-DINO training)", ".jsonl", false, false,
         "boxes (other regions as their bounding boxes); grounded captions (grounding lines) or labelled instances "
         "(detection lines + label map)",
         "pixels, origin at the image's top-left corner; bbox [x1, y1, x2, y2]; tokens_positive in caption "
         "characters"},
        {Format::Grit, "grit", "Kosmos-2 GrIT-style JSONL", ".jsonl", false, false,
         "grounded caption: phrase spans and their boxes",
         "boxes normalised to 0..1 of the image width/height, [x1, y1, x2, y2]; spans in caption characters"},
        {Format::RefCoco, "refcoco", "RefCOCO-style referring expressions JSON", ".json", false, false,
         "referring expressions -> one region each (box, polygon or mask) with COCO images/annotations",
         "COCO's: pixels, top-left origin, bbox [x, y, width, height], polygons or RLE masks"},
        {Format::Llava, "llava", "LLaVA/ShareGPT conversation JSON", ".json", false, true,
         "conversations; regions written into the turns in the chosen dialect",
         "the chosen dialect's own (e.g. qwen2-vl 0..1000 integers, shikra 0..1 of the padded square, kosmos2 "
         "32x32 patch indices); exact pixel regions in the \"groundchat\" side fields"},
        {Format::Labelme, "labelme", "labelme JSON (one file per image)", "", true, false,
         "rectangles, polygons, points, masks and marks (base64 PNG)",
         "pixels, origin at the image's top-left corner; rectangle [[x1, y1], [x2, y2]]; mask PNG cropped to "
         "its box, points = first and last pixel"},
    };
    return table;
}

const FormatInfo *findFormat(const std::string &id)
{
    for (const FormatInfo &f : formats())
        if (f.id == id)
            return &f;
    return nullptr;
}

const FormatInfo &formatInfo(Format f)
{
    for (const FormatInfo &info : formats())
        if (info.format == f)
            return info;
    return formats().front();
}

Rendered renderDataset(const Dataset &input, const std::string &output, const ExportOptions &o, const Progress &p)
{
    detail::SkipCounter unwritable;
    Dataset d = detail::writableGeometry(o.includeUnaccepted ? input : exportableOnly(input), unwritable);
    const ImageCopies copies = copyEmbeddedImages(d, output, formatInfo(o.format).perImageFiles, o);
    Rendered r;
    switch (o.format) {
    case Format::Coco: r = detail::renderCoco(d, o, p); break;
    case Format::Odvg: r = detail::renderOdvg(d, output, o, p); break;
    case Format::Grit: r = detail::renderGrit(d, o, p); break;
    case Format::RefCoco: r = detail::renderRefCoco(d, o, p); break;
    case Format::Llava: r = detail::renderLlava(d, o, p); break;
    case Format::Labelme: r = detail::renderLabelme(d, o, p); break;
    }
    detail::tick(p, d.images.size(), d.images.size());
    r.files.insert(r.files.end(), copies.files.begin(), copies.files.end());
    r.warnings.insert(r.warnings.end(), copies.warnings.begin(), copies.warnings.end());
    unwritable.flush(r.warnings);
    return r;
}

ExportResult exportDataset(const Dataset &d, const std::string &output, const ExportOptions &o, const Progress &p)
{
    ExportResult result;
    result.images = d.images.size();
    try {
        const Rendered r = renderDataset(d, output, o, p);
        const bool perImage = formatInfo(o.format).perImageFiles;
        std::vector<std::pair<std::string, std::string>> files;
        for (const RenderedFile &f : r.files) {
            // single-file formats: "" is the output itself, other names are side files beside it
            const std::string path = f.path.empty() ? output : perImage ? (fs::path(output) / f.path).string() : f.path;
            // the output folder of per-image formats, and "images/" for copies of built-in images
            if (const fs::path folder = fs::path(path).parent_path(); !folder.empty()) {
                std::error_code ec;
                fs::create_directories(folder, ec);
                if (ec) {
                    result.error = folder.string() + ": cannot create the folder (" + ec.message() + ")";
                    result.files.clear();
                    return result;
                }
            }
            files.emplace_back(path, f.contents);
            result.files.push_back(path);
        }
        if (!writeFilesAtomic(files, &result.error)) {
            result.files.clear();
            return result;
        }
        result.warnings = r.warnings;
        result.regions = r.regions;
        result.ok = true;
    } catch (const detail::Cancelled &) {
        result.cancelled = true;
        result.error = "cancelled";
    } catch (const std::exception &e) {
        result.error = e.what();
    }
    return result;
}

namespace {

Dataset parse(const std::string &text, const std::string &name, const ImportOptions &o, const Progress &p,
              std::vector<std::string> &warn)
{
    switch (o.format) {
    case Format::Coco: return detail::parseCoco(text, name, p, warn);
    case Format::Odvg: return detail::parseOdvg(text, name, p, warn);
    case Format::Grit: return detail::parseGrit(text, name, p, warn);
    case Format::RefCoco: return detail::parseRefCoco(text, name, p, warn);
    case Format::Llava: return detail::parseLlava(text, name, o, p, warn);
    case Format::Labelme: return {{detail::parseLabelme(text, name, warn)}};
    }
    return {};
}

template <typename Fn> ImportResult guarded(Fn &&fn)
{
    ImportResult result;
    try {
        result.dataset = fn(result.warnings);
        result.ok = true;
    } catch (const detail::Cancelled &) {
        result.cancelled = true;
        result.error.message = "cancelled";
    } catch (const ImportFailure &e) {
        result.error = e.error;
    } catch (const std::exception &e) {
        result.error.message = e.what();
    }
    if (!result.ok)
        result.dataset = {}; // never half-applied: all or nothing
    return result;
}

} // namespace

Dataset withImagesFound(Dataset d, const std::string &folder)
{
    const fs::path base(folder);
    for (ImageRecord &im : d.images) {
        const fs::path path(im.path);
        std::error_code ec;
        if (path.is_relative() && fs::is_regular_file(base / path, ec))
            im.path = fs::absolute(base / path, ec).lexically_normal().string();
    }
    return d;
}

ImportResult importText(const std::string &text, const std::string &name, const ImportOptions &o, const Progress &p)
{
    return guarded([&](std::vector<std::string> &warn) { return parse(text, name, o, p, warn); });
}

ImportResult importDataset(const std::string &input, const ImportOptions &o, const Progress &p)
{
    return guarded([&](std::vector<std::string> &warn) {
        if (o.format == Format::Labelme && fs::is_directory(input)) {
            std::vector<fs::path> files;
            for (const auto &entry : fs::directory_iterator(input))
                if (entry.is_regular_file() && entry.path().extension() == ".json")
                    files.push_back(entry.path());
            std::sort(files.begin(), files.end());
            Dataset d;
            for (size_t i = 0; i < files.size(); ++i) {
                detail::tick(p, i, files.size());
                d.images.push_back(detail::parseLabelme(readWholeFile(files[i].string()), files[i].string(), warn));
            }
            return withImagesFound(std::move(d), input);
        }
        return withImagesFound(parse(readWholeFile(input), input, o, p, warn), fs::path(input).parent_path().string());
    });
}

} // namespace gc::annot
