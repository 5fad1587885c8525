#pragma once

#include <string>
#include <vector>

namespace gc::cli {

// models list|pull|ls|rm: the curated catalogue, downloads from the Hugging Face Hub (or a mirror) into its
// cache or a folder, the snapshots on disk of architectures GroundChat runs, and removing one.
int runModels(const std::vector<std::string> &argv);

// A --model value: a folder as given, or a repository id ("owner/name") whose refs/main snapshot is in the
// Hugging Face cache (what `models pull` fetched).
[[nodiscard]] std::string cachedModelFolder(const std::string &value);

} // namespace gc::cli
