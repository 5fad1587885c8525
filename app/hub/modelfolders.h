#pragma once

// Model folders outside the Hugging Face cache that GroundChat knows of: the ones `models pull --dir` wrote and
// the ones the user chose or added. They are kept in the app's settings store (QSettings, so the CLI must name
// itself as the app does), which the CLI and the app share; a folder that no longer holds a config.json drops
// out of the list quietly.
#include "hubsnapshots.h"

// Adds `folder` (made absolute) to the list, with the repository and commit it came from when known.
void rememberModelFolder(const QString &folder, const QString &repoId = {}, const QString &commit = {});
// The remembered folders that still hold a config.json, as snapshots (repoId: the remembered one, else the
// folder's name); the others are forgotten.
[[nodiscard]] QList<HubSnapshot> rememberedModelFolders();
// Every model snapshot on disk that GroundChat knows of: the Hugging Face cache's, then the remembered folders
// that are not in it.
[[nodiscard]] QList<HubSnapshot> findModelSnapshots(const QString &cacheDir);
