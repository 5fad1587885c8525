#pragma once

// The session file (session_document.h) read into the annotation model and written from it, so the CLI and the
// app can export saved sessions and import datasets into new ones.

#include "dataset.h"
#include "formats.h"

#include <string>

namespace gc::annot {

// Session -> Dataset (a malformed file gives the error the app gives, SessionError::describe()):
//  - regions: user regions, and model regions with their accepted flag (fromModel/accepted);
//  - turns: the messages without errors, in order; assistant phrases from their entities; a user turn's
//    regions are the session regions its sent prompt wrote (decoded with the message's dialect and
//    matched by overlap, IoU >= 0.5);
//  - caption: the first assistant answer whose phrases cite regions;
//  - referring expressions: each labelled region (label -> region) and each answer phrase -> its regions.
[[nodiscard]] ImportResult readSession(const std::string &json, const std::string &name);
// Relative image paths are relative to the session file (as the app reads them), not the working directory.
[[nodiscard]] ImportResult readSessionFile(const std::string &path);

// Dataset -> session JSON (regions, turns as messages; captions and referring expressions have no place in a
// session and are dropped).
[[nodiscard]] std::string writeSession(const Dataset &d);

} // namespace gc::annot
