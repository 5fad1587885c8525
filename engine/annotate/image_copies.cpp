#include "image_copies.h"

#include <filesystem>
#include <map>
#include <set>

namespace gc::annot {

namespace fs = std::filesystem;

namespace {
const char *const kImagesFolder = "images";
} // namespace

bool isEmbeddedImage(const std::string &path)
{
    return path.rfind(":/", 0) == 0 || path.rfind("qrc:/", 0) == 0;
}

ImageCopies copyEmbeddedImages(Dataset &d, const std::string &output, bool perImageFiles, const ExportOptions &o)
{
    ImageCopies out;
    std::map<std::string, std::string> copyOf; // resource -> its name under images/
    std::set<std::string> taken;
    size_t unreadable = 0;
    std::string firstUnreadable;
    for (ImageRecord &im : d.images) {
        if (!isEmbeddedImage(im.path))
            continue;
        if (const auto known = copyOf.find(im.path); known != copyOf.end()) {
            im.path = known->second;
            continue;
        }
        const std::optional<std::string> bytes = o.readEmbeddedImage ? o.readEmbeddedImage(im.path) : std::nullopt;
        if (!bytes) {
            if (!unreadable++)
                firstUnreadable = im.path;
            continue;
        }
        const fs::path own = fs::path(im.path.substr(im.path.find(":/") + 2)).filename();
        const std::string stem = own.stem().empty() ? "image" : own.stem().string();
        std::string name = stem + own.extension().string();
        for (int n = 2; !taken.insert(name).second; ++n)
            name = stem + "-" + std::to_string(n) + own.extension().string();
        const std::string relative = (fs::path(kImagesFolder) / name).generic_string();
        const fs::path written = perImageFiles ? fs::path(relative) : fs::path(output).parent_path() / relative;
        out.files.push_back({written.string(), *bytes});
        copyOf[im.path] = relative;
        im.path = relative;
    }
    if (unreadable)
        out.warnings.push_back(std::to_string(unreadable) + " image(s) built into the app were not copied beside the "
                               "export (missing, or not an image) and keep their resource names (" + firstUnreadable +
                               ")");
    return out;
}

} // namespace gc::annot
