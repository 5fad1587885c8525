#include "io/hf_cache.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace gc::io {

std::string hfHubCacheDir()
{
    if (const char *c = std::getenv("HF_HUB_CACHE"); c && *c)
        return c;
    if (const char *h = std::getenv("HF_HOME"); h && *h)
        return (fs::path(h) / "hub").string();
    const char *home = std::getenv("HOME");
    return (fs::path(home ? home : ".") / ".cache" / "huggingface" / "hub").string();
}

std::string hfRepoFolderName(const std::string &repoId)
{
    std::string name = "models--" + repoId;
    for (size_t i = 0; (i = name.find('/', i)) != std::string::npos;)
        name.replace(i, 1, "--");
    return name;
}

std::string hfSnapshotFolder(const std::string &cacheDir, const std::string &repoId, const std::string &revision)
{
    const fs::path repo = fs::path(cacheDir) / hfRepoFolderName(repoId);
    std::string commit = revision;
    std::error_code ec;
    if (std::ifstream ref(repo / "refs" / revision); ref)
        std::getline(ref, commit);
    const fs::path snapshot = repo / "snapshots" / commit;
    return !commit.empty() && fs::is_directory(snapshot, ec) ? snapshot.string() : std::string();
}

} // namespace gc::io
