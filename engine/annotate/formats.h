#pragma once

// Export and import of annotation data: the entry points the CLI and the app's dialogs call.
//
// Every exporter renders the whole output in memory first, validates it, then writes it atomically
// (temporary file + rename; per-image formats write every file before renaming any), so a failed or
// cancelled export leaves no partial file. What no format can read back (a polygon of under 3 vertices, a point
// without a position, a mask without pixels, coordinates that are not numbers) is left out, and what reaches outside
// the image is clipped to it, each with a warning (detail::writableGeometry), so that an export always imports. Importers parse into a fresh Dataset and hand it back only when
// everything was read, so a malformed file is refused whole with a message naming its line and field.

#include "dataset.h"
#include "import_error.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gc::annot {

enum class Format { Coco, Odvg, Grit, RefCoco, Llava, Labelme };

struct FormatInfo {
    Format format;
    std::string id;          // command-line name: "coco", "odvg", "grit", "refcoco", "llava", "labelme"
    std::string displayName; // "COCO detection/segmentation JSON"
    std::string extension;   // ".json", ".jsonl"; empty for a directory (labelme: one file per image)
    bool perImageFiles = false;
    bool needsDialect = false; // llava: regions are written in a model's dialect
    std::string carries;       // what the format keeps (regions kinds, captions, turns, expressions)
    std::string coordinates;   // the coordinate convention, stated for users and `formats --json`
};

[[nodiscard]] const std::vector<FormatInfo> &formats();
[[nodiscard]] const FormatInfo *findFormat(const std::string &id);
[[nodiscard]] const FormatInfo &formatInfo(Format f);

enum class MaskEncoding { CompressedRle, UncompressedRle };

// Progress and cancel: called on the caller's thread between images. Cancel -> result "cancelled", no file.
struct Progress {
    std::function<void(size_t done, size_t total)> onProgress;
    std::function<bool()> shouldCancel;
};

struct ExportOptions {
    Format format = Format::Coco;
    std::string dialect;     // llava: a gc::dialects registry id ("qwen2-vl", "shikra"...)
    MaskEncoding masks = MaskEncoding::CompressedRle; // COCO and RefCOCO mask segmentations
    bool includeUnaccepted = false; // also export model regions the user did not accept
    bool sideFields = true;  // add the "groundchat" fields that make our own files round-trip exactly
    // The bytes of an image built into the app (a Qt resource path, ":/demo/..."), which the export copies
    // into "images/" beside its output; nullopt when it cannot be read or is not an image (never copied).
    // Unset: such images are named as they are, with a warning.
    std::function<std::optional<std::string>(const std::string &path)> readEmbeddedImage;
};

struct ExportResult {
    bool ok = false;
    bool cancelled = false;
    std::string error;
    std::vector<std::string> files;    // what was written
    std::vector<std::string> warnings; // regions the format cannot carry (counted per kind), ...
    size_t images = 0, regions = 0;
};

// Renders without writing: path -> contents (paths relative to `output` for per-image formats).
struct RenderedFile {
    std::string path;
    std::string contents;
};
struct Rendered {
    std::vector<RenderedFile> files;
    std::vector<std::string> warnings;
    size_t regions = 0;
};
// Throws std::runtime_error naming the problem when the data cannot be written in the format
// (e.g. a dialect that writes no coordinates, an export that fails the format's validation).
[[nodiscard]] Rendered renderDataset(const Dataset &d, const std::string &output, const ExportOptions &options,
                                     const Progress &progress = {});

// output: a file for single-file formats, a directory for labelme (created when missing).
[[nodiscard]] ExportResult exportDataset(const Dataset &d, const std::string &output, const ExportOptions &options,
                                         const Progress &progress = {});

struct ImportOptions {
    Format format = Format::Coco;
    std::string dialect; // llava files without side fields: the dialect their regions are written in
    // llava files without side fields carry no image sizes: the caller reads them from the images.
    std::function<SizeI(const std::string &imagePath)> imageSize;
};

struct ImportResult {
    bool ok = false;
    bool cancelled = false;
    ImportError error; // when !ok && !cancelled
    Dataset dataset;
    std::vector<std::string> warnings;
};

// input: a file, or for labelme a directory of per-image JSON files (or one such file).
[[nodiscard]] ImportResult importDataset(const std::string &input, const ImportOptions &options,
                                         const Progress &progress = {});
// Image names relative to a dataset or session file (COCO's file_name, our copies under "images/", a session's
// "path") are resolved against the file's `folder` when the image is there, not against the working directory.
[[nodiscard]] Dataset withImagesFound(Dataset d, const std::string &folder);

// Same, from text already in memory (one document; labelme: one image's file).
[[nodiscard]] ImportResult importText(const std::string &text, const std::string &name, const ImportOptions &options,
                                      const Progress &progress = {});

} // namespace gc::annot
