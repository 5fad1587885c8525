#include "cli_weights.h"

#include "args.h"
#include "nn/matrix_packing.h"
#include "quant/packed_cache.h"

#include <QCoreApplication>
#include <QStandardPaths>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace gc::cli {

void nameLikeTheApp()
{
    QCoreApplication::setOrganizationName(QStringLiteral("GroundChat"));
    QCoreApplication::setApplicationName(QStringLiteral("GroundChat"));
}

std::string weightCacheDir()
{
    nameLikeTheApp();
    return (QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/weights")).toStdString();
}

void setWeightLoading(runtime::LoadParams &params, const std::string &weights)
{
    params.settings.weights = weights;
    params.settings.weightCache = weightCacheDir();
    auto last = std::make_shared<std::string>();
    params.onProgress = [last](double, const std::string &stage) {
        if (stage == *last)
            return;
        *last = stage;
        if (stage == nn::MatrixPacking::kQuantising || stage == nn::MatrixPacking::kSaving ||
            stage == nn::MatrixPacking::kFromCache)
            std::fprintf(stderr, "groundchat-cli: %s\n", stage.c_str());
    };
}

int runCache(const std::vector<std::string> &argv)
{
    if (argv.empty() || (argv[0] != "info" && argv[0] != "clear"))
        throw UsageError("cache takes info or clear");
    const Args args({argv.begin() + 1, argv.end()}, {}, {"json"});
    namespace fs = std::filesystem;
    const std::string dir = weightCacheDir();
    uint64_t bytes = 0;
    nlohmann::json files = nlohmann::json::array();
    std::error_code ec;
    for (const fs::directory_entry &e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file(ec) && e.path().filename().string().find(".gcpack") != std::string::npos) {
            files.push_back(e.path().filename().string());
            bytes += e.file_size(ec);
        }
    const bool clear = argv[0] == "clear";
    const uint64_t removed = clear ? quant::trimPackedCache(dir, 0) : 0;
    if (args.has("json")) {
        nlohmann::json j = {{"folder", dir}, {"files", files}, {"bytes", bytes}};
        if (clear)
            j["removedBytes"] = removed;
        std::printf("%s\n", j.dump(2).c_str());
    } else if (clear) {
        std::printf("removed %.1f MB of packed weights from %s\n", double(removed) / 1e6, dir.c_str());
    } else {
        std::printf("%s: %zu file(s) of packed weights, %.1f MB\n", dir.c_str(), files.size(), double(bytes) / 1e6);
    }
    return 0;
}

} // namespace gc::cli
