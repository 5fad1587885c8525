#include "demo/model_location.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace gc::demo {

std::string modelDir()
{
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char *env = std::getenv("GC_DEMO_MODEL"); env && *env)
        candidates.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        candidates.push_back(exe.parent_path().parent_path() / "share/groundchat/models/demo-kosmos2");
    // a compile definition (engine/demo/CMakeLists.txt) rather than __FILE__, which a compiler cache or a
    // relative build path can make relative
    candidates.emplace_back(GC_DEMO_MODEL_SOURCE_DIR);
    for (const fs::path &c : candidates)
        if (fs::exists(c / "config.json", ec) && fs::exists(c / "model.safetensors", ec))
            return fs::absolute(c, ec).lexically_normal().string();
    return {};
}

} // namespace gc::demo
