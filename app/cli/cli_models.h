#pragma once

#include <string>
#include <vector>

namespace gc::cli {

// models list|pull|ls|rm: the curated catalogue, downloads from the Hugging Face Hub (or a mirror) into its
// cache or a folder, the snapshots on disk of architectures GroundChat runs, and removing one.
int runModels(const std::vector<std::string> &argv);

} // namespace gc::cli
