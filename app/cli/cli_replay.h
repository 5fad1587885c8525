#pragma once

#include <string>
#include <vector>

namespace gc::cli {

// replay SESSION --video OUT.mp4|.webm|.gif [--size WxH] [--fps N] [--speed S] [--theme light|dark] [--lang ID]
//        [--title TEXT] [--caption]
// Presents a saved session in the app's own views, offscreen, and writes the video.
int runReplay(const std::vector<std::string> &argv);

} // namespace gc::cli
