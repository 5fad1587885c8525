#pragma once

// The app's regions and messages in the session file's form (session_document.h) and back: what a file, the
// timeline's recorder and its replay share. A message saved mid-answer reads as stopped.

#include "documentstate.h"

#include "annotate/session_document.h"

[[nodiscard]] gc::annot::SessionRegion fileRegion(const RegionItem &r);
[[nodiscard]] RegionItem appRegion(const gc::annot::SessionRegion &f);
[[nodiscard]] gc::annot::SessionMessage fileMessage(const ChatMessage &m);
[[nodiscard]] ChatMessage appMessage(const gc::annot::SessionMessage &f);
