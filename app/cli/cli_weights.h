#pragma once

#include "runtime/local_model.h"

#include <string>
#include <vector>

namespace gc::cli {

// Names the process as app/main.cpp names the app, so that QStandardPaths and QSettings give the app's folders
// and settings store.
void nameLikeTheApp();
// Where a local model's matrices packed into a small format are kept between runs: the app's cache folder
// (QStandardPaths' CacheLocation for GroundChat, under $XDG_CACHE_HOME or ~/.cache) + "/weights", so the CLI
// and the app share it.
[[nodiscard]] std::string weightCacheDir();
// The load settings the commands that load a local model share: --weights (already checked) and the cache; the
// packing stages (quantising, saving, reading the cache) are told on stderr, once each, as they take a while.
void setWeightLoading(runtime::LoadParams &params, const std::string &weights);

// groundchat-cli cache [info|clear] [--json]
// info: the cache folder, its files and their size; clear: removes the packed weights kept there.
int runCache(const std::vector<std::string> &args);

} // namespace gc::cli
