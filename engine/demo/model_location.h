#pragma once

#include <string>

namespace gc::demo {

// The built-in demo model (resources/models/demo-kosmos2), for the app and the CLI alike: $GC_DEMO_MODEL, the
// install data dir next to the executable (../share/groundchat/models/demo-kosmos2), then the source tree of
// this build (for runs from a build dir). Empty when it is nowhere to be found.
[[nodiscard]] std::string modelDir();

} // namespace gc::demo
