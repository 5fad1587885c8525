#pragma once

// The Hugging Face hub cache as huggingface_hub lays it out, so that snapshots are shared with Python tools
// both ways: {cache}/models--{owner}--{name}/{blobs,snapshots/{commit},refs/{revision}}.

#include <string>

namespace gc::io {

// HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub (huggingface_hub's constants).
[[nodiscard]] std::string hfHubCacheDir();

// "owner/name" → "models--owner--name".
[[nodiscard]] std::string hfRepoFolderName(const std::string &repoId);

// The snapshot folder of `repoId` at `revision` (a ref such as "main", or a commit hash) under `cacheDir`;
// "" when the cache has none.
[[nodiscard]] std::string hfSnapshotFolder(const std::string &cacheDir, const std::string &repoId,
                                           const std::string &revision = "main");

} // namespace gc::io
