#pragma once

// The LLaVA reference fixtures of tests/data (every llava-tiny-* folder: batch 1 or a left-padded batch), with
// their prompts and images in row order.

#include "golden_util.h"

#include "io/image_loader.h"
#include "io/model_folder.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace golden {

struct LlavaFixture {
    std::string dir;
    nlohmann::json index;
    std::vector<std::string> prompts;  // row b's prompt as the processor got it
    std::vector<gc::io::RgbImage> images; // row b's image
};

inline std::vector<LlavaFixture> llavaFixtures()
{
    std::vector<std::string> dirs;
    for (const auto &e : std::filesystem::directory_iterator(GC_TEST_DATA))
        if (e.is_directory() && e.path().filename().string().rfind("llava-tiny-", 0) == 0)
            dirs.push_back(e.path().string());
    std::sort(dirs.begin(), dirs.end());
    std::vector<LlavaFixture> out;
    for (const std::string &d : dirs) {
        LlavaFixture f;
        f.dir = d;
        f.index = gc::io::readJsonFile(d + "/index.json");
        f.prompts = f.index["prompts"].get<std::vector<std::string>>();
        for (auto it = f.index["images"].begin(); it != f.index["images"].end(); ++it) // sorted: image0, image1, ...
            f.images.push_back(gc::io::loadImageRgb(d + "/" + it.key()));
        out.push_back(std::move(f));
    }
    return out;
}

// Row b of [B, L] without its padding (attention mask 0).
inline std::vector<int64_t> unpadded(const at::Tensor &ids, const at::Tensor &mask, int64_t b)
{
    std::vector<int64_t> out;
    for (int64_t i = 0; i < ids.size(1); ++i)
        if (mask[b][i].item<int64_t>() == 1)
            out.push_back(ids[b][i].item<int64_t>());
    return out;
}

} // namespace golden
