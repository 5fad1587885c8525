#pragma once

#include <string>

namespace gc::cli {

// The built-in demo model (resources/models/demo-kosmos2), looked up like the app's demoModelPath():
// $GC_DEMO_MODEL, the install data dir next to the executable, then the source tree of this build.
// Empty when it is nowhere to be found.
[[nodiscard]] std::string demoModelDir();

} // namespace gc::cli
