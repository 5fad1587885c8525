#pragma once

// The in-process load's stages (runtime::LoadParams::onProgress names them in English, for logs and tests) as
// the app's loading indicator shows them, in the user's language.

#include <QString>

#include <string>

// `weights` is the format the load packs into ("q4", ...), named in the packing stages.
[[nodiscard]] QString loadStageText(const std::string &stage, const QString &weights);
