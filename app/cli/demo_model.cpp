#include "demo_model.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace gc::cli {

std::string demoModelDir()
{
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char *env = std::getenv("GC_DEMO_MODEL"))
        candidates.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        candidates.push_back(exe.parent_path().parent_path() / "share/groundchat/models/demo-kosmos2");
    candidates.emplace_back(GC_DEMO_MODEL_SOURCE_DIR); // app/CMakeLists.txt: the source tree of this build
    for (const fs::path &c : candidates)
        if (fs::exists(c / "config.json", ec) && fs::exists(c / "model.safetensors", ec))
            return c.lexically_normal().string();
    return {};
}

} // namespace gc::cli
