#pragma once

// Crash-safe file writes for exports, session files and the batch journal.

#include <string>
#include <vector>

namespace gc::annot {

// Writes to "<path>.tmp-<pid>", flushes it to disk, then renames it over `path`: readers see the old file
// or the new one, never a torn one. Returns false and sets *error on failure (the temporary is removed).
bool writeFileAtomic(const std::string &path, const std::string &contents, std::string *error);

// Several files that appear together: every one is written to its temporary first, then all are renamed.
// When a write fails nothing is renamed.
bool writeFilesAtomic(const std::vector<std::pair<std::string, std::string>> &files, std::string *error);

// Appends one line and fsyncs, for journals: after a kill -9 the file ends with complete lines and at most
// one torn last line, which readers drop.
bool appendLineDurable(const std::string &path, const std::string &line, std::string *error);

} // namespace gc::annot
