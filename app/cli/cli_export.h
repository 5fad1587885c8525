#pragma once

#include <string>
#include <vector>

namespace gc::cli {

// groundchat-cli formats [--json]: the annotation formats, what they carry and their coordinate conventions.
int runFormats(const std::vector<std::string> &argv);
// groundchat-cli export --session FILE.gcsession --format ID --output PATH [--dialect ID] [--masks rle|rle-counts]
//   [--include-unaccepted] [--no-side-fields]
int runExport(const std::vector<std::string> &argv);
// groundchat-cli import --format ID --input PATH --output FILE.gcsession [--dialect ID]
int runImport(const std::vector<std::string> &argv);

} // namespace gc::cli
